/**
 * The owner of `stages`: external streams created through the API and Discord voice and stage
 * channels created on first sight. Every function takes the Queryable it runs on, so the same code
 * serves plain calls and the pipeline's batch transaction.
 */
import { type Selectable, sql } from 'kysely';
import { kyselyOf } from '../../platform/db/kysely.ts';
import { DbError, type Queryable } from '../../platform/db/port.ts';
import type { Stages } from '../../platform/db/schema.gen.ts';
import { STAGE_KINDS, type Stage, type StageKind } from './domain/index.ts';

const STAGE_COLUMNS = [
  'id',
  'guild_id',
  'kind',
  'external_id',
  'name',
  'is_master',
  'max_viewers',
  'ttl_seconds',
  'allow_anonymous',
  'created_at',
  'updated_at',
  'deleted_at',
] as const satisfies readonly (keyof Stages)[];

type StageRow = Pick<Selectable<Stages>, (typeof STAGE_COLUMNS)[number]>;

/** The column is text with a CHECK on the three kinds; a value outside them is a broken schema. */
function stageKind(value: string): StageKind {
  const kind = STAGE_KINDS.find((k) => k === value);
  if (!kind) throw new DbError(`stages.kind holds an unknown kind: ${value}`);
  return kind;
}

function toStage(row: StageRow): Stage {
  return {
    id: row.id,
    guildId: row.guild_id,
    kind: stageKind(row.kind),
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

/**
 * The conflict target of a live stage: the partial unique index `stages_external_uq` on
 * (guild_id, (kind = 'external'), external_id) WHERE deleted_at IS NULL.
 */
const LIVE_STAGE_KEY = sql`guild_id, (kind = 'external'), external_id`;

/** Null when the guild already has a live stage with this external id. */
export async function insertStage(q: Queryable, stage: NewStage, at: Date): Promise<Stage | null> {
  const row = await kyselyOf(q)
    .insertInto('stages')
    .values({
      guild_id: stage.guildId,
      kind: stage.kind,
      external_id: stage.externalId,
      name: stage.name,
      is_master: stage.isMaster,
      max_viewers: stage.maxViewers,
      ttl_seconds: stage.ttlSeconds,
      allow_anonymous: stage.allowAnonymous,
      created_at: at,
      updated_at: at,
    })
    .onConflict((conflict) => conflict.expression(LIVE_STAGE_KEY).where('deleted_at', 'is', null).doNothing())
    .returning(STAGE_COLUMNS)
    .executeTakeFirst();
  return row ? toStage(row) : null;
}

export async function findStage(q: Queryable, id: string): Promise<Stage | null> {
  const row = await kyselyOf(q)
    .selectFrom('stages')
    .select(STAGE_COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? toStage(row) : null;
}

/** Stages by id, deleted ones included (with `deleted: true`): what the sweeper reconciles. */
export async function findStagesAny(
  q: Queryable,
  ids: readonly string[],
): Promise<(Stage & { deleted: boolean })[]> {
  if (ids.length === 0) return [];
  const rows = await kyselyOf(q)
    .selectFrom('stages')
    .select(STAGE_COLUMNS)
    // One array parameter however many ids, as the sweeper may reconcile many.
    .where('id', '=', sql<string>`ANY(${ids}::bigint[])`)
    .execute();
  return rows.map((row) => ({ ...toStage(row), deleted: row.deleted_at !== null }));
}

export async function listStages(q: Queryable, guildId: string): Promise<Stage[]> {
  const rows = await kyselyOf(q)
    .selectFrom('stages')
    .select(STAGE_COLUMNS)
    .where('guild_id', '=', guildId)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(toStage);
}

export async function updateStage(
  q: Queryable,
  id: string,
  patch: StagePatch,
  at: Date,
): Promise<Stage | null> {
  // Kysely leaves out the columns whose value is undefined: a patch changes what it names.
  const row = await kyselyOf(q)
    .updateTable('stages')
    .set({
      name: patch.name,
      is_master: patch.isMaster,
      max_viewers: patch.maxViewers,
      ttl_seconds: patch.ttlSeconds,
      allow_anonymous: patch.allowAnonymous,
      updated_at: at,
    })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(STAGE_COLUMNS)
    .executeTakeFirst();
  return row ? toStage(row) : null;
}

export async function markStageDeleted(q: Queryable, id: string, at: Date): Promise<boolean> {
  const result = await kyselyOf(q)
    .updateTable('stages')
    .set({ deleted_at: at, updated_at: at })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Deleted stages go once retention removed everything that refers to them (their sessions and
 * snapshots).
 */
export async function purgeDeletedStages(q: Queryable, cutoff: Date): Promise<number> {
  const result = await kyselyOf(q)
    .deleteFrom('stages as st')
    .where('st.deleted_at', '<', cutoff)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('viewer_sessions as s')
            .select(eb.lit(1).as('one'))
            .whereRef('s.stage_id', '=', 'st.id'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('viewer_stats_snapshots as v')
            .select(eb.lit(1).as('one'))
            .whereRef('v.stage_id', '=', 'st.id'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---------------------------------------------------------------------------------------------
// The stages of Discord voice and stage channels.
// ---------------------------------------------------------------------------------------------

export interface DiscordChannelRef {
  guildId: string;
  channelId: string;
}

export const channelKey = (guildId: string, channelId: string): string => `${guildId}:${channelId}`;

/** A row of FIND_DISCORD_STAGES. */
export type DiscordStageRow = Pick<Selectable<Stages>, 'id' | 'guild_id' | 'external_id'>;

/**
 * Raw SQL on purpose, like INSERT_DISCORD_STAGES: the pipeline looks up every voice channel of a
 * batch at once, joined to `unnest` arrays.
 */
export const FIND_DISCORD_STAGES = `SELECT s.id, s.guild_id, s.external_id FROM stages s
     JOIN unnest($1::bigint[], $2::text[]) AS w(guild_id, channel_id)
       ON s.guild_id = w.guild_id AND s.external_id = w.channel_id
     WHERE s.deleted_at IS NULL AND s.kind <> 'external'`;

/** The live stages of these Discord channels that exist, by `channelKey`. */
export async function findDiscordStages(
  q: Queryable,
  channels: readonly DiscordChannelRef[],
): Promise<Map<string, string>> {
  const byKey = new Map<string, string>();
  if (channels.length === 0) return byKey;
  const { rows } = await q.query<DiscordStageRow>(FIND_DISCORD_STAGES, [
    channels.map((c) => c.guildId),
    channels.map((c) => c.channelId),
  ]);
  for (const row of rows) byKey.set(channelKey(row.guild_id, row.external_id), row.id);
  return byKey;
}

/**
 * The batch insert's `unnest` columns in order, each with the array type its values travel as, then
 * the two timestamps from one scalar. tsc checks the names against the generated schema;
 * stage-repository.test.ts checks the types against the real table.
 */
export const DISCORD_STAGE_COLUMNS = [
  ['guild_id', 'bigint'],
  ['kind', 'text'],
  ['external_id', 'text'],
  ['name', 'text'],
] as const satisfies readonly (readonly [keyof Stages, string])[];

/**
 * Raw SQL on purpose: the pipeline creates the stages of a batch's new voice channels in one
 * statement from `unnest` arrays, composed once here.
 */
export const INSERT_DISCORD_STAGES = `INSERT INTO stages
       (${DISCORD_STAGE_COLUMNS.map(([name]) => name).join(', ')}, created_at, updated_at)
     SELECT *, $${DISCORD_STAGE_COLUMNS.length + 1}::timestamptz, $${DISCORD_STAGE_COLUMNS.length + 1}::timestamptz
       FROM unnest(${DISCORD_STAGE_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
     ON CONFLICT (guild_id, (kind = 'external'), external_id) WHERE deleted_at IS NULL DO NOTHING`;

/** Creates the stages of Discord channels; a channel that got its stage meanwhile keeps that one. */
export async function insertDiscordStages(
  q: Queryable,
  stages: readonly (DiscordChannelRef & { kind: StageKind; name: string })[],
  at: Date,
): Promise<void> {
  if (stages.length === 0) return;
  await q.query(INSERT_DISCORD_STAGES, [
    stages.map((s) => s.guildId),
    stages.map((s) => s.kind),
    stages.map((s) => s.channelId),
    stages.map((s) => s.name),
    at,
  ]);
}
