import type { Db } from '../platform/db/port.ts';
import type { DomainEvent } from './events.ts';
import type { AfterCommit, PipelineFeature } from './feature.ts';

export interface BatchResult {
  applied: DomainEvent[];
  duplicates: number;
  afterCommit: AfterCommit[];
}

/**
 * Writes one batch in one transaction. The ids of counting events are inserted into
 * pipeline_events first; only those that were new (and each only once within the batch) reach the
 * features. If anything fails, nothing of the batch is kept, so retrying it is always safe.
 */
export async function writeBatch(
  db: Db,
  events: readonly DomainEvent[],
  features: readonly PipelineFeature[],
): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const ids: string[] = [];
    const kinds: string[] = [];
    const guilds: string[] = [];
    for (const event of events) {
      if (event.id === null) continue;
      ids.push(event.id);
      kinds.push(event.kind);
      guilds.push(event.guildId);
    }
    let fresh = new Set<string>();
    if (ids.length > 0) {
      const { rows } = await tx.query<{ event_id: string }>(
        `INSERT INTO pipeline_events (event_id, kind, guild_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id`,
        [ids, kinds, guilds],
      );
      fresh = new Set(rows.map((r) => r.event_id));
    }
    const applied: DomainEvent[] = [];
    let duplicates = 0;
    for (const event of events) {
      if (event.id === null) {
        applied.push(event);
      } else if (fresh.delete(event.id)) {
        // delete(): a second copy of the same id in this batch finds it gone and counts as a duplicate.
        applied.push(event);
      } else {
        duplicates++;
      }
    }
    const afterCommit: AfterCommit[] = [];
    if (applied.length > 0) {
      for (const feature of features) {
        const after = await feature.apply(tx, applied);
        if (after) afterCommit.push(after);
      }
    }
    return { applied, duplicates, afterCommit };
  });
}
