import type { Db, Queryable } from '../platform/db/port.ts';
import type { DomainEvent } from './events.ts';
import type { AfterCommit, PipelineFeature } from './feature.ts';
import { recordEventIds } from './repository.ts';

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
    const fresh = await admit(tx, events);
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

/** Records the ids of counting events in pipeline_events; returns those that were new. */
async function admit(tx: Queryable, events: readonly DomainEvent[]): Promise<Set<string>> {
  const fresh = new Set<string>();
  const kinds: string[] = [];
  const guilds: string[] = [];
  for (const event of events) {
    if (event.id === null || fresh.has(event.id)) continue;
    fresh.add(event.id);
    kinds.push(event.kind);
    guilds.push(event.guildId);
  }
  if (fresh.size === 0) return fresh;
  for (const known of await recordEventIds(tx, [...fresh], kinds, guilds)) fresh.delete(known);
  return fresh;
}
