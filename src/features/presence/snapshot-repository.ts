/**
 * The owner of `viewer_stats_snapshots`: every 5 minutes, each active stage's exact count. Written
 * by the snapshot job, read for statistics and charts, and removed by retention.
 */
import type { Queryable } from '../../platform/db/port.ts';
import type { RawStageStats } from './domain/index.ts';

export interface SnapshotRow {
  stageId: string;
  takenAt: Date;
  viewerCount: number;
}

/** One statement for every active stage; a retried job for the same slot writes nothing new. */
export async function insertSnapshots(q: Queryable, snapshots: readonly SnapshotRow[]): Promise<number> {
  if (snapshots.length === 0) return 0;
  const { rowCount } = await q.query(
    `INSERT INTO viewer_stats_snapshots (stage_id, taken_at, viewer_count)
     SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::integer[])
     ON CONFLICT (stage_id, taken_at) DO NOTHING`,
    [
      snapshots.map((s) => s.stageId),
      snapshots.map((s) => s.takenAt.toISOString()),
      snapshots.map((s) => s.viewerCount),
    ],
  );
  return rowCount;
}

export async function listSnapshots(
  q: Queryable,
  stageId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<SnapshotRow[]> {
  const { rows } = await q.query<{ taken_at: Date; viewer_count: number }>(
    `SELECT taken_at, viewer_count FROM viewer_stats_snapshots
     WHERE stage_id = $1 AND taken_at >= $2 AND taken_at <= $3
     ORDER BY taken_at LIMIT $4`,
    [stageId, from, to, limit],
  );
  return rows.map((r) => ({ stageId, takenAt: r.taken_at, viewerCount: r.viewer_count }));
}

/** A stage's snapshots in a range, as RawStageStats counts them. */
export type SnapshotAggregates = Pick<RawStageStats, 'snapshotCount' | 'snapshotPeak' | 'snapshotSum'>;

/**
 * Aggregates of the snapshots taken in [from, to], both ends included: `to` defaults to now, and a
 * snapshot filed under the current slot may be dated now.
 */
export async function snapshotAggregates(
  q: Queryable,
  stageId: string,
  from: Date,
  to: Date,
): Promise<SnapshotAggregates> {
  const { rows } = await q.query<{ n: number; peak: number | null; total: string | null }>(
    `SELECT count(*)::integer AS n, max(viewer_count) AS peak, sum(viewer_count)::bigint AS total
     FROM viewer_stats_snapshots WHERE stage_id = $1 AND taken_at >= $2 AND taken_at <= $3`,
    [stageId, from, to],
  );
  const snap = rows[0];
  return {
    snapshotCount: snap?.n ?? 0,
    snapshotPeak: snap?.peak ?? null,
    snapshotSum: Number(snap?.total ?? 0),
  };
}

export interface GuildSnapshotRow {
  takenAt: Date;
  /** The sum over the guild's stages of their counts in this 5-minute slot. */
  viewerCount: number;
}

/**
 * The guild's viewers per snapshot slot. Deleted stages still count: their snapshots are the
 * guild's past audience until retention removes them. A slot with no row had no stage with
 * viewers (the snapshot job writes stages that may have viewers only).
 */
export async function guildSnapshots(
  q: Queryable,
  guildId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<GuildSnapshotRow[]> {
  const { rows } = await q.query<{ taken_at: Date; viewer_count: number }>(
    `SELECT s.taken_at, sum(s.viewer_count)::integer AS viewer_count
     FROM viewer_stats_snapshots s JOIN stages st ON st.id = s.stage_id
     WHERE st.guild_id = $1 AND s.taken_at >= $2 AND s.taken_at <= $3
     GROUP BY s.taken_at ORDER BY s.taken_at LIMIT $4`,
    [guildId, from, to, limit],
  );
  return rows.map((r) => ({ takenAt: r.taken_at, viewerCount: r.viewer_count }));
}

/** Retention, in bounded batches so that a first run over a large backlog never holds long locks. */
export async function deleteOldSnapshots(q: Queryable, cutoff: Date, batch: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM viewer_stats_snapshots WHERE (stage_id, taken_at) IN (
       SELECT stage_id, taken_at FROM viewer_stats_snapshots WHERE taken_at < $1 LIMIT $2)`,
    [cutoff, batch],
  );
  return rowCount;
}
