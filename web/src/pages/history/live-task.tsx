import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/endpoints.ts';
import {
  HISTORY_POLL_MS,
  queryKeys,
  useCancelHistory,
  useHistoryTask,
  useRecordTask,
  withoutChannels,
} from '../../api/queries.ts';
import type { HistoryTask } from '../../api/types.ts';
import { useConfirmStep } from '../../components/confirm-step.ts';
import { Fact } from '../../components/fact.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { formatNumber } from '../../lib/format.ts';
import { formatEta, formatPercent, formatRate, isActiveTask, isNewer } from '../../lib/history.ts';
import { TaskStatusBadge } from './status-badge.tsx';
import { type StreamMode, useTaskStream } from './use-task-stream.ts';

/** Cancel with a confirmation step in place: real buttons, the safe choice focused. */
function CancelControl({
  guildId,
  task,
  onCancelled,
}: {
  guildId: string;
  task: HistoryTask;
  onCancelled: (task: HistoryTask) => void;
}) {
  const { t } = useTranslation();
  const cancel = useCancelHistory(guildId);
  const { confirming, setConfirming, keep, start } = useConfirmStep();

  if (!confirming) {
    return (
      <div className="task-actions">
        <button
          ref={start}
          type="button"
          className="button secondary"
          onClick={() => {
            cancel.reset();
            setConfirming(true);
          }}
        >
          {t('history.live.cancel')}
        </button>
        {cancel.isError ? <InlineError error={cancel.error} title={t('history.live.cancelFailed')} /> : null}
      </div>
    );
  }
  return (
    <fieldset className="task-actions confirm">
      <legend>{t('history.live.confirm', { id: task.id })}</legend>
      <button
        type="button"
        className="button danger"
        disabled={cancel.isPending}
        onClick={() =>
          cancel.mutate(task.id, {
            onSuccess: (cancelled) => {
              setConfirming(false);
              onCancelled(cancelled);
            },
            onError: () => setConfirming(false),
          })
        }
      >
        {cancel.isPending ? t('history.live.cancelling') : t('history.live.confirmYes')}
      </button>
      <button ref={keep} type="button" className="button secondary" onClick={() => setConfirming(false)}>
        {t('history.live.confirmNo')}
      </button>
    </fieldset>
  );
}

function ConnectionNote({ mode, active }: { mode: StreamMode; active: boolean }) {
  const { t } = useTranslation();
  if (!active) return <p className="task-connection">&nbsp;</p>;
  return (
    <p className={`task-connection ${mode}`}>
      <span className={`live-dot ${mode === 'polling' ? 'fallback' : ''}`} aria-hidden="true" />
      {mode === 'polling'
        ? t('history.live.polling', { seconds: HISTORY_POLL_MS / 1000 })
        : mode === 'live'
          ? t('history.live.streaming')
          : t('history.live.connecting')}
    </p>
  );
}

/** A pending task's phase is still `listing`, but nothing lists until a worker takes it. */
function phaseKey(task: HistoryTask): HistoryTask['phase'] | HistoryTask['status'] {
  if (task.status === 'pending') return 'pending';
  return isActiveTask(task.status) ? task.phase : task.status;
}

/**
 * The import being followed: progress bar, counts, rate and time left, updated from the task's
 * SSE stream, or by polling the task every 2 s when the stream fails. Stays on screen after the
 * import ends, at its final state, until the admin starts another.
 */
export function LiveTask({
  guildId,
  initial,
  onDismiss,
}: {
  guildId: string;
  initial: HistoryTask;
  onDismiss: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = useId();
  const client = useQueryClient();
  const record = useRecordTask(guildId);
  const [task, setTask] = useState(initial);
  const [ended, setEnded] = useState(!isActiveTask(initial.status));
  const active = isActiveTask(task.status);

  const accept = useCallback(
    (next: HistoryTask) => setTask((current) => (isNewer(next, current) ? next : current)),
    [],
  );
  const mode = useTaskStream(
    active ? api.historyStreamUrl(guildId, task.id) : null,
    (next) => {
      accept(next);
      record(next);
    },
    () => {
      setEnded(true);
      void client.invalidateQueries({ queryKey: queryKeys.history(guildId) });
    },
  );
  // Polls while the stream is down; after the end, one fetch for the final counts.
  const polled = useHistoryTask(guildId, task.id, {
    enabled: mode === 'polling' || ended,
    refetchInterval: mode === 'polling' && active ? HISTORY_POLL_MS : false,
  });
  useEffect(() => {
    if (!polled.data) return;
    accept(withoutChannels(polled.data));
    record(polled.data);
  }, [polled.data, accept, record]);

  const n = (value: number) => formatNumber(value, lang);
  const percent = formatPercent(task.percent, lang);
  const channels =
    task.channels_total > 0
      ? t('history.live.channelsValue', { done: n(task.channels_done), total: n(task.channels_total) })
      : '—';

  return (
    <section className="panel live-task" aria-labelledby={`${id}-title`}>
      <div className="live-task-head">
        <h2 id={`${id}-title`}>{t('history.live.title', { id: task.id })}</h2>
        <TaskStatusBadge status={task.status} />
      </div>
      <p className="live-task-phase" role="status">
        {t(`history.live.phase.${phaseKey(task)}`)}
      </p>
      <div className="live-progress">
        <ProgressBar
          fraction={task.percent / 100}
          label={t('history.live.progressLabel', { id: task.id })}
          valueText={percent}
        />
        <span className="live-percent">{percent}</span>
      </div>
      <dl className="facts">
        <Fact label={t('history.live.fetched')} value={n(task.messages_fetched)} />
        <Fact label={t('history.live.processed')} value={n(task.messages_processed)} />
        <Fact
          label={t('history.live.rate')}
          value={
            active ? t('history.live.rateValue', { value: formatRate(task.rate_per_second, lang) }) : '—'
          }
        />
        <Fact
          label={t('history.live.eta')}
          value={active && task.eta_seconds !== null ? formatEta(task.eta_seconds, lang) : '—'}
        />
        <Fact label={t('history.live.channels')} value={channels} />
        <Fact label={t('history.live.skipped')} value={n(task.channels_skipped)} />
      </dl>
      {task.last_error ? (
        <p className="notice error">{t('history.live.lastError', { message: task.last_error })}</p>
      ) : null}
      <div className="live-task-foot">
        <ConnectionNote mode={mode} active={active} />
        {active ? (
          <CancelControl guildId={guildId} task={task} onCancelled={accept} />
        ) : (
          <button type="button" className="button primary" onClick={onDismiss}>
            {t('history.live.another')}
          </button>
        )}
      </div>
    </section>
  );
}
