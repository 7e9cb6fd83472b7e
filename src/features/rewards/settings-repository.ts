import type { Queryable } from '../../platform/db/port.ts';
import type { StoredSettings } from './domain/config.ts';

/**
 * SQL of `guild_settings`: each guild's reward rules, levels, announcements and leaderboard
 * settings, as the admin sent them, with a version that every process reloads on. Rows are created
 * the first time a guild is seen (by the pipeline or the API), ON CONFLICT DO NOTHING so that
 * racing processes create one.
 */

/** Creates the settings rows of guilds not seen before; returns the ids that were new. */
export async function insertMissingSettings(tx: Queryable, guildIds: readonly string[]): Promise<string[]> {
  if (guildIds.length === 0) return [];
  const { rows } = await tx.query<{ guild_id: string }>(
    `INSERT INTO guild_settings (guild_id) SELECT unnest($1::bigint[]) ORDER BY 1
     ON CONFLICT (guild_id) DO NOTHING RETURNING guild_id`,
    [guildIds],
  );
  return rows.map((row) => row.guild_id);
}

export async function loadVersions(tx: Queryable, guildIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ guild_id: string; version: number }>(
    'SELECT guild_id, version FROM guild_settings WHERE guild_id = ANY($1::bigint[])',
    [guildIds],
  );
  return new Map(rows.map((row) => [row.guild_id, row.version]));
}

interface SettingsRow {
  guild_id: string;
  version: number;
  karma: unknown;
  levels: unknown;
  announcements: unknown;
  leaderboard: unknown;
}

export async function loadStoredSettings(tx: Queryable, guildId: string): Promise<StoredSettings | null> {
  const { rows } = await tx.query<SettingsRow>(
    'SELECT guild_id, version, karma, levels, announcements, leaderboard FROM guild_settings WHERE guild_id = $1',
    [guildId],
  );
  const row = rows[0];
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
  const columns = Object.keys(sections) as SettingsColumn[];
  const sets = columns.map((column, i) => `${column} = $${i + 3}::jsonb`);
  const { rows } = await tx.query<{ version: number }>(
    `UPDATE guild_settings SET ${[...sets, 'version = version + 1', 'updated_at = now()', 'updated_by = $2'].join(', ')}
     WHERE guild_id = $1 RETURNING version`,
    [guildId, updatedBy, ...columns.map((column) => JSON.stringify(sections[column]))],
  );
  return rows[0]?.version ?? 0;
}

/**
 * Whether anyone may read the guild's leaderboard without a token. Read from the stored section
 * rather than the parsed configuration, so an anonymous request for an unknown guild creates nothing.
 */
export async function isLeaderboardPublic(db: Queryable, guildId: string): Promise<boolean> {
  const { rows } = await db.query<{ public: boolean | null }>(
    "SELECT (leaderboard->>'public')::boolean AS public FROM guild_settings WHERE guild_id = $1",
    [guildId],
  );
  return rows[0]?.public === true;
}
