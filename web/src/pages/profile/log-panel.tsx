import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKarmaLogs } from '../../api/queries.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Pager } from '../../components/pager.tsx';
import { SkeletonRows } from '../../components/skeleton.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { formatDateTime, formatDelta } from '../../lib/format.ts';
import { logReason, pageCount } from '../../lib/karma.ts';

const PAGE_SIZE = 10;

/** The member's karma ledger, newest first, a page at a time. */
export function LogPanel({ guildId }: { guildId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [page, setPage] = useState(1);
  const logs = useKarmaLogs(guildId, page, PAGE_SIZE);
  const data = logs.data;
  const count = data ? pageCount(data.total, data.limit) : 1;
  useEffect(() => {
    if (data && !logs.isPlaceholderData && page > count) setPage(count);
  }, [data, logs.isPlaceholderData, page, count]);

  return (
    <section className="panel table-panel log-panel" aria-labelledby="log-heading">
      <h2 id="log-heading">{t('profile.log.heading')}</h2>
      {logs.isError && !data ? (
        <ErrorPanel error={logs.error} what={t('errors.what.log')} onRetry={() => void logs.refetch()} />
      ) : data && data.total === 0 ? (
        <EmptyState title={t('profile.log.empty')} />
      ) : (
        <table className="log" aria-busy={!data || logs.isPlaceholderData}>
          <caption className="visually-hidden">{t('profile.log.heading')}</caption>
          <TableHead
            columns={[
              { label: t('profile.log.when') },
              { label: t('profile.log.source') },
              { label: t('profile.log.reason') },
              { label: t('profile.karma'), numeric: true },
            ]}
          />
          <tbody className={logs.isPlaceholderData ? 'stale' : undefined}>
            {!data ? (
              <SkeletonRows count={PAGE_SIZE} columns={4} height="1.25rem" />
            ) : (
              data.items.map((item) => (
                <tr key={`${item.source}:${item.sourceId}`}>
                  <td className="when">{formatDateTime(item.createdAt, lang)}</td>
                  <td>{t(`profile.log.sources.${item.source}`)}</td>
                  <td className="reason">{logReason(item)}</td>
                  <td className={`numeric delta ${item.delta < 0 ? 'negative' : 'positive'}`}>
                    {formatDelta(item.delta, lang)}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
      {data ? (
        <Pager
          page={page}
          count={count}
          label={t('profile.log.pages')}
          busy={logs.isPlaceholderData}
          onPage={setPage}
        />
      ) : null}
    </section>
  );
}
