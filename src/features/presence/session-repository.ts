/**
 * The owner of `viewer_sessions`: web sessions (join, heartbeat copies, leave), the closing of any
 * session, the pages and statistics the API reads, and retention. The voice half of the table (its
 * `voice_states` history) is written by voice-session-repository.ts. Every function takes the
 * Queryable it runs on; batches go through unnest or jsonb_to_recordset, one statement per batch.
 */
import type { Queryable } from '../../platform/db/port.ts';
import type { EndReason, RawStageStats, SessionSource, Stage, StageKind } from './domain/index.ts';

export interface OpenSession {
  id: string;
  stageId: string;
  source: SessionSource;
  joinedAt: Date;
  /** The last heartbeat the sweeper copied to PostgreSQL (web sessions); null before the first. */
  lastSeenAt: Date | null;
}

interface OpenSessionRow extends Record<string, unknown> {
  id: string;
  stage_id: string;
  source: SessionSource;
  joined_at: Date;
  last_seen_at: Date | null;
}

const toOpen = (row: OpenSessionRow): OpenSession => ({
  id: row.id,
  stageId: row.stage_id,
  source: row.source,
  joinedAt: row.joined_at,
  lastSeenAt: row.last_seen_at,
});

export async function findOpenSession(
  q: Queryable,
  stageId: string,
  key: string,
): Promise<OpenSession | null> {
  const { rows } = await q.query<OpenSessionRow>(
    `SELECT id, stage_id, source, joined_at, last_seen_at FROM viewer_sessions
     WHERE stage_id = $1 AND viewer_key = $2 AND left_at IS NULL`,
    [stageId, key],
  );
  return rows[0] ? toOpen(rows[0]) : null;
}

export async function openSessionsOfStages(
  q: Queryable,
  stageIds: readonly string[],
): Promise<OpenSession[]> {
  if (stageIds.length === 0) return [];
  const { rows } = await q.query<OpenSessionRow>(
    `SELECT id, stage_id, source, joined_at, last_seen_at FROM viewer_sessions
     WHERE stage_id = ANY($1::bigint[]) AND left_at IS NULL`,
    [stageIds],
  );
  return rows.map(toOpen);
}

export async function stagesWithOpenSessions(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ stage_id: string }>(
    'SELECT DISTINCT stage_id FROM viewer_sessions WHERE left_at IS NULL',
  );
  return rows.map((r) => r.stage_id);
}

export interface NewWebSession {
  id: string;
  stage: Pick<Stage, 'id' | 'guildId'>;
  userId: string | null;
  participantId: string | null;
  viewerKey: string;
  joinedAt: Date;
  userAgent: string | null;
  ipPrefix: string | null;
  country: string | null;
}

/**
 * Copies last heartbeats from the hot store to open sessions, in one statement: what survives a lost
 * hot store (see migration 0006). Never moves a session's last-seen time backwards.
 */
export async function recordLastSeen(
  q: Queryable,
  seen: readonly { id: string; at: Date }[],
): Promise<number> {
  if (seen.length === 0) return 0;
  const { rowCount } = await q.query(
    `UPDATE viewer_sessions s SET last_seen_at = u.at
     FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at)
     WHERE s.id = u.id AND s.left_at IS NULL AND (s.last_seen_at IS NULL OR s.last_seen_at < u.at)`,
    [seen.map((x) => x.id), seen.map((x) => x.at.toISOString())],
  );
  return rowCount;
}

/** Rejects with code 23505 when the viewer already has an open session on the stage. */
export async function insertWebSession(q: Queryable, s: NewWebSession): Promise<void> {
  await q.query(
    `INSERT INTO viewer_sessions (id, stage_id, guild_id, source, user_id, participant_id, viewer_key, joined_at,
                                  user_agent, ip_prefix, country)
     VALUES ($1, $2, $3, 'web', $4, $5, $6, $7, $8, $9, $10)`,
    [
      s.id,
      s.stage.id,
      s.stage.guildId,
      s.userId,
      s.participantId,
      s.viewerKey,
      s.joinedAt,
      s.userAgent,
      s.ipPrefix,
      s.country,
    ],
  );
}

export interface SessionClose {
  id: string;
  leftAt: Date;
  reason: EndReason;
}

export interface ClosedSession {
  id: string;
  stageId: string;
  guildId: string;
  source: SessionSource;
  /** The member who watched; null for anonymous web participants. */
  userId: string | null;
  leftAt: Date;
  watchDurationSeconds: number;
}

/**
 * Ends open sessions (already ended ones are left alone, so a leave racing the sweeper is harmless).
 * The duration rule is domain.sessionDurationSeconds: whole seconds, rounded, never negative.
 */
export async function closeSessions(
  q: Queryable,
  closes: readonly SessionClose[],
  only: { stageId?: string; source?: SessionSource } = {},
): Promise<ClosedSession[]> {
  if (closes.length === 0) return [];
  const { rows } = await q.query<{
    id: string;
    stage_id: string;
    guild_id: string;
    source: SessionSource;
    user_id: string | null;
    left_at: Date;
    watch_duration_seconds: number;
  }>(
    `UPDATE viewer_sessions s SET
       left_at = GREATEST(c.left_at, s.joined_at),
       watch_duration_seconds = round(extract(epoch FROM GREATEST(c.left_at, s.joined_at) - s.joined_at))::integer,
       end_reason = c.reason
     FROM jsonb_to_recordset($1::jsonb) AS c(id uuid, left_at timestamptz, reason text)
     WHERE s.id = c.id AND s.left_at IS NULL
       AND ($2::bigint IS NULL OR s.stage_id = $2) AND ($3::text IS NULL OR s.source = $3)
     RETURNING s.id, s.stage_id, s.guild_id, s.source, s.user_id, s.left_at, s.watch_duration_seconds`,
    [
      JSON.stringify(closes.map((c) => ({ id: c.id, left_at: c.leftAt.toISOString(), reason: c.reason }))),
      only.stageId ?? null,
      only.source ?? null,
    ],
  );
  return rows.map((r) => ({
    id: r.id,
    stageId: r.stage_id,
    guildId: r.guild_id,
    source: r.source,
    userId: r.user_id,
    leftAt: r.left_at,
    watchDurationSeconds: r.watch_duration_seconds,
  }));
}

/** Whether a session of this stage exists at all (open or ended): tells "unknown" from "ended". */
export async function sessionExists(q: Queryable, stageId: string, sessionId: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM viewer_sessions WHERE id = $1 AND stage_id = $2', [
    sessionId,
    stageId,
  ]);
  return rows.length > 0;
}

export interface CurrentSession {
  sessionId: string;
  source: SessionSource;
  userId: string | null;
  participantId: string | null;
  joinedAt: Date;
}

/** The open sessions of the stage among `sessionIds` (the ones its hot set counts). */
export async function currentSessions(
  q: Queryable,
  stageId: string,
  sessionIds: readonly string[],
): Promise<CurrentSession[]> {
  if (sessionIds.length === 0) return [];
  const { rows } = await q.query<{
    id: string;
    source: SessionSource;
    user_id: string | null;
    participant_id: string | null;
    joined_at: Date;
  }>(
    `SELECT id, source, user_id, participant_id, joined_at FROM viewer_sessions
     WHERE stage_id = $1 AND id = ANY($2::uuid[]) AND left_at IS NULL`,
    [stageId, sessionIds],
  );
  return rows.map((r) => ({
    sessionId: r.id,
    source: r.source,
    userId: r.user_id,
    participantId: r.participant_id,
    joinedAt: r.joined_at,
  }));
}

/** The members watching in a guild now (open sessions with a user), longest watching first. */
export async function openMemberSessions(
  q: Queryable,
  guildId: string,
): Promise<{ stageId: string; userId: string }[]> {
  const { rows } = await q.query<{ stage_id: string; user_id: string }>(
    `SELECT stage_id, user_id FROM viewer_sessions
     WHERE guild_id = $1 AND left_at IS NULL AND user_id IS NOT NULL
     ORDER BY joined_at`,
    [guildId],
  );
  return rows.map((r) => ({ stageId: r.stage_id, userId: r.user_id }));
}

/** A stage's sessions in a range, as RawStageStats counts them. */
export type SessionAggregates = Pick<
  RawStageStats,
  'totalSessions' | 'uniqueViewers' | 'totalWatchSeconds' | 'maxWatchSeconds' | 'byCountry'
>;

/**
 * Aggregates of the stage's sessions that began in [from, to] (both ends included). A session still
 * open counts its time so far (until `now`), with the same rounding as a closed one.
 */
export async function sessionAggregates(
  q: Queryable,
  stageId: string,
  from: Date,
  to: Date,
  now: Date,
): Promise<SessionAggregates> {
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
  return {
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
 * Sessions go once ended before the cutoff (an open one is kept however old it is).
 */
export async function deleteOldSessions(q: Queryable, cutoff: Date, batch: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM viewer_sessions WHERE id IN (
       SELECT id FROM viewer_sessions WHERE left_at < $1 LIMIT $2)`,
    [cutoff, batch],
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
