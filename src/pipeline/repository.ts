import { pgArray, pgNumbers } from '../platform/db/arrays.ts';
import type { Queryable } from '../platform/db/port.ts';

/**
 * Records event ids (with their kind and guild, same order) in `pipeline_events`, the pipeline's own
 * table of the counting events already applied, and returns those that were already there. It answers with the known ids (almost always none) rather than the thousands inserted, so a
 * batch does not parse its own ids back.
 */
export async function recordEventIds(
  tx: Queryable,
  ids: readonly string[],
  kinds: readonly string[],
  guilds: readonly string[],
): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) AS t(id, kind, guild_id)),
     inserted AS (
       INSERT INTO pipeline_events (event_id, kind, guild_id) SELECT id, kind, guild_id FROM input
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id
     )
     SELECT id FROM input EXCEPT ALL SELECT event_id FROM inserted`,
    [pgArray(ids), pgArray(kinds), pgNumbers(guilds)],
  );
  return rows.map((row) => row.id);
}
