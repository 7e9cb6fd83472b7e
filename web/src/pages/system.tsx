import { useTranslation } from 'react-i18next';
import { useHealth, useReady } from '../api/queries.ts';
import type { ReadyPart } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorPanel } from '../components/error-panel.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { Skeleton } from '../components/skeleton.tsx';
import { TableHead } from '../components/table-head.tsx';
import { useDocumentTitle } from '../layout/document-title.ts';
import { useSession } from '../layout/session.tsx';
import { formatLatency, formatUptime } from '../lib/format.ts';
import { partLabelKey, partSummary } from '../lib/system.ts';

function StatusBadge({ status }: { status: ReadyPart['status'] }) {
  const { t } = useTranslation();
  return <span className={`status status-${status}`}>{t(`system.status.${status}`)}</span>;
}

const SKELETON_ROWS = 4;

/** The state of Hearth's parts from `/ready`, for admins; the API reference is one click away. */
export default function SystemPage() {
  const { t, i18n } = useTranslation();
  const { isAdmin } = useSession();
  const ready = useReady();
  const health = useHealth();
  useDocumentTitle(t('nav.system'));
  const lang = i18n.language;

  if (!isAdmin) {
    return (
      <section aria-labelledby="page-title">
        <PageHeading>{t('system.title')}</PageHeading>
        <EmptyState title={t('errors.adminOnly')} />
      </section>
    );
  }

  return (
    <section aria-labelledby="page-title">
      <PageHeading>{t('system.title')}</PageHeading>
      <div className="system-summary">
        <p className={`overall overall-${ready.data?.status ?? 'loading'}`} role="status">
          {ready.data ? t(`system.overall.${ready.data.status}`) : <Skeleton height="1.5rem" width="14rem" />}
        </p>
        <p className="system-meta">
          {health.data
            ? `${t('system.version', { version: health.data.version })} · ${t('system.uptime', {
                duration: formatUptime(health.data.uptimeSeconds, lang),
              })}`
            : '\u00a0'}
        </p>
      </div>
      {ready.isError && !ready.data ? (
        <ErrorPanel error={ready.error} what={t('errors.what.ready')} onRetry={() => void ready.refetch()} />
      ) : (
        <div className="panel table-panel">
          <table className="parts">
            <caption className="visually-hidden">{t('system.partsCaption')}</caption>
            <TableHead
              columns={[
                { label: t('system.part') },
                { label: t('system.state') },
                { label: t('system.latency'), numeric: true },
                { label: t('system.details') },
              ]}
            />
            <tbody>
              {ready.data
                ? ready.data.parts.map((part) => {
                    const key = partLabelKey(part.name);
                    return (
                      <tr key={part.name}>
                        <th scope="row">{key ? t(key) : part.name}</th>
                        <td>
                          <StatusBadge status={part.status} />
                        </td>
                        <td className="numeric">
                          {part.latencyMs === null ? '—' : formatLatency(part.latencyMs, lang)}
                        </td>
                        <td className="details">{partSummary(part, lang) || '—'}</td>
                      </tr>
                    );
                  })
                : Array.from({ length: SKELETON_ROWS }, (_v, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                    <tr key={i}>
                      <td colSpan={4}>
                        <Skeleton height="1.5rem" />
                      </td>
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="panel" aria-labelledby="api-docs">
        <h2 id="api-docs">{t('system.apiDocs')}</h2>
        <p>{t('system.apiDocsBody')}</p>
        <a className="button secondary" href="/docs">
          {t('system.openApiDocs')}
        </a>
      </section>
    </section>
  );
}
