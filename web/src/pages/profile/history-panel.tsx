import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useKarmaHistory } from '../../api/queries.ts';
import { CHART_HEIGHT, DailyChart } from '../../components/daily-chart.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { formatNumber } from '../../lib/format.ts';
import { historyPoints } from '../../lib/karma.ts';

/** Karma earned per UTC day over the last 30 days, drawn like the overview's messages per day. */
export function HistoryPanel({ guildId }: { guildId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const history = useKarmaHistory(guildId);
  const points = useMemo(() => (history.data ? historyPoints(history.data) : []), [history.data]);

  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('profile.history.heading')}</h2>
      <p className="panel-caption">{t('profile.history.caption')}</p>
      {history.isError && !history.data ? (
        <ErrorPanel
          error={history.error}
          what={t('errors.what.history')}
          onRetry={() => void history.refetch()}
        />
      ) : !history.data ? (
        <>
          <Skeleton height="1.25rem" width="12rem" className="readout-skeleton" />
          <Skeleton height={`${CHART_HEIGHT}px`} />
        </>
      ) : history.data.total === 0 ? (
        <EmptyState title={t('profile.history.empty')} />
      ) : (
        <DailyChart
          points={points}
          lang={lang}
          label={t('profile.history.heading')}
          valueHeader={t('profile.karma')}
          describeValue={(value) => t('profile.karmaAmount', { value: formatNumber(value, lang) })}
        />
      )}
    </section>
  );
}
