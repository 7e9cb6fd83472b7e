/** Presence's SQL for snapshots, statistics, session pages and retention. */
import type { Queryable } from '../../platform/db/port.ts';
import type { EndReason, RawStageStats, SessionSource, StageKind } from './domain/index.ts';

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

/**
 * Aggregates of sessions that began in [from, to] and of snapshots taken in it (both ends
 * included: `to` defaults to now, and a snapshot filed under the current slot may be dated now). A session still
 * open counts its time so far (until `now`), with the same rounding as a closed one.
 */
export async function stageStats(
  q: Queryable,
  stageId: string,
  from: Date,
  to: Date,
  now: Date,
): Promise<RawStageStats> {
  const snapshots = await q.query<{ n: number; peak: number | null; total: string | null }>(
    `SELECT count(*)::integer AS n, max(viewer_count) AS peak, sum(viewer_count)::bigint AS total
     FROM viewer_stats_snapshots WHERE stage_id = $1 AND taken_at >= $2 AND taken_at <= $3`,
    [stageId, from, to],
  );
  const sessions = await q.query<{
    country: string | null;
    sessions: number;
    viewers: number;
    watch: string;
    longest: number | null;
    grouping: number;
  }>(
    `WITH s AS (
       SELECT country, viewer_key, COALESCE(watch_duration_seconds,
         GREATEST(0, round(extract(epoch FROM $4::timestamptz - joined_at)))::integer) AS watched
       FROM viewer_sessions WHERE stage_id = $1 AND joined_at >= $2 AND joined_at <= $3)
     SELECT country, count(*)::integer AS sessions, count(DISTINCT viewer_key)::integer AS viewers,
       COALESCE(sum(watched), 0)::bigint AS watch, max(watched) AS longest,
       GROUPING(country)::integer AS grouping
     FROM s GROUP BY GROUPING SETS ((), (country))`,
    [stageId, from, to, now],
  );
  const total = sessions.rows.find((r) => r.grouping === 1);
  const snap = snapshots.rows[0];
  return {
    snapshotCount: snap?.n ?? 0,
    snapshotPeak: snap?.peak ?? null,
    snapshotSum: Number(snap?.total ?? 0),
    totalSessions: total?.sessions ?? 0,
    uniqueViewers: total?.viewers ?? 0,
    totalWatchSeconds: Number(total?.watch ?? 0),
    maxWatchSeconds: total?.longest ?? 0,
    byCountry: sessions.rows
      .filter((r) => r.grouping === 0)
      .map((r) => ({
        country: r.country,
        sessions: r.sessions,
        uniqueViewers: r.viewers,
        watchSeconds: Number(r.watch),
      })),
  };
}

export interface SessionListItem {
  id: string;
  source: SessionSource;
  userId: string | null;
  participantId: string | null;
  joinedAt: Date;
  leftAt: Date | null;
  watchDurationSeconds: number | null;
  endReason: EndReason | null;
  userAgent: string | null;
  ipPrefix: string | null;
  country: string | null;
}

export async function listSessions(
  q: Queryable,
  stageId: string,
  page: number,
  limit: number,
): Promise<{ items: SessionListItem[]; total: number }> {
  const { rows } = await q.query<{
    id: string;
    source: SessionSource;
    user_id: string | null;
    participant_id: string | null;
    joined_at: Date;
    left_at: Date | null;
    watch_duration_seconds: number | null;
    end_reason: EndReason | null;
    user_agent: string | null;
    ip_prefix: string | null;
    country: string | null;
  }>(
    `SELECT id, source, user_id, participant_id, joined_at, left_at, watch_duration_seconds, end_reason,
            user_agent, ip_prefix, country
     FROM viewer_sessions WHERE stage_id = $1
     ORDER BY joined_at DESC, id LIMIT $2 OFFSET $3`,
    [stageId, limit, (page - 1) * limit],
  );
  const count = await q.query<{ n: number }>(
    'SELECT count(*)::integer AS n FROM viewer_sessions WHERE stage_id = $1',
    [stageId],
  );
  return {
    total: count.rows[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      source: r.source,
      userId: r.user_id,
      participantId: r.participant_id,
      joinedAt: r.joined_at,
      leftAt: r.left_at,
      watchDurationSeconds: r.watch_duration_seconds,
      endReason: r.end_reason,
      userAgent: r.user_agent,
      ipPrefix: r.ip_prefix,
      country: r.country,
    })),
  };
}

/**
 * Retention, in bounded batches so that a first run over a large backlog never holds long locks.
 * Sessions go once ended before the cutoff (an open one is kept however old it is); deleted
 * stages go once nothing refers to them any more.
 */
export async function deleteOldSessions(q: Queryable, cutoff: Date, batch: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM viewer_sessions WHERE id IN (
       SELECT id FROM viewer_sessions WHERE left_at < $1 LIMIT $2)`,
    [cutoff, batch],
  );
  return rowCount;
}

export async function deleteOldSnapshots(q: Queryable, cutoff: Date, batch: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM viewer_stats_snapshots WHERE (stage_id, taken_at) IN (
       SELECT stage_id, taken_at FROM viewer_stats_snapshots WHERE taken_at < $1 LIMIT $2)`,
    [cutoff, batch],
  );
  return rowCount;
}

export async function purgeDeletedStages(q: Queryable, cutoff: Date): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM stages st WHERE st.deleted_at < $1
       AND NOT EXISTS (SELECT 1 FROM viewer_sessions s WHERE s.stage_id = st.id)
       AND NOT EXISTS (SELECT 1 FROM viewer_stats_snapshots v WHERE v.stage_id = st.id)`,
    [cutoff],
  );
  return rowCount;
}

export interface HistoryItem {
  id: string;
  stageId: string;
  stageName: string;
  stageKind: StageKind;
  externalId: string;
  guildId: string;
  source: SessionSource;
  joinedAt: Date;
  leftAt: Date | null;
  watchDurationSeconds: number | null;
  endReason: EndReason | null;
}

/**
 * Seed 003's viewer history: a member's sessions across stages, newest first, served by the
 * (user_id, joined_at) index. `guildIds` null means every guild; otherwise only those.
 */
export async function viewerHistory(
  q: Queryable,
  userId: string,
  guildIds: readonly string[] | null,
  page: number,
  limit: number,
): Promise<{ items: HistoryItem[]; total: number }> {
  const { rows } = await q.query<{
    id: string;
    stage_id: string;
    name: string;
    kind: StageKind;
    external_id: string;
    guild_id: string;
    source: SessionSource;
    joined_at: Date;
    left_at: Date | null;
    watch_duration_seconds: number | null;
    end_reason: EndReason | null;
  }>(
    `SELECT s.id, s.stage_id::text AS stage_id, st.name, st.kind, st.external_id, s.guild_id::text AS guild_id,
            s.source, s.joined_at, s.left_at, s.watch_duration_seconds, s.end_reason
     FROM viewer_sessions s JOIN stages st ON st.id = s.stage_id
     WHERE s.user_id = $1 AND ($2::bigint[] IS NULL OR s.guild_id = ANY($2::bigint[]))
     ORDER BY s.joined_at DESC, s.id LIMIT $3 OFFSET $4`,
    [userId, guildIds, limit, (page - 1) * limit],
  );
  const count = await q.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM viewer_sessions
     WHERE user_id = $1 AND ($2::bigint[] IS NULL OR guild_id = ANY($2::bigint[]))`,
    [userId, guildIds],
  );
  return {
    total: count.rows[0]?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      stageId: r.stage_id,
      stageName: r.name,
      stageKind: r.kind,
      externalId: r.external_id,
      guildId: r.guild_id,
      source: r.source,
      joinedAt: r.joined_at,
      leftAt: r.left_at,
      watchDurationSeconds: r.watch_duration_seconds,
      endReason: r.end_reason,
    })),
  };
}
