/** Presence's time ranges, snapshot slots, retention and statistics, free of I/O. */

export const RETENTION_DAYS = 90;
/** `?days=` of the stats route: a range spans at most RETENTION_DAYS + 1 days. */
export const MAX_STATS_DAYS = RETENTION_DAYS + 1;
export const SNAPSHOT_INTERVAL_MINUTES = 5;

// ---------------------------------------------------------------------------------------------
// Time ranges, snapshots, retention.
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_MS = DAY_MS;
export const MAX_RANGE_MS = (RETENTION_DAYS + 1) * DAY_MS;

export type RangeResult =
  | { ok: true; from: Date; to: Date }
  | { ok: false; field: 'from' | 'to'; message: string };

/** `to` defaults to now and `from` to a day before `to`; a range must be forward and at most the retention long. */
export function resolveRange(from: Date | undefined, to: Date | undefined, nowMs: number): RangeResult {
  const end = to ?? new Date(nowMs);
  const start = from ?? new Date(end.getTime() - DEFAULT_RANGE_MS);
  if (Number.isNaN(end.getTime())) return { ok: false, field: 'to', message: 'to is not a valid date' };
  if (Number.isNaN(start.getTime())) return { ok: false, field: 'from', message: 'from is not a valid date' };
  if (start.getTime() >= end.getTime())
    return { ok: false, field: 'from', message: 'from must be before to' };
  if (end.getTime() - start.getTime() > MAX_RANGE_MS) {
    return { ok: false, field: 'from', message: `a range spans at most ${RETENTION_DAYS + 1} days` };
  }
  return { ok: true, from: start, to: end };
}

/**
 * The slot a snapshot belongs to: the start of its 5-minute interval. Keyed by (stage, slot), a
 * snapshot job that runs twice for the same slot writes once.
 */
export function snapshotSlot(nowMs: number, intervalMinutes = SNAPSHOT_INTERVAL_MINUTES): Date {
  const interval = intervalMinutes * 60_000;
  return new Date(Math.floor(nowMs / interval) * interval);
}

export function retentionCutoff(nowMs: number, days = RETENTION_DAYS): Date {
  return new Date(nowMs - days * DAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Statistics.
// ---------------------------------------------------------------------------------------------

/** What SQL aggregates over a range; `summarizeStats` turns it into the API's answer. */
export interface RawStageStats {
  snapshotCount: number;
  snapshotPeak: number | null;
  snapshotSum: number;
  totalSessions: number;
  uniqueViewers: number;
  totalWatchSeconds: number;
  /** The longest session that began in the range (an open one counting its time so far). */
  maxWatchSeconds: number;
  byCountry: { country: string | null; sessions: number; uniqueViewers: number; watchSeconds: number }[];
}

export interface StageStats {
  from: Date;
  to: Date;
  /** The highest count seen: snapshots of the range, and the live count when the range reaches now. */
  peakViewers: number;
  /** Mean of the snapshot counts (snapshots are evenly spaced); 0 without snapshots. */
  averageViewers: number;
  snapshots: number;
  totalSessions: number;
  uniqueViewers: number;
  totalWatchSeconds: number;
  averageWatchSeconds: number;
  maxWatchSeconds: number;
  byCountry: { country: string | null; sessions: number; uniqueViewers: number; watchSeconds: number }[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function summarizeStats(
  raw: RawStageStats,
  range: { from: Date; to: Date },
  liveCount: number | null,
): StageStats {
  const peak = Math.max(raw.snapshotPeak ?? 0, liveCount ?? 0);
  return {
    from: range.from,
    to: range.to,
    peakViewers: peak,
    averageViewers: raw.snapshotCount === 0 ? 0 : round2(raw.snapshotSum / raw.snapshotCount),
    snapshots: raw.snapshotCount,
    totalSessions: raw.totalSessions,
    uniqueViewers: raw.uniqueViewers,
    totalWatchSeconds: raw.totalWatchSeconds,
    averageWatchSeconds: raw.totalSessions === 0 ? 0 : round2(raw.totalWatchSeconds / raw.totalSessions),
    maxWatchSeconds: raw.maxWatchSeconds,
    // Most watched first; unknown country last among equals so that real countries lead.
    byCountry: [...raw.byCountry].sort(
      (a, b) =>
        b.sessions - a.sessions ||
        Number(a.country === null) - Number(b.country === null) ||
        (a.country ?? '').localeCompare(b.country ?? ''),
    ),
  };
}
