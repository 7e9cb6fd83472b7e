import { useTranslation } from 'react-i18next';
import type { HistoryTaskStatus } from '../../api/types.ts';

const TASK_TONE: Record<HistoryTaskStatus, string> = {
  pending: 'busy',
  running: 'busy',
  completed: 'up',
  failed: 'down',
  cancelled: 'muted',
};

export function TaskStatusBadge({ status }: { status: HistoryTaskStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status status-${TASK_TONE[status]} task-status`} data-status={status}>
      {t(`history.status.${status}`)}
    </span>
  );
}

const CHANNEL_STATUSES = ['pending', 'running', 'done', 'skipped', 'failed'] as const;
type ChannelStatus = (typeof CHANNEL_STATUSES)[number];
const CHANNEL_TONE: Record<ChannelStatus, string> = {
  pending: 'muted',
  running: 'busy',
  done: 'up',
  skipped: 'degraded',
  failed: 'down',
};

function isChannelStatus(status: string): status is ChannelStatus {
  return (CHANNEL_STATUSES as readonly string[]).includes(status);
}

/** A channel's status; the API types it as a string, so an unknown one shows as it comes. */
export function ChannelStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  if (!isChannelStatus(status)) return <span className="status status-muted">{status}</span>;
  return (
    <span className={`status status-${CHANNEL_TONE[status]}`} data-status={status}>
      {t(`history.channelStatus.${status}`)}
    </span>
  );
}
