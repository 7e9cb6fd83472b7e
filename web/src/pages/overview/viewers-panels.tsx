import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { StreamMode } from '../../api/live.ts';
import { useGuildSnapshots } from '../../api/stages.ts';
import type { GuildViewers } from '../../api/types.ts';
import { CHART_HEIGHT } from '../../components/daily-chart.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { ViewersChart } from '../../components/viewers-chart.tsx';
import { formatNumber } from '../../lib/format.ts';
import { busiestStages, viewerSeries } from '../../lib/stages.ts';
import '../live.css';

/** Rows of "Live now": the panel keeps one height whatever the number of busy stages. */
const LIVE_ROWS = 6;

/** Whether the counts stream, or are polled because the stream failed. */
export function StreamNote({ mode, pollSeconds }: { mode: StreamMode; pollSeconds: number }) {
  const { t } = useTranslation();
  return (
    <p className={`task-connection ${mode}`}>
      <span className={`live-dot ${mode === 'polling' ? 'fallback' : ''}`} aria-hidden="true" />
      {mode === 'polling'
        ? t('viewers.polling', { seconds: pollSeconds })
        : mode === 'live'
          ? t('viewers.streaming')
          : t('viewers.connecting')}
    </p>
  );
}

/**
 * The overview's viewers: the last 24 hours of the guild's snapshots, ending with the live total,
 * and the stages someone is watching now, busiest first.
 */
export function ViewersPanels({
  guildId,
  live,
  mode,
  isAdmin,
}: {
  guildId: string;
  live: GuildViewers | undefined;
  mode: StreamMode;
  isAdmin: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const snapshots = useGuildSnapshots(guildId);
  const series = useMemo(() => {
    if (!snapshots.data) return undefined;
    const liveAt = live ? Date.parse(live.at) : undefined;
    return viewerSeries(
      snapshots.data.snapshots,
      Date.parse(snapshots.data.from),
      Date.parse(snapshots.data.to),
      live && liveAt !== undefined ? { at: liveAt, value: live.total_viewers } : undefined,
    );
  }, [snapshots.data, live]);
  const busiest = useMemo(() => (live ? busiestStages(live.stages) : []), [live]);
  const describe = (n: number) => t('viewers.count', { count: n, value: formatNumber(n, lang) });
  const noStages = live !== undefined && live.stages.length === 0;

  return (
    <div className="panels viewers-panels">
      <section className="panel" aria-labelledby="viewers-over-time">
        <h2 id="viewers-over-time">{t('overview.viewersOverTime')}</h2>
        <p className="panel-caption">{t('overview.viewersCaption')}</p>
        {snapshots.isError && !snapshots.data ? (
          <ErrorPanel
            error={snapshots.error}
            what={t('errors.what.viewerSnapshots')}
            onRetry={() => void snapshots.refetch()}
          />
        ) : !series ? (
          <>
            <Skeleton height="1.25rem" width="12rem" className="readout-skeleton" />
            <Skeleton height={`${CHART_HEIGHT}px`} />
          </>
        ) : (
          <ViewersChart
            points={series}
            lang={lang}
            label={t('overview.viewersOverTime')}
            describeValue={describe}
          />
        )}
      </section>
      <section className="panel live-now" aria-labelledby="live-now">
        <h2 id="live-now">{t('overview.liveNow')}</h2>
        <StreamNote mode={mode} pollSeconds={5} />
        {!live ? (
          <div className="live-now-list">
            {Array.from({ length: 4 }, (_v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
              <Skeleton key={i} height="1.75rem" />
            ))}
          </div>
        ) : busiest.length === 0 ? (
          <EmptyState title={noStages ? t('overview.noStages.title') : t('overview.nobodyLive')}>
            <p>{noStages ? t('overview.noStages.body') : t('overview.nobodyLiveBody')}</p>
            {isAdmin ? (
              <p>
                <Link href="/stages">{t('overview.manageStages')}</Link>
              </p>
            ) : null}
          </EmptyState>
        ) : (
          <ol className="live-now-list">
            {busiest.slice(0, LIVE_ROWS).map((s) => (
              <li key={s.stage_id} data-stage={s.stage_id}>
                <span className="live-now-name">
                  <span className="badge">{t(`stages.kind.${s.kind}`)}</span> {s.name}
                </span>
                <span className="live-now-count">{describe(s.viewer_count)}</span>
              </li>
            ))}
            {busiest.length > LIVE_ROWS ? (
              <li className="live-now-more">
                {t('overview.moreStages', { count: busiest.length - LIVE_ROWS })}
              </li>
            ) : null}
          </ol>
        )}
      </section>
    </div>
  );
}
