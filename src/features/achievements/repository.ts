import { sql } from 'kysely';
import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { AchievementDefinition } from './domain/index.ts';

/** SQL of `achievements`: a guild's achievement catalog, in display order (`position`). */

export async function loadAchievements(tx: Queryable, guildId: string): Promise<AchievementDefinition[]> {
  const rows = await kyselyOf(tx)
    .selectFrom('achievements')
    .select([
      'key',
      'name',
      'name_zh',
      'description',
      'description_zh',
      'stat',
      'at_least',
      'karma_reward',
      'hidden',
    ])
    .where('guild_id', '=', guildId)
    .where('is_active', '=', true)
    .orderBy('position')
    .orderBy('key')
    // Only the catalog's validated writes (writeAchievements) put a stat in the column.
    .$narrowType<{ stat: AchievementDefinition['criterion']['stat'] }>()
    .execute();
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
  // Raw SQL: the whole catalog as one `unnest` of arrays, also run when the pipeline seeds a new guild.
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
  await kyselyOf(tx)
    .updateTable('achievements')
    .set({ is_active: false, updated_at: sql`now()` })
    .where('guild_id', '=', guildId)
    .where('key', '<>', sql<string>`all(${achievements.map((a) => a.key)}::text[])`)
    .where('is_active', '=', true)
    .execute();
}
