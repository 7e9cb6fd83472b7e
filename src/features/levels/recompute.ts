import type { RewardsContext } from '../rewards/context.ts';
import { insertLevelChanges } from '../rewards/level-change-repository.ts';
import { lockLevelChunk, setLevels } from '../rewards/member-repository.ts';
import { wantsLevelChanges } from '../rewards/settle.ts';
import { levelForKarma } from './domain/index.ts';

/**
 * Re-derives every member's level of a guild from its level table after its curve changed, in chunks
 * of members (keyset on user id, each chunk its own transaction), recording a level change for each
 * member whose level moved so role rewards follow. Members are locked in key order like every karma
 * writer, so this never deadlocks with the pipeline.
 */
export async function recomputeLevels(
  context: RewardsContext,
  guildId: string,
  chunk = 2000,
): Promise<{ members: number; changed: number }> {
  let after = '0';
  let members = 0;
  let changed = 0;
  for (;;) {
    const result = await context.db.transaction(async (tx) => {
      const config = await context.configs.one(tx, guildId);
      const rows = await lockLevelChunk(tx, guildId, after, chunk);
      const moved = rows
        .map((row) => ({ userId: row.userId, from: row.level, to: levelForKarma(config.table, row.total) }))
        .filter((row) => row.to !== row.from);
      await setLevels(
        tx,
        guildId,
        moved.map((row) => ({ userId: row.userId, level: row.to })),
      );
      if (wantsLevelChanges(config)) {
        await insertLevelChanges(
          tx,
          moved.map((row) => ({
            guildId,
            userId: row.userId,
            fromLevel: row.from,
            toLevel: row.to,
            channelId: null,
          })),
        );
      }
      return { count: rows.length, moved: moved.length, last: rows.at(-1)?.userId };
    });
    members += result.count;
    changed += result.moved;
    if (result.count < chunk || result.last === undefined) break;
    after = result.last;
  }
  return { members, changed };
}
