/**
 * Presence's SQL for stages and sessions. Every function takes the Queryable it runs on, so the same
 * code serves plain calls and the pipeline's batch transaction. Batches go through unnest or
 * jsonb_to_recordset: one statement per batch, whatever its size.
 */
import type { Queryable } from '../../platform/db/port.ts';
import type { EndReason, SessionSource, Stage, StageKind } from './domain/index.ts';

interface StageRow extends Record<string, unknown> {
  id: string;
  guild_id: string;
  kind: StageKind;
  external_id: string;
  name: string;
  is_master: boolean;
  max_viewers: number;
  ttl_seconds: number;
  allow_anonymous: boolean;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const STAGE_COLUMNS =
  'id, guild_id, kind, external_id, name, is_master, max_viewers, ttl_seconds, allow_anonymous, created_at, updated_at, deleted_at';

function toStage(row: StageRow): Stage {
  return {
    id: row.id,
    guildId: row.guild_id,
    kind: row.kind,
    externalId: row.external_id,
    name: row.name,
    isMaster: row.is_master,
    maxViewers: row.max_viewers,
    ttlSeconds: row.ttl_seconds,
    allowAnonymous: row.allow_anonymous,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewStage {
  guildId: string;
  kind: StageKind;
  externalId: string;
  name: string;
  isMaster: boolean;
  maxViewers: number;
  ttlSeconds: number;
  allowAnonymous: boolean;
}

export type StagePatch = Partial<
  Pick<Stage, 'name' | 'isMaster' | 'maxViewers' | 'ttlSeconds' | 'allowAnonymous'>
>;

/** Null when the guild already has a live stage with this external id. */
export async function insertStage(q: Queryable, stage: NewStage, at: Date): Promise<Stage | null> {
  const { rows } = await q.query<StageRow>(
    `INSERT INTO stages (guild_id, kind, external_id, name, is_master, max_viewers, ttl_seconds, allow_anonymous,
                         created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (guild_id, (kind = 'external'), external_id) WHERE deleted_at IS NULL DO NOTHING
     RETURNING ${STAGE_COLUMNS}`,
    [
      stage.guildId,
      stage.kind,
      stage.externalId,
      stage.name,
      stage.isMaster,
      stage.maxViewers,
      stage.ttlSeconds,
      stage.allowAnonymous,
      at,
    ],
  );
  return rows[0] ? toStage(rows[0]) : null;
}

export async function findStage(q: Queryable, id: string): Promise<Stage | null> {
  const { rows } = await q.query<StageRow>(
    `SELECT ${STAGE_COLUMNS} FROM stages WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  );
  return rows[0] ? toStage(rows[0]) : null;
}

/** Stages by id, deleted ones included (with `deleted: true`): what the sweeper reconciles. */
export async function findStagesAny(
  q: Queryable,
  ids: readonly string[],
): Promise<(Stage & { deleted: boolean })[]> {
  if (ids.length === 0) return [];
  const { rows } = await q.query<StageRow>(
    `SELECT ${STAGE_COLUMNS} FROM stages WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  return rows.map((row) => ({ ...toStage(row), deleted: row.deleted_at !== null }));
}

export async function listStages(q: Queryable, guildId: string): Promise<Stage[]> {
  const { rows } = await q.query<StageRow>(
    `SELECT ${STAGE_COLUMNS} FROM stages WHERE guild_id = $1 AND deleted_at IS NULL ORDER BY id`,
    [guildId],
  );
  return rows.map(toStage);
}

export async function updateStage(
  q: Queryable,
  id: string,
  patch: StagePatch,
  at: Date,
): Promise<Stage | null> {
  const { rows } = await q.query<StageRow>(
    `UPDATE stages SET
       name = COALESCE($2, name),
       is_master = COALESCE($3, is_master),
       max_viewers = COALESCE($4, max_viewers),
       ttl_seconds = COALESCE($5, ttl_seconds),
       allow_anonymous = COALESCE($6, allow_anonymous),
       updated_at = $7
     WHERE id = $1 AND deleted_at IS NULL
     RETURNING ${STAGE_COLUMNS}`,
    [
      id,
      patch.name ?? null,
      patch.isMaster ?? null,
      patch.maxViewers ?? null,
      patch.ttlSeconds ?? null,
      patch.allowAnonymous ?? null,
      at,
    ],
  );
  return rows[0] ? toStage(rows[0]) : null;
}

export async function markStageDeleted(q: Queryable, id: string, at: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE stages SET deleted_at = $2, updated_at = $2 WHERE id = $1 AND deleted_at IS NULL',
    [id, at],
  );
  return rowCount > 0;
}

// ---------------------------------------------------------------------------------------------
// Sessions.
// ---------------------------------------------------------------------------------------------

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
