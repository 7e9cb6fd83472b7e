import type { Queryable } from '../../platform/db/port.ts';
import type { AchievementDefinition } from './domain/index.ts';

/** SQL of `achievements`: a guild's achievement catalog, in display order (`position`). */

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
