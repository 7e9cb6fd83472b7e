import { type Selectable, sql, type Updateable } from 'kysely';
import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { GuildSettings } from '../../platform/db/schema.gen.ts';
import type { StoredSettings } from './domain/config.ts';

/**
 * SQL of `guild_settings`: each guild's reward rules, levels, announcements and leaderboard
 * settings, as the admin sent them, with a version that every process reloads on. Rows are created
 * the first time a guild is seen (by the pipeline or the API), ON CONFLICT DO NOTHING so that
 * racing processes create one.
 */

/**
 * Creates the settings rows of guilds not seen before; returns the ids that were new. Raw SQL: it
 * runs in the pipeline's batch transaction, and its `unnest ... ORDER BY 1` takes the new rows' locks
 * in id order, as every writer does.
 */
export async function insertMissingSettings(tx: Queryable, guildIds: readonly string[]): Promise<string[]> {
  if (guildIds.length === 0) return [];
  const { rows } = await tx.query<Pick<Selectable<GuildSettings>, 'guild_id'>>(
    `INSERT INTO guild_settings (guild_id) SELECT unnest($1::bigint[]) ORDER BY 1
     ON CONFLICT (guild_id) DO NOTHING RETURNING guild_id`,
    [guildIds],
  );
  return rows.map((row) => row.guild_id);
}

export async function loadVersions(tx: Queryable, guildIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await kyselyOf(tx)
    .selectFrom('guild_settings')
    .select(['guild_id', 'version'])
    .where((eb) => eb('guild_id', '=', eb.fn.any(sql<string[]>`${guildIds}::bigint[]`)))
    .execute();
  return new Map(rows.map((row) => [row.guild_id, row.version]));
}

export async function loadStoredSettings(tx: Queryable, guildId: string): Promise<StoredSettings | null> {
  const row = await kyselyOf(tx)
    .selectFrom('guild_settings')
    .select(['guild_id', 'version', 'karma', 'levels', 'announcements', 'leaderboard'])
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    guildId: row.guild_id,
    version: row.version,
    karma: row.karma,
    levels: row.levels,
    announcements: row.announcements,
    leaderboard: row.leaderboard,
  };
}

export type SettingsColumn = 'karma' | 'levels' | 'announcements' | 'leaderboard';

/** Stores the given sections (as the admin sent them) and moves the version; returns it. */
export async function updateSettings(
  tx: Queryable,
  guildId: string,
  sections: Partial<Record<SettingsColumn, unknown>>,
  updatedBy: string | null,
): Promise<number> {
  const changes: Updateable<GuildSettings> = {};
  for (const column of Object.keys(sections) as SettingsColumn[]) {
    changes[column] = JSON.stringify(sections[column]);
  }
  const row = await kyselyOf(tx)
    .updateTable('guild_settings')
    .set((eb) => ({
      ...changes,
      version: eb('version', '+', 1),
      updated_at: sql`now()`,
      updated_by: updatedBy,
    }))
    .where('guild_id', '=', guildId)
    .returning('version')
    .executeTakeFirst();
  return row?.version ?? 0;
}

/**
 * Whether anyone may read the guild's leaderboard without a token. Read from the stored section
 * rather than the parsed configuration, so an anonymous request for an unknown guild creates nothing.
 */
export async function isLeaderboardPublic(db: Queryable, guildId: string): Promise<boolean> {
  const row = await kyselyOf(db)
    .selectFrom('guild_settings')
    // `->>` by hand: the column's type is any JSON value, which Kysely's typed JSON path cannot follow.
    .select(sql<boolean | null>`(leaderboard->>'public')::boolean`.as('public'))
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
  return row?.public === true;
}
