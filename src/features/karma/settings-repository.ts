import type { Queryable } from '../../platform/db/port.ts';
import type { AchievementDefinition } from '../achievements/domain/index.ts';
import { DEFAULT_ACHIEVEMENTS } from '../achievements/domain/index.ts';
import type { LevelTable } from '../levels/domain/index.ts';
import { DEFAULT_QUESTS, type QuestDefinition } from '../quests/domain/index.ts';
import { buildConfig, defaultConfig, type GuildConfig, type StoredSettings } from './config.ts';

/**
 * SQL of `guild_settings`, `quests`, `achievements` and `user_levels`. A guild gets its row, the 17
 * default quests, the default achievements and its level table the first time it is seen (by the
 * pipeline or the API), all ON CONFLICT DO NOTHING so that racing processes seed it once.
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

interface QuestRow {
  key: string;
  name: string;
  name_zh: string | null;
  description: string;
  description_zh: string | null;
  period: QuestDefinition['period'];
  criterion: QuestDefinition['criterion'];
  target: number;
  reward: number;
  is_active: boolean;
}

export async function loadQuests(tx: Queryable, guildId: string): Promise<QuestDefinition[]> {
  const { rows } = await tx.query<QuestRow>(
    `SELECT key, name, name_zh, description, description_zh, period, criterion, target, reward, is_active
     FROM quests WHERE guild_id = $1 ORDER BY position, key`,
    [guildId],
  );
  return rows.map((row) => ({
    key: row.key,
    name: row.name,
    ...(row.name_zh === null ? {} : { nameZh: row.name_zh }),
    description: row.description,
    ...(row.description_zh === null ? {} : { descriptionZh: row.description_zh }),
    period: row.period,
    criterion: row.criterion,
    target: row.target,
    reward: row.reward,
    active: row.is_active,
  }));
}

interface AchievementRow {
  key: string;
  name: string;
  name_zh: string | null;
  description: string;
  description_zh: string | null;
  stat: AchievementDefinition['criterion']['stat'];
  at_least: number;
  karma_reward: number;
  hidden: boolean;
}

export async function loadAchievements(tx: Queryable, guildId: string): Promise<AchievementDefinition[]> {
  const { rows } = await tx.query<AchievementRow>(
    `SELECT key, name, name_zh, description, description_zh, stat, at_least, karma_reward, hidden
     FROM achievements WHERE guild_id = $1 AND is_active ORDER BY position, key`,
    [guildId],
  );
  return rows.map((row) => ({
    key: row.key,
    name: row.name,
    ...(row.name_zh === null ? {} : { nameZh: row.name_zh }),
    description: row.description,
    ...(row.description_zh === null ? {} : { descriptionZh: row.description_zh }),
    criterion: { stat: row.stat, atLeast: row.at_least },
    karmaReward: row.karma_reward,
    hidden: row.hidden,
  }));
}

export async function loadConfig(tx: Queryable, guildId: string): Promise<GuildConfig | null> {
  const stored = await loadStoredSettings(tx, guildId);
  if (!stored) return null;
  const [quests, achievements] = [await loadQuests(tx, guildId), await loadAchievements(tx, guildId)];
  return buildConfig(stored, quests, achievements);
}

/** Replaces a guild's quest catalog; quests left out are deactivated (their progress rows stay). */
export async function writeQuests(
  tx: Queryable,
  guildId: string,
  quests: readonly QuestDefinition[],
): Promise<void> {
  await tx.query(
    `INSERT INTO quests AS q (guild_id, key, name, name_zh, description, description_zh, period, criterion,
                              target, reward, is_active, position)
     SELECT $1::bigint, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::int[], $10::int[], $11::boolean[], $12::int[])
     ON CONFLICT (guild_id, key) DO UPDATE SET
       name = EXCLUDED.name, name_zh = EXCLUDED.name_zh, description = EXCLUDED.description,
       description_zh = EXCLUDED.description_zh, period = EXCLUDED.period, criterion = EXCLUDED.criterion,
       target = EXCLUDED.target, reward = EXCLUDED.reward, is_active = EXCLUDED.is_active,
       position = EXCLUDED.position, updated_at = now()`,
    [
      guildId,
      quests.map((q) => q.key),
      quests.map((q) => q.name),
      quests.map((q) => q.nameZh ?? null),
      quests.map((q) => q.description),
      quests.map((q) => q.descriptionZh ?? null),
      quests.map((q) => q.period),
      quests.map((q) => q.criterion),
      quests.map((q) => q.target),
      quests.map((q) => q.reward),
      quests.map((q) => q.active),
      quests.map((_, i) => i),
    ],
  );
  await tx.query(
    'UPDATE quests SET is_active = false, updated_at = now() WHERE guild_id = $1 AND key <> ALL($2::text[]) AND is_active',
    [guildId, quests.map((q) => q.key)],
  );
}

/** Replaces a guild's achievement catalog; achievements left out are deactivated (unlocks stay). */
export async function writeAchievements(
  tx: Queryable,
  guildId: string,
  achievements: readonly AchievementDefinition[],
): Promise<void> {
  await tx.query(
    `INSERT INTO achievements AS a (guild_id, key, name, name_zh, description, description_zh, stat, at_least,
                                    karma_reward, hidden, is_active, position)
     SELECT $1::bigint, k, n, nz, d, dz, s, l, r, h, true, p
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
                 $9::int[], $10::boolean[], $11::int[]) AS t(k, n, nz, d, dz, s, l, r, h, p)
     ON CONFLICT (guild_id, key) DO UPDATE SET
       name = EXCLUDED.name, name_zh = EXCLUDED.name_zh, description = EXCLUDED.description,
       description_zh = EXCLUDED.description_zh, stat = EXCLUDED.stat, at_least = EXCLUDED.at_least,
       karma_reward = EXCLUDED.karma_reward, hidden = EXCLUDED.hidden, is_active = true,
       position = EXCLUDED.position, updated_at = now()`,
    [
      guildId,
      achievements.map((a) => a.key),
      achievements.map((a) => a.name),
      achievements.map((a) => a.nameZh ?? null),
      achievements.map((a) => a.description),
      achievements.map((a) => a.descriptionZh ?? null),
      achievements.map((a) => a.criterion.stat),
      achievements.map((a) => a.criterion.atLeast),
      achievements.map((a) => a.karmaReward),
      achievements.map((a) => a.hidden),
      achievements.map((_, i) => i),
    ],
  );
  await tx.query(
    'UPDATE achievements SET is_active = false, updated_at = now() WHERE guild_id = $1 AND key <> ALL($2::text[]) AND is_active',
    [guildId, achievements.map((a) => a.key)],
  );
}

/** Rewrites `user_levels` for a guild from its derived table. */
export async function writeLevelTable(tx: Queryable, guildId: string, table: LevelTable): Promise<void> {
  await tx.query('DELETE FROM user_levels WHERE guild_id = $1', [guildId]);
  await tx.query(
    `INSERT INTO user_levels (guild_id, level, required_karma, title, title_key, privileges, role_reward_id)
     SELECT $1::bigint, l, k, t, tk, CASE WHEN p = '' THEN '{}'::text[] ELSE string_to_array(p, ',') END, r
     FROM unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[])
       AS x(l, k, t, tk, p, r)`,
    [
      guildId,
      table.map((row) => row.level),
      table.map((row) => row.requiredKarma),
      table.map((row) => row.title),
      table.map((row) => row.titleKey),
      // Privileges are stable keys without commas, so a joined string keeps one array per row.
      table.map((row) => row.privileges.join(',')),
      table.map((row) => row.roleRewardId ?? null),
    ],
  );
}

export interface LevelTableRow {
  level: number;
  requiredKarma: number;
  title: string;
  titleKey: string | null;
  privileges: string[];
  roleRewardId: string | null;
}

export async function readLevelTable(db: Queryable, guildId: string): Promise<LevelTableRow[]> {
  const { rows } = await db.query<{
    level: number;
    required_karma: string;
    title: string;
    title_key: string | null;
    privileges: string[];
    role_reward_id: string | null;
  }>(
    `SELECT level, required_karma, title, title_key, privileges, role_reward_id::text AS role_reward_id
     FROM user_levels WHERE guild_id = $1 ORDER BY level`,
    [guildId],
  );
  return rows.map((row) => ({
    level: row.level,
    requiredKarma: Number(row.required_karma),
    title: row.title,
    titleKey: row.title_key,
    privileges: row.privileges,
    roleRewardId: row.role_reward_id,
  }));
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
