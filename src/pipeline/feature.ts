import type { Queryable } from '../platform/db/port.ts';
import type { DomainEvent } from './events.ts';

/**
 * A feature's part in the pipeline. `apply` runs inside the batch transaction with the events that
 * were not applied before (in arrival order), writes what its rules derive from them, and may
 * return work to do once the batch is committed (hot store updates, notifications, jobs).
 *
 * Under load a batch is split by member into transactions written at the same time (partition.ts):
 * a rule may read and write anything of the members its events name, but a rule that relates members
 * in another way (all members in voice, say) must add that link to `membersOf` there.
 */
export interface PipelineFeature {
  readonly name: string;
  apply(tx: Queryable, events: readonly DomainEvent[]): Promise<AfterCommit | undefined>;
}

export type AfterCommit = () => Promise<void>;
