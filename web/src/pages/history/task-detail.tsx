import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { HISTORY_POLL_MS, useHistoryTask } from '../../api/queries.ts';
import type { HistoryTaskChannel, HistoryTaskDetail } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Fact } from '../../components/fact.tsx';
import { Skeleton, SkeletonRows } from '../../components/skeleton.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { channelCounts, channelKind, isActiveTask, orderTaskChannels } from '../../lib/history.ts';
import { ChannelStatusBadge, TaskStatusBadge } from './status-badge.tsx';

const SKELETON_ROWS = 4;
const SUMMARY_ORDER = ['done', 'running', 'pending', 'skipped', 'failed'] as const;

function ChannelRow({ channel, parent }: { channel: HistoryTaskChannel; parent: string | undefined }) {
  const { t, i18n } = useTranslation();
  const kind = channelKind(channel.type);
  return (
    <tr className={parent ? 'thread' : undefined} data-status={channel.status}>
      <th scope="row" className="channel-cell">
        <span className="channel-option-name">#{channel.name}</span>
        {parent ? (
          <span className="channel-parent">{t('history.detail.threadOf', { parent })}</span>
        ) : kind === 'text' ? null : (
          <span className="badge">{t(`history.channelKind.${kind}`)}</span>
        )}
      </th>
      <td>
        <ChannelStatusBadge status={channel.status} />
      </td>
      <td className="numeric">
        <span className="cell-label">{t('history.detail.messages')}: </span>
        {formatNumber(channel.messages, i18n.language)}
      </td>
      <td className={channel.error ? 'details' : 'details none'}>{channel.error ?? '—'}</td>
    </tr>
  );
}

function Facts({ task }: { task: HistoryTaskDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = (value: number) => formatNumber(value, lang);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, lang) : '—');
  const facts: [string, string][] = [
    [
      t('history.detail.scope'),
      task.channel_ids === null
        ? t('history.detail.allChannels')
        : t('history.detail.picked', { count: task.channel_ids.length, value: n(task.channel_ids.length) }),
    ],
    [
      t('history.detail.since'),
      task.since ? formatDateTime(task.since, lang) : t('history.detail.beginning'),
    ],
    [t('history.detail.until'), task.until ? formatDateTime(task.until, lang) : t('history.detail.creation')],
    [
      t('history.detail.karma'),
      task.award_karma ? t('history.detail.karmaPaid') : t('history.detail.karmaNotPaid'),
    ],
    [t('history.live.fetched'), n(task.messages_fetched)],
    [t('history.live.processed'), n(task.messages_processed)],
    [t('history.detail.pages'), n(task.pages_fetched)],
    [t('history.detail.attempts'), n(task.attempts)],
    [t('history.detail.started'), when(task.started_at)],
    [t('history.list.finished'), when(task.finished_at)],
  ];
  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <Fact key={label} label={label} value={value} />
      ))}
    </dl>
  );
}

/**
 * One import's settings and each of its channels: status, messages and error, so a channel the
 * bot could not read (skipped, 403) or that kept failing is plain to see. Refreshes while the
 * import runs.
 */
export function TaskDetail({
  guildId,
  taskId,
  id,
  onClose,
}: {
  guildId: string;
  taskId: string;
  /** The panel's id, which the list's buttons point at (`aria-controls`). */
  id: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const heading = useRef<HTMLHeadingElement>(null);
  const detail = useHistoryTask(guildId, taskId, {
    refetchInterval: (task) => (task && isActiveTask(task.status) ? HISTORY_POLL_MS : false),
  });
  // Opened from the list: bring it into view and move the keyboard there.
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  const task = detail.data;
  const channels = task ? orderTaskChannels(task.channels) : undefined;
  const names = new Map(task?.channels.map((c) => [c.channel_id, c.name]));
  const counts = task ? channelCounts(task.channels) : undefined;
  const summary = counts
    ? SUMMARY_ORDER.filter((s) => counts.has(s))
        .map((s) =>
          t(`history.detail.count.${s}`, {
            count: counts.get(s) ?? 0,
            value: formatNumber(counts.get(s) ?? 0, lang),
          }),
        )
        .join(' · ')
    : '';

  return (
    <section className="panel task-detail" id={id} aria-labelledby={`${id}-title`}>
      <div className="live-task-head">
        <h2 id={`${id}-title`} tabIndex={-1} ref={heading}>
          {t('history.detail.title', { id: taskId })}
        </h2>
        {task ? <TaskStatusBadge status={task.status} /> : null}
        <button type="button" className="button secondary small detail-close" onClick={onClose}>
          {t('history.detail.close')}
        </button>
      </div>
      {detail.isError && !task ? (
        <ErrorPanel
          error={detail.error}
          what={t('errors.what.historyTask')}
          onRetry={() => void detail.refetch()}
        />
      ) : (
        <>
          {task ? <Facts task={task} /> : <Skeleton height="7.5rem" />}
          {task?.last_error ? (
            <p className="notice error">{t('history.live.lastError', { message: task.last_error })}</p>
          ) : null}
          <h3 className="detail-subtitle">{t('history.detail.channels')}</h3>
          <p className="panel-caption">{summary || '\u00a0'}</p>
          {channels && channels.length === 0 ? (
            <EmptyState title={t('history.detail.noChannels')} />
          ) : (
            <div className="table-scroll">
              <table className="task-channels" aria-busy={!channels}>
                <caption className="visually-hidden">{t('history.detail.caption', { id: taskId })}</caption>
                <TableHead
                  columns={[
                    { label: t('history.detail.channel') },
                    { label: t('history.list.status') },
                    { label: t('history.detail.messages'), numeric: true },
                    { label: t('history.detail.error') },
                  ]}
                />
                <tbody>
                  {channels ? (
                    channels.map((c) => (
                      <ChannelRow
                        key={c.channel_id}
                        channel={c}
                        parent={c.parent_id === null ? undefined : names.get(c.parent_id)}
                      />
                    ))
                  ) : (
                    <SkeletonRows count={SKELETON_ROWS} columns={4} height="1.5rem" />
                  )}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
