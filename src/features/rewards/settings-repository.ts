import type { Queryable } from '../../platform/db/port.ts';
import { DEFAULT_ACHIEVEMENTS } from '../achievements/domain/index.ts';
import { loadAchievements, writeAchievements } from '../achievements/repository.ts';
import { writeLevelTable } from '../levels/repository.ts';
import { loadQuests, writeQuests } from '../quests/catalog-repository.ts';
import { DEFAULT_QUESTS } from '../quests/domain/index.ts';
import { buildConfig, defaultConfig, type GuildConfig, type StoredSettings } from './config.ts';

/**
 * SQL of `guild_settings`. A guild gets its row, the 17 default quests, the default achievements and
 * its level table the first time it is seen (by the pipeline or the API), all ON CONFLICT DO NOTHING
 * so that racing processes seed it once.
 */

/** Creates the settings of guilds not seen before; returns the ids that were new. */
export async function ensureGuilds(tx: Queryable, guildIds: readonly string[]): Promise<string[]> {
  if (guildIds.length === 0) return [];
  const { rows } = await tx.query<{ guild_id: string }>(
    `INSERT INTO guild_settings (guild_id) SELECT unnest($1::bigint[]) ORDER BY 1
     ON CONFLICT (guild_id) DO NOTHING RETURNING guild_id`,
    [guildIds],
  );
  const created = rows.map((row) => row.guild_id);
  for (const guildId of created) {
    await writeQuests(tx, guildId, DEFAULT_QUESTS);
    await writeAchievements(tx, guildId, DEFAULT_ACHIEVEMENTS);
    await writeLevelTable(tx, guildId, defaultConfig(guildId).table);
  }
  return created;
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

export async function loadConfig(tx: Queryable, guildId: string): Promise<GuildConfig | null> {
  const stored = await loadStoredSettings(tx, guildId);
  if (!stored) return null;
  const [quests, achievements] = [await loadQuests(tx, guildId), await loadAchievements(tx, guildId)];
  return buildConfig(stored, quests, achievements);
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
