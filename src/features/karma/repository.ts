import { pgNumbers } from '../../platform/db/arrays.ts';
import type { Queryable } from '../../platform/db/port.ts';

/**
 * SQL of `karma_member_channels`: the channels each member posted in, for the distinct-channels
 * counter (achievements like "post in 10 channels"). Written by the karma pipeline in batches.
 */

/** Records channels members posted in; returns how many were new per member key. */
export async function addMemberChannels(
  tx: Queryable,
  triples: readonly { guildId: string; userId: string; channelId: string }[],
): Promise<Map<string, number>> {
  const fresh = new Map<string, number>();
  if (triples.length === 0) return fresh;
  const { rows } = await tx.query<{ guild_id: string; user_id: string }>(
    `INSERT INTO karma_member_channels (guild_id, user_id, channel_id)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])
     ON CONFLICT DO NOTHING RETURNING guild_id, user_id`,
    [
      pgNumbers(triples.map((t) => t.guildId)),
      pgNumbers(triples.map((t) => t.userId)),
      pgNumbers(triples.map((t) => t.channelId)),
    ],
  );
  for (const row of rows) {
    const key = `${row.guild_id}:${row.user_id}`;
    fresh.set(key, (fresh.get(key) ?? 0) + 1);
  }
  return fresh;
}
