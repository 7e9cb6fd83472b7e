import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useStageSnapshots, useStageStats } from '../../api/stages.ts';
import type { StageStats as Stats } from '../../api/types.ts';
import { CHART_HEIGHT } from '../../components/daily-chart.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Fact } from '../../components/fact.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { ViewersChart } from '../../components/viewers-chart.tsx';
import { formatNumber } from '../../lib/format.ts';
import { formatWatch, viewerSeries } from '../../lib/stages.ts';

export const STATS_RANGES = [7, 30] as const;
export type StatsRange = (typeof STATS_RANGES)[number];
const COUNTRY_ROWS = 8;

function countryName(code: string | null, lang: string, unknown: string): string {
  if (!code) return unknown;
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** 7 or 30 days: a pair of toggle buttons, the chosen one pressed. */
export function RangeSwitch({ days, onChange }: { days: StatsRange; onChange: (days: StatsRange) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="range-switch">
      <legend className="visually-hidden">{t('stages.stats.range')}</legend>
      {STATS_RANGES.map((d) => (
        <button
          key={d}
          type="button"
          className={`button small ${d === days ? 'primary' : 'secondary'}`}
          aria-pressed={d === days}
          onClick={() => onChange(d)}
        >
          {t('stages.stats.days', { count: d })}
        </button>
      ))}
    </fieldset>
  );
}

function StatsFacts({ stats, lang }: { stats: Stats | undefined; lang: string }) {
  const { t } = useTranslation();
  const n = (v: number | undefined) => (v === undefined ? undefined : formatNumber(v, lang));
  const w = (v: number | undefined) => (v === undefined ? undefined : formatWatch(v, lang));
  const average =
    stats === undefined
      ? undefined
      : new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(stats.average_viewers);
  return (
    <dl className="facts stage-facts">
      <Fact label={t('stages.stats.peak')} value={n(stats?.peak_viewers)} />
      <Fact label={t('stages.stats.average')} value={average} />
      <Fact label={t('stages.stats.sessions')} value={n(stats?.total_sessions)} />
      <Fact label={t('stages.stats.unique')} value={n(stats?.unique_viewers)} />
      <Fact label={t('stages.stats.totalWatch')} value={w(stats?.total_watch_seconds)} />
      <Fact label={t('stages.stats.averageWatch')} value={w(stats?.average_watch_seconds)} />
      <Fact label={t('stages.stats.longestWatch')} value={w(stats?.max_watch_seconds)} />
    </dl>
  );
}

/**
 * A stage's statistics over the last 7 or 30 days and its snapshots as a chart that ends with the
 * live count, plus sessions by country.
 */
export function StageStatsPanel({
  guildId,
  stageId,
  days,
  onDays,
  live,
}: {
  guildId: string;
  stageId: string;
  days: StatsRange;
  onDays: (days: StatsRange) => void;
  live: { at: number; value: number } | undefined;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = useId();
  const stats = useStageStats(guildId, stageId, days);
  const snapshots = useStageSnapshots(guildId, stageId, days);
  const series = useMemo(
    () =>
      snapshots.data
        ? viewerSeries(
            snapshots.data.snapshots,
            Date.parse(snapshots.data.from),
            Date.parse(snapshots.data.to),
            live,
          )
        : undefined,
    [snapshots.data, live],
  );
  const describe = (v: number) => t('viewers.count', { count: v, value: formatNumber(v, lang) });
  const countries = stats.data?.by_country.slice(0, COUNTRY_ROWS) ?? [];

  return (
    <section
      className="panel stage-stats"
      aria-labelledby={`${id}-title`}
      aria-busy={stats.isPlaceholderData}
    >
      <div className="panel-head">
        <h2 id={`${id}-title`}>{t('stages.stats.title')}</h2>
        <RangeSwitch days={days} onChange={onDays} />
      </div>
      {stats.isError && !stats.data ? (
        <ErrorPanel
          error={stats.error}
          what={t('errors.what.stageStats')}
          onRetry={() => void stats.refetch()}
        />
      ) : (
        <StatsFacts stats={stats.data} lang={lang} />
      )}
      <h3 className="subheading">{t('stages.stats.overTime')}</h3>
      {snapshots.isError && !snapshots.data ? (
        <ErrorPanel
          error={snapshots.error}
          what={t('errors.what.viewerSnapshots')}
          onRetry={() => void snapshots.refetch()}
        />
      ) : series ? (
        <ViewersChart
          points={series}
          lang={lang}
          label={t('stages.stats.overTime')}
          describeValue={describe}
        />
      ) : (
        <>
          <Skeleton height="1.25rem" width="12rem" className="readout-skeleton" />
          <Skeleton height={`${CHART_HEIGHT}px`} />
        </>
      )}
      <h3 className="subheading">{t('stages.stats.byCountry')}</h3>
      {stats.data && countries.length === 0 ? (
        <p className="muted">{t('stages.stats.noSessions')}</p>
      ) : (
        <table className="country-table">
          <caption className="visually-hidden">{t('stages.stats.byCountry')}</caption>
          <TableHead
            columns={[
              { label: t('stages.stats.country') },
              { label: t('stages.stats.sessions'), numeric: true },
              { label: t('stages.stats.unique'), numeric: true },
              { label: t('stages.stats.totalWatch'), numeric: true },
            ]}
          />
          <tbody>
            {countries.map((c) => (
              <tr key={c.country ?? 'unknown'}>
                <th scope="row">{countryName(c.country, lang, t('stages.stats.unknownCountry'))}</th>
                <td className="numeric">{formatNumber(c.sessions, lang)}</td>
                <td className="numeric">{formatNumber(c.unique_viewers, lang)}</td>
                <td className="numeric">{formatWatch(c.watch_seconds, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
