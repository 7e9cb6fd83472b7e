import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HISTORY_PAGE_SIZE, useHistoryTasks } from '../../api/queries.ts';
import type { HistoryTask } from '../../api/types.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { SkeletonRows } from '../../components/skeleton.tsx';
import { TableHead } from '../../components/table-head.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { formatPercent, isActiveTask } from '../../lib/history.ts';
import { TaskStatusBadge } from './status-badge.tsx';

const SKELETON_ROWS = 3;

/** The id of a row's Channels button, where the focus goes back when its detail closes. */
export function toggleId(detailId: string, taskId: string): string {
  return `${detailId}-toggle-${taskId}`;
}

function TaskRow({
  task,
  userId,
  selected,
  detailId,
  onSelect,
}: {
  task: HistoryTask;
  userId: string;
  selected: boolean;
  detailId: string;
  onSelect: (taskId: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const requester =
    task.requested_by === null
      ? '—'
      : task.requested_by === userId
        ? t('history.list.you')
        : task.requested_by;
  return (
    <tr className={selected ? 'selected' : undefined} data-task={task.id}>
      <th scope="row" className="task-when">
        <span className="task-id">{t('history.list.task', { id: task.id })}</span>
        <span className="task-created">{formatDateTime(task.created_at, lang)}</span>
      </th>
      <td className="task-state">
        <TaskStatusBadge status={task.status} />
        {isActiveTask(task.status) ? (
          <span className="task-percent">{formatPercent(task.percent, lang)}</span>
        ) : null}
      </td>
      <td className="task-finished">
        <span className="cell-label">{t('history.list.finished')}: </span>
        {task.finished_at ? formatDateTime(task.finished_at, lang) : '—'}
      </td>
      <td className="numeric task-messages">
        <span className="cell-label">{t('history.list.messages')}: </span>
        {formatNumber(task.messages_processed, lang)}
      </td>
      <td className="task-requester">
        <span className="cell-label">{t('history.list.requestedBy')}: </span>
        {requester}
      </td>
      <td className={task.last_error ? 'task-error' : 'task-error none'}>
        {task.last_error ? <span className="cell-label">{t('history.list.lastError')}: </span> : null}
        {task.last_error ?? '—'}
      </td>
      <td className="task-action">
        <button
          id={toggleId(detailId, task.id)}
          type="button"
          className={`button small ${selected ? 'primary' : 'secondary'}`}
          aria-expanded={selected}
          aria-controls={selected ? detailId : undefined}
          aria-label={t(selected ? 'history.list.hideChannelsOf' : 'history.list.showChannelsOf', {
            id: task.id,
          })}
          onClick={() => onSelect(selected ? null : task.id)}
        >
          {t(selected ? 'history.list.hideChannels' : 'history.list.showChannels')}
        </button>
      </td>
    </tr>
  );
}

/**
 * The guild's imports, newest first, twenty a page: status, when, messages, who asked and the
 * last error. A row's button opens its channels below the list.
 */
export function TaskList({
  guildId,
  userId,
  selectedId,
  detailId,
  onSelect,
}: {
  guildId: string;
  userId: string;
  selectedId: string | null;
  detailId: string;
  onSelect: (taskId: string | null) => void;
}) {
  const { t } = useTranslation();
  // Cursors of the pages behind this one: "newer" pops, "older" pushes the last id shown.
  const [cursors, setCursors] = useState<string[]>([]);
  const before = cursors.at(-1);
  const list = useHistoryTasks(guildId, before);
  const tasks = list.data?.tasks;
  const last = tasks?.at(-1);

  let body: ReactNode;
  if (list.isError && !tasks) {
    body = (
      <ErrorPanel
        error={list.error}
        what={t('errors.what.historyTasks')}
        onRetry={() => void list.refetch()}
      />
    );
  } else if (tasks && tasks.length === 0 && before === undefined) {
    body = (
      <EmptyState title={t('history.list.empty.title')}>
        <p>{t('history.list.empty.body')}</p>
      </EmptyState>
    );
  } else {
    body = (
      <div className="panel table-panel">
        <table className="tasks" aria-busy={!tasks || list.isPlaceholderData}>
          <caption className="visually-hidden">{t('history.list.caption')}</caption>
          <TableHead
            columns={[
              { label: t('history.list.import') },
              { label: t('history.list.status') },
              { label: t('history.list.finished') },
              { label: t('history.list.messages'), numeric: true },
              { label: t('history.list.requestedBy') },
              { label: t('history.list.lastError') },
              { label: t('history.list.channels'), hidden: true },
            ]}
          />
          <tbody>
            {tasks ? (
              tasks.map((task) => (
                <TaskRow
                  key={task.id}
                  task={task}
                  userId={userId}
                  selected={task.id === selectedId}
                  detailId={detailId}
                  onSelect={onSelect}
                />
              ))
            ) : (
              <SkeletonRows count={SKELETON_ROWS} columns={7} height="2.25rem" />
            )}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <section className="task-list" aria-labelledby="history-tasks">
      <h2 className="section-title" id="history-tasks">
        {t('history.list.title')}
      </h2>
      {list.isError && tasks ? (
        <InlineError error={list.error} title={t('errors.failed', { what: t('errors.what.historyTasks') })} />
      ) : null}
      {body}
      {cursors.length > 0 || (tasks && tasks.length === HISTORY_PAGE_SIZE) ? (
        <nav className="pager" aria-label={t('history.list.pages')}>
          <button
            type="button"
            className="button secondary small"
            disabled={cursors.length === 0}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {t('history.list.newer')}
          </button>
          <button
            type="button"
            className="button secondary small"
            disabled={!last || (tasks?.length ?? 0) < HISTORY_PAGE_SIZE}
            onClick={() => last && setCursors((c) => [...c, last.id])}
          >
            {t('history.list.older')}
          </button>
        </nav>
      ) : null}
    </section>
  );
}
