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
import { ProgressBar } from '../components/progress-bar.tsx';
import { SkeletonRows } from '../components/skeleton.tsx';
import { TableHead } from '../components/table-head.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import { useSession } from '../layout/session.tsx';
import { formatNumber } from '../lib/format.ts';
import { levelTitle, memberName, pageCount } from '../lib/karma.ts';
import { useDebounced } from '../lib/use-debounced.ts';

/** Members per page (the API's default, as in Discord's /leaderboard) and placeholder rows. */
const PAGE_SIZE = 10;
/** A search goes out once typing pauses this long, not on every key. */
const SEARCH_DELAY_MS = 300;
/** The API's longest name search (`q`); longer input would only earn a 400. */
const SEARCH_MAX = 100;

function Row({ entry, isMe, lang }: { entry: LeaderboardEntry; isMe: boolean; lang: string }) {
  const { t, i18n } = useTranslation();
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
        <span className="level-title">{levelTitle(i18n, entry.title)}</span>
        <ProgressBar
          fraction={entry.progress.fraction}
          label={t('leaderboard.progressLabel', { name })}
          valueText={
            entry.progress.nextRequired === null
              ? t('leaderboard.progressMax')
              : t('leaderboard.progressRemaining', {
                  karma: formatNumber(entry.progress.remaining, lang),
                  level: formatNumber(entry.level + 1, lang),
                })
          }
        />
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
  const q = useDebounced(search.trim(), SEARCH_DELAY_MS);
  const board = useLeaderboard(guildId, page, PAGE_SIZE, q);
  useDocumentTitle(t('nav.leaderboard'), guildName);
  const data = board.data;
  const rows = data?.items ?? [];
  // The answer on screen may still be the previous search's while the next one loads.
  const shownQuery = data?.query ?? '';
  const count = data ? pageCount(data.total, data.limit) : 1;
  // Members leave the ranking too: a page that no longer exists falls back to the last one.
  useEffect(() => {
    if (data && !board.isPlaceholderData && page > count) setPage(count);
  }, [data, board.isPlaceholderData, page, count]);

  return (
    <section aria-labelledby="page-title">
      <PageHeading
        aside={
          <p className="heading-meta" aria-live="polite">
            {!data
              ? '\u00a0'
              : shownQuery
                ? t('leaderboard.matches', { count: data.total, value: formatNumber(data.total, lang) })
                : t('leaderboard.ranked', { count: data.total, value: formatNumber(data.total, lang) })}
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
            maxLength={SEARCH_MAX}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
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
      ) : data && data.total === 0 && !shownQuery ? (
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
                  <td colSpan={4}>{t('leaderboard.noMatch', { query: shownQuery })}</td>
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
          onPage={setPage}
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
