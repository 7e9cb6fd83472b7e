/** Readiness rules, free of I/O so they can be tested exhaustively. */

export type PartStatus = 'up' | 'degraded' | 'down';

export interface PartReport {
  name: string;
  status: PartStatus;
  latencyMs: number | null;
  message?: string;
  details?: Record<string, unknown>;
}

export interface ReadinessReport {
  status: 'ready' | 'degraded' | 'unavailable';
  parts: PartReport[];
}

/** Down parts make the process unready (503); degraded ones are reported but still serve. */
export function summarize(parts: PartReport[]): ReadinessReport {
  const status = parts.some((p) => p.status === 'down')
    ? 'unavailable'
    : parts.some((p) => p.status === 'degraded')
      ? 'degraded'
      : 'ready';
  return { status, parts };
}

export const HEARTBEAT_INTERVAL_SECONDS = 60;
/** Three missed minutes means no worker is running the cron schedules. */
export const HEARTBEAT_STALE_AFTER_SECONDS = HEARTBEAT_INTERVAL_SECONDS * 3;

export function heartbeatStatus(
  lastRunAt: Date | null,
  now: Date,
  processStartedAt: Date,
): { status: PartStatus; message?: string } {
  const staleMs = HEARTBEAT_STALE_AFTER_SECONDS * 1000;
  if (lastRunAt === null) {
    return now.getTime() - processStartedAt.getTime() > staleMs
      ? { status: 'degraded', message: 'no heartbeat job has run yet: is a worker running?' }
      : { status: 'up', message: 'waiting for the first heartbeat job' };
  }
  if (now.getTime() - lastRunAt.getTime() > staleMs) {
    return {
      status: 'degraded',
      message: `last heartbeat job ran ${Math.round((now.getTime() - lastRunAt.getTime()) / 1000)} s ago: are workers running?`,
    };
  }
  return { status: 'up' };
}
