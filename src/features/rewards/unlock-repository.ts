import type { Queryable } from '../../platform/db/port.ts';

/**
 * SQL of `user_achievements`: which member unlocked which achievement, and when. Written by the
 * settlement (an unlock and its reward commit together); read by the achievements feature.
 */

/** Unlocks achievements; returns the (member key, achievement key) pairs that were new. */
export async function insertUnlocks(
  tx: Queryable,
  unlocks: readonly { guildId: string; userId: string; key: string; at: Date }[],
): Promise<{ guildId: string; userId: string; key: string }[]> {
  if (unlocks.length === 0) return [];
  const { rows } = await tx.query<{ guild_id: string; user_id: string; achievement_key: string }>(
    `INSERT INTO user_achievements (guild_id, user_id, achievement_key, unlocked_at)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[])
     ON CONFLICT DO NOTHING RETURNING guild_id, user_id, achievement_key`,
    [
      unlocks.map((u) => u.guildId),
      unlocks.map((u) => u.userId),
      unlocks.map((u) => u.key),
      unlocks.map((u) => u.at.toISOString()),
    ],
  );
  return rows.map((row) => ({ guildId: row.guild_id, userId: row.user_id, key: row.achievement_key }));
}

/** A member's unlocks: achievement key -> when. */
export async function unlocksOf(db: Queryable, guildId: string, userId: string): Promise<Map<string, Date>> {
  const { rows } = await db.query<{ achievement_key: string; unlocked_at: Date }>(
    'SELECT achievement_key, unlocked_at FROM user_achievements WHERE guild_id = $1 AND user_id = $2',
    [guildId, userId],
  );
  return new Map(rows.map((row) => [row.achievement_key, row.unlocked_at]));
}
