import type { KarmaRuntime } from '../rewards/context.ts';
import { wantsLevelChanges } from '../rewards/settle.ts';

/**
 * Re-derives every member's level of a guild from `user_levels` after its curve changed, in chunks of
 * members (keyset on user id, each chunk its own transaction), recording a level change for each
 * member whose level moved so role rewards follow. Members are locked in key order like every karma
 * writer, so this never deadlocks with the pipeline.
 */
export async function recomputeLevels(
  runtime: KarmaRuntime,
  guildId: string,
  chunk = 2000,
): Promise<{ members: number; changed: number }> {
  let after = '0';
  let members = 0;
  let changed = 0;
  for (;;) {
    const result = await runtime.db.transaction(async (tx) => {
      const config = await runtime.configs.one(tx, guildId);
      const { rows } = await tx.query<{ user_id: string; old_level: number; new_level: number }>(
        `WITH chunk AS (
           SELECT guild_id, user_id, total, current_level FROM user_karma
           WHERE guild_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3 FOR UPDATE
         ), derived AS (
           SELECT c.user_id, c.current_level AS old_level,
                  coalesce((SELECT max(l.level) FROM user_levels l
                            WHERE l.guild_id = c.guild_id AND l.required_karma <= c.total), 0) AS new_level
           FROM chunk c
         ), updated AS (
           UPDATE user_karma uk SET current_level = d.new_level, updated_at = now()
           FROM derived d
           WHERE uk.guild_id = $1 AND uk.user_id = d.user_id AND d.new_level <> d.old_level
         )
         SELECT user_id, old_level, new_level FROM derived ORDER BY user_id`,
        [guildId, after, chunk],
      );
      const moved = rows.filter((r) => r.new_level !== r.old_level);
      if (moved.length > 0 && wantsLevelChanges(config)) {
        await tx.query(
          `INSERT INTO level_changes (guild_id, user_id, from_level, to_level)
           SELECT $1, * FROM unnest($2::bigint[], $3::int[], $4::int[])`,
          [
            guildId,
            moved.map((r) => r.user_id),
            moved.map((r) => r.old_level),
            moved.map((r) => r.new_level),
          ],
        );
      }
      return { count: rows.length, moved: moved.length, last: rows.at(-1)?.user_id };
    });
    members += result.count;
    changed += result.moved;
    if (result.count < chunk || result.last === undefined) break;
    after = result.last;
  }
  return { members, changed };
}
