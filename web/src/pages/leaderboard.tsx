import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect } from 'wouter';
import { useLeaderboard } from '../api/queries.ts';
import type { LeaderboardEntry } from '../api/types.ts';
import { Avatar, userAvatarUrl } from '../components/avatar.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { InlineError } from '../components/inline-error.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { Pager } from '../components/pager.tsx';
import { SkeletonRows } from '../components/skeleton.tsx';
import { TableHead } from '../components/table-head.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import { useSession } from '../layout/session.tsx';
import { formatNumber } from '../lib/format.ts';
import { filterByName, memberName, pageCount } from '../lib/karma.ts';

/** Members per page (the API's default, as in Discord's /leaderboard) and placeholder rows. */
const PAGE_SIZE = 10;

function Row({ entry, isMe, lang }: { entry: LeaderboardEntry; isMe: boolean; lang: string }) {
  const { t } = useTranslation();
  const name = memberName(entry);
  return (
    <tr className={isMe ? 'me' : undefined} aria-current={isMe ? 'true' : undefined}>
      <td className="rank numeric">
        <span className={entry.rank <= 3 ? `medal medal-${entry.rank}` : undefined}>{entry.rank}</span>
      </td>
      <th scope="row" className="member">
        <span className="member-cell">
          <Avatar name={name} src={userAvatarUrl(entry.userId, entry.avatar)} size={32} />
          <span className="member-name">{name}</span>
          {isMe ? <span className="badge accent">{t('leaderboard.you')}</span> : null}
        </span>
      </th>
      <td className="level">
        <span className="level-number">{formatNumber(entry.level, lang)}</span>
        <span className="level-title">{entry.title}</span>
      </td>
      <td className="numeric karma">{formatNumber(entry.karma, lang)}</td>
    </tr>
  );
}

function Leaderboard({ guildId, guildName, userId }: { guildId: string; guildName: string; userId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const searchId = useId();
  const board = useLeaderboard(guildId, page, PAGE_SIZE);
  useDocumentTitle(t('nav.leaderboard'), guildName);
  const data = board.data;
  const rows = data ? filterByName(data.items, search) : [];
  const count = data ? pageCount(data.total, data.limit) : 1;
  // Members leave the ranking too: a page that no longer exists falls back to the last one.
  useEffect(() => {
    if (data && !board.isPlaceholderData && page > count) setPage(count);
  }, [data, board.isPlaceholderData, page, count]);

  return (
    <section aria-labelledby="page-title">
      <PageHeading
        aside={
          <p className="heading-meta">
            {data
              ? t('leaderboard.ranked', { count: data.total, value: formatNumber(data.total, lang) })
              : '\u00a0'}
          </p>
        }
      >
        {t('leaderboard.title')}
      </PageHeading>
      <div className="toolbar">
        <div className="field">
          <label htmlFor={searchId}>{t('leaderboard.search')}</label>
          <input
            id={searchId}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-describedby={`${searchId}-hint`}
            autoComplete="off"
          />
          <p className="field-hint" id={`${searchId}-hint`}>
            {t('leaderboard.searchHint')}
          </p>
        </div>
      </div>
      {board.isError && data ? (
        <InlineError error={board.error} title={t('errors.failed', { what: t('errors.what.leaderboard') })} />
      ) : null}
      {board.isError && !data ? (
        <ErrorPanel
          error={board.error}
          what={t('errors.what.leaderboard')}
          onRetry={() => void board.refetch()}
        />
      ) : data && data.total === 0 ? (
        <EmptyState title={t('leaderboard.empty.title')}>
          <p>{t('leaderboard.empty.body')}</p>
        </EmptyState>
      ) : (
        <div className="panel table-panel">
          <table className="board" aria-busy={!data || board.isPlaceholderData}>
            <caption className="visually-hidden">
              {t('leaderboard.caption', { page: String(page), pages: String(count) })}
            </caption>
            <TableHead
              columns={[
                { label: t('leaderboard.rank'), numeric: true, className: 'rank' },
                { label: t('leaderboard.member') },
                { label: t('leaderboard.level'), className: 'level' },
                { label: t('leaderboard.karma'), numeric: true, className: 'karma' },
              ]}
            />
            <tbody className={board.isPlaceholderData ? 'stale' : undefined}>
              {!data ? (
                <SkeletonRows count={PAGE_SIZE} columns={4} height="1.5rem" />
              ) : rows.length === 0 ? (
                <tr className="no-match">
                  <td colSpan={4}>{t('leaderboard.noMatch', { query: search.trim() })}</td>
                </tr>
              ) : (
                rows.map((entry) => (
                  <Row key={entry.userId} entry={entry} isMe={entry.userId === userId} lang={lang} />
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      {data ? (
        <Pager
          page={page}
          count={count}
          label={t('leaderboard.pages')}
          busy={board.isPlaceholderData}
          onPage={(next) => {
            setPage(next);
            setSearch('');
          }}
        />
      ) : null}
      <p className="fine-print">{t('leaderboard.note')}</p>
    </section>
  );
}

/** The guild's members ranked by karma, a page at a time, live. */
export default function LeaderboardPage() {
  const { guild, me } = useSession();
  if (!guild) return <Redirect to="/guilds" replace />;
  return <Leaderboard key={guild.id} guildId={guild.id} guildName={guild.name} userId={me.user.id} />;
}
