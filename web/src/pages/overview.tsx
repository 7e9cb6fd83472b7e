import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect } from 'wouter';
import { useGuildStats, useGuildViewers } from '../api/live.ts';
import { useGuildQuests, useGuilds } from '../api/queries.ts';
import { ChannelBars } from '../components/channel-bars.tsx';
import { CHART_HEIGHT, DailyChart } from '../components/daily-chart.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { InlineError } from '../components/inline-error.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { Skeleton } from '../components/skeleton.tsx';
import { StatCard } from '../components/stat-card.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import { useSession } from '../layout/session.tsx';
import { formatNumber, formatTime } from '../lib/format.ts';
import { overviewNumbers } from '../lib/overview.ts';
import { activeQuestFigures, GuildQuestsPanel } from './overview/quests-panel.tsx';
import { ViewersPanels } from './overview/viewers-panels.tsx';

/** When the numbers were last refreshed; red when the latest refresh failed. */
function LiveStamp({
  updatedAt,
  fetching,
  failed,
}: {
  updatedAt: number;
  fetching: boolean;
  failed: boolean;
}) {
  const { t, i18n } = useTranslation();
  const dot = failed ? 'live-dot failed' : fetching ? 'live-dot fetching' : 'live-dot';
  const text = failed
    ? t('overview.stale')
    : updatedAt > 0
      ? t('overview.updated', { time: formatTime(updatedAt, i18n.language) })
      : t('app.loading');
  return (
    <p className="live-stamp">
      <span className={dot} aria-hidden="true" />
      {text}
    </p>
  );
}

function Overview({ guildId, guildName, isAdmin }: { guildId: string; guildName: string; isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // Statistics and viewers come live over their streams (polled only while a stream is down).
  const { query: stats } = useGuildStats(guildId);
  const guilds = useGuilds();
  const quests = useGuildQuests(guildId);
  const questFigures = useMemo(() => activeQuestFigures(quests.data), [quests.data]);
  const viewers = useGuildViewers(guildId);
  const live = viewers.query.data;
  useDocumentTitle(t('nav.overview'), guildName);
  const numbers = useMemo(() => (stats.data ? overviewNumbers(stats.data) : undefined), [stats.data]);
  const daily = useMemo(
    () => numbers?.daily.map((p) => ({ day: p.day, value: p.messages })) ?? [],
    [numbers],
  );
  const members = guilds.data?.find((g) => g.id === guildId)?.members;
  const show = (n: number | undefined) => (n === undefined ? undefined : formatNumber(n, lang));
  const failedFirst = stats.isError && !stats.data;

  return (
    <section aria-labelledby="page-title">
      <PageHeading
        aside={
          <LiveStamp updatedAt={stats.dataUpdatedAt} fetching={stats.isFetching} failed={stats.isError} />
        }
      >
        {t('overview.title')}
      </PageHeading>
      <dl className="stat-grid six">
        <StatCard label={t('overview.members')} value={guilds.isError ? '—' : show(members)} />
        <StatCard
          label={t('overview.messagesToday')}
          value={failedFirst ? '—' : show(numbers?.messagesToday)}
          hint={t('overview.utcDay')}
        />
        <StatCard
          label={t('overview.activeMembers')}
          value={failedFirst ? '—' : show(numbers?.activeMembers)}
          hint={t('overview.last30')}
        />
        <StatCard
          label={t('overview.messages30')}
          value={failedFirst ? '—' : show(numbers?.messagesInRange)}
          hint={t('overview.last30')}
        />
        <StatCard
          label={t('overview.activeQuests')}
          value={quests.isError && !questFigures ? '—' : show(questFigures?.active)}
          hint={
            questFigures
              ? t('overview.questsHint', {
                  count: questFigures.completedToday,
                  value: show(questFigures.completedToday),
                })
              : '\u00a0'
          }
        />
        <StatCard
          label={t('overview.liveViewers')}
          value={viewers.query.isError && !live ? '—' : show(live?.total_viewers)}
          hint={
            live
              ? t('overview.acrossStages', { count: live.stages.length, value: show(live.stages.length) })
              : '\u00a0'
          }
        />
      </dl>
      {guilds.isError ? (
        <InlineError error={guilds.error} title={t('errors.failed', { what: t('errors.what.guilds') })} />
      ) : null}
      {viewers.query.isError ? (
        <InlineError
          error={viewers.query.error}
          title={t('errors.failed', { what: t('errors.what.liveViewers') })}
        />
      ) : null}
      {stats.isError && stats.data ? (
        <InlineError error={stats.error} title={t('errors.failed', { what: t('errors.what.liveUpdate') })} />
      ) : null}

      {failedFirst ? (
        <ErrorPanel error={stats.error} what={t('errors.what.stats')} onRetry={() => void stats.refetch()} />
      ) : (
        <div className="panels">
          <section className="panel" aria-labelledby="per-day">
            <h2 id="per-day">{t('overview.perDay')}</h2>
            <p className="panel-caption">{t('overview.perDayCaption')}</p>
            {!numbers ? (
              <>
                <Skeleton height="1.25rem" width="12rem" className="readout-skeleton" />
                <Skeleton height={`${CHART_HEIGHT}px`} />
              </>
            ) : numbers.empty ? (
              <EmptyState title={t('overview.empty.title')}>
                <p>{t('overview.empty.body')}</p>
              </EmptyState>
            ) : (
              <DailyChart
                points={daily}
                lang={lang}
                label={t('overview.perDay')}
                valueHeader={t('overview.messages')}
                describeValue={(n) => t('overview.messagesCount', { count: n, value: formatNumber(n, lang) })}
              />
            )}
          </section>
          <section className="panel" aria-labelledby="per-channel">
            <h2 id="per-channel">{t('overview.perChannel')}</h2>
            <p className="panel-caption">{t('overview.perChannelCaption')}</p>
            {!numbers ? (
              <div className="channel-skeleton">
                {[0, 1, 2, 3, 4, 5].map((i) => (
                  <Skeleton key={i} height="1.5rem" />
                ))}
              </div>
            ) : numbers.channels.length === 0 ? (
              <EmptyState title={t('overview.empty.title')}>
                <p>{t('overview.empty.channels')}</p>
              </EmptyState>
            ) : (
              <ChannelBars channels={numbers.channels} lang={lang} />
            )}
          </section>
        </div>
      )}
      <ViewersPanels guildId={guildId} live={live} mode={viewers.mode} isAdmin={isAdmin} />
      <GuildQuestsPanel quests={quests} />
    </section>
  );
}

/** The guild at a glance: members, today's and the month's activity, its viewers, live. */
export default function OverviewPage() {
  const { guild, isAdmin } = useSession();
  if (!guild) return <Redirect to="/guilds" replace />;
  // Keyed by guild: switching guilds starts from a clean page, never the old guild's numbers.
  return <Overview key={guild.id} guildId={guild.id} guildName={guild.name} isAdmin={isAdmin} />;
}
