import type { Queryable } from '../platform/db/port.ts';
import type { DomainEvent } from './events.ts';

/**
 * A feature's part in the pipeline. `apply` runs inside the batch transaction with the events that
 * were not applied before (in arrival order), writes what its rules derive from them, and may
 * return work to do once the batch is committed (hot store updates, notifications, jobs).
 */
export interface PipelineFeature {
  readonly name: string;
  apply(tx: Queryable, events: readonly DomainEvent[]): Promise<AfterCommit | undefined>;
}

export type AfterCommit = () => Promise<void>;
