/**
 * The owner of `stages`: external streams created through the API and Discord voice and stage
 * channels created on first sight. Every function takes the Queryable it runs on, so the same code
 * serves plain calls and the pipeline's batch transaction.
 */
import type { Queryable } from '../../platform/db/port.ts';
import type { Stage, StageKind } from './domain/index.ts';

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

/**
 * Deleted stages go once retention removed everything that refers to them (their sessions and
 * snapshots).
 */
export async function purgeDeletedStages(q: Queryable, cutoff: Date): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM stages st WHERE st.deleted_at < $1
       AND NOT EXISTS (SELECT 1 FROM viewer_sessions s WHERE s.stage_id = st.id)
       AND NOT EXISTS (SELECT 1 FROM viewer_stats_snapshots v WHERE v.stage_id = st.id)`,
    [cutoff],
  );
  return rowCount;
}

// ---------------------------------------------------------------------------------------------
// The stages of Discord voice and stage channels.
// ---------------------------------------------------------------------------------------------

export interface DiscordChannelRef {
  guildId: string;
  channelId: string;
}

export const channelKey = (guildId: string, channelId: string): string => `${guildId}:${channelId}`;

/** The live stages of these Discord channels that exist, by `channelKey`. */
export async function findDiscordStages(
  q: Queryable,
  channels: readonly DiscordChannelRef[],
): Promise<Map<string, string>> {
  const byKey = new Map<string, string>();
  if (channels.length === 0) return byKey;
  const { rows } = await q.query<{ id: string; guild_id: string; external_id: string }>(
    `SELECT s.id, s.guild_id, s.external_id FROM stages s
     JOIN unnest($1::bigint[], $2::text[]) AS w(guild_id, channel_id)
       ON s.guild_id = w.guild_id AND s.external_id = w.channel_id
     WHERE s.deleted_at IS NULL AND s.kind <> 'external'`,
    [channels.map((c) => c.guildId), channels.map((c) => c.channelId)],
  );
  for (const row of rows) byKey.set(channelKey(row.guild_id, row.external_id), row.id);
  return byKey;
}

/** Creates the stages of Discord channels; a channel that got its stage meanwhile keeps that one. */
export async function insertDiscordStages(
  q: Queryable,
  stages: readonly (DiscordChannelRef & { kind: StageKind; name: string })[],
  at: Date,
): Promise<void> {
  if (stages.length === 0) return;
  await q.query(
    `INSERT INTO stages (guild_id, kind, external_id, name, created_at, updated_at)
     SELECT * , $5::timestamptz, $5::timestamptz FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (guild_id, (kind = 'external'), external_id) WHERE deleted_at IS NULL DO NOTHING`,
    [
      stages.map((s) => s.guildId),
      stages.map((s) => s.kind),
      stages.map((s) => s.channelId),
      stages.map((s) => s.name),
      at,
    ],
  );
}
