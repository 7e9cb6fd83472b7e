import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentViewers } from '../../api/stages.ts';
import type { CurrentViewer } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { formatDateTime, formatNumber, formatTime } from '../../lib/format.ts';

function who(viewer: CurrentViewer, anonymous: string): { name: string; detail: string } {
  if (viewer.user_id) return { name: viewer.name ?? viewer.user_id, detail: viewer.user_id };
  return { name: viewer.participant_id ?? '—', detail: anonymous };
}

/**
 * Who the live count counts right now: members by name, anonymous participants by their id, with
 * when they joined and their last heartbeat. Refetched every 5 s, and at once when the count moves.
 */
export function CurrentViewers({
  guildId,
  stageId,
  count,
}: {
  guildId: string;
  stageId: string;
  count: number | undefined;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = useId();
  const viewers = useCurrentViewers(guildId, stageId, true);
  const { refetch } = viewers;
  useEffect(() => {
    if (count !== undefined) void refetch();
  }, [count, refetch]);
  const data = viewers.data;
  const more = data ? data.viewer_count - data.viewers.length : 0;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('stages.viewers.title')}</h2>
      <p className="panel-caption">{t('stages.viewers.caption')}</p>
      {viewers.isError && !data ? (
        <ErrorPanel
          error={viewers.error}
          what={t('errors.what.currentViewers')}
          onRetry={() => void viewers.refetch()}
        />
      ) : !data ? (
        <Skeleton height="12rem" />
      ) : data.viewers.length === 0 ? (
        <EmptyState title={t('stages.viewers.empty')} />
      ) : (
        <table className="viewers-table">
          <caption className="visually-hidden">{t('stages.viewers.title')}</caption>
          <TableHead
            columns={[
              { label: t('stages.viewers.who') },
              { label: t('stages.viewers.source') },
              { label: t('stages.viewers.joined') },
              { label: t('stages.viewers.lastHeartbeat') },
            ]}
          />
          <tbody>
            {data.viewers.map((v) => {
              const person = who(v, t('stages.viewers.anonymous'));
              return (
                <tr key={v.session_id}>
                  <th scope="row">
                    <span className="viewer-name">{person.name}</span>
                    <span className="viewer-detail">{person.detail}</span>
                  </th>
                  <td>{t(`stages.viewers.sources.${v.source}`)}</td>
                  <td>
                    <span className="cell-label">{t('stages.viewers.joined')}: </span>
                    {formatDateTime(v.joined_at, lang)}
                  </td>
                  <td>
                    <span className="cell-label">{t('stages.viewers.lastHeartbeat')}: </span>
                    {v.last_heartbeat_at
                      ? formatTime(Date.parse(v.last_heartbeat_at), lang)
                      : t('stages.viewers.inVoice')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {more > 0 ? (
        <p className="muted">{t('stages.viewers.more', { count: more, value: formatNumber(more, lang) })}</p>
      ) : null}
    </section>
  );
}
