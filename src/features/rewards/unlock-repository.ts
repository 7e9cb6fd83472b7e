import type { Selectable } from 'kysely';
import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { UserAchievements } from '../../platform/db/schema.gen.ts';

/**
 * SQL of `user_achievements`: which member unlocked which achievement, and when. Written by the
 * settlement (an unlock and its reward commit together); read by the achievements feature.
 */

/** The settlement's unlock insert's columns in `unnest` order, with the array type each travels as. */
export const UNLOCK_INSERT_COLUMNS = [
  ['guild_id', 'bigint'],
  ['user_id', 'bigint'],
  ['achievement_key', 'text'],
  ['unlocked_at', 'timestamptz'],
] as const satisfies readonly (readonly [keyof UserAchievements, string])[];

/** Raw SQL on purpose: it runs in the settlement of every pipeline batch, composed once. */
export const UNLOCK_INSERT = `INSERT INTO user_achievements (${UNLOCK_INSERT_COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${UNLOCK_INSERT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT DO NOTHING RETURNING guild_id, user_id, achievement_key`;

/** Unlocks achievements; returns the (member key, achievement key) pairs that were new. */
export async function insertUnlocks(
  tx: Queryable,
  unlocks: readonly { guildId: string; userId: string; key: string; at: Date }[],
): Promise<{ guildId: string; userId: string; key: string }[]> {
  if (unlocks.length === 0) return [];
  const { rows } = await tx.query<
    Pick<Selectable<UserAchievements>, 'guild_id' | 'user_id' | 'achievement_key'>
  >(UNLOCK_INSERT, [
    unlocks.map((u) => u.guildId),
    unlocks.map((u) => u.userId),
    unlocks.map((u) => u.key),
    unlocks.map((u) => u.at.toISOString()),
  ]);
  return rows.map((row) => ({ guildId: row.guild_id, userId: row.user_id, key: row.achievement_key }));
}

/** A member's unlocks: achievement key -> when. */
export async function unlocksOf(db: Queryable, guildId: string, userId: string): Promise<Map<string, Date>> {
  const rows = await kyselyOf(db)
    .selectFrom('user_achievements')
    .select(['achievement_key', 'unlocked_at'])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .execute();
  return new Map(rows.map((row) => [row.achievement_key, row.unlocked_at]));
}
