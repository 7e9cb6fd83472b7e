import type { Queryable } from '../platform/db/port.ts';
import type { DomainEvent } from './events.ts';

/**
 * A feature's part in the pipeline. `apply` runs inside the batch transaction with the events that
 * were not applied before (in arrival order), writes what its rules derive from them, and may
 * return work to do once the batch is committed (hot store updates, notifications, jobs).
 *
 * Under load a batch is split into transactions written at the same time (partition.ts), and
 * `touches` is the only thing that split looks at. For every event, a feature names what its
 * `apply` reads or writes because of that event:
 *
 * - `touched.member(key)` for each member whose rows it reads or writes. A key is a user id of the
 *   event's guild, shared by all features ("this member's rows, whichever table they are in"), or a
 *   named pseudo-member for a set of rows that is not one member's: presence's `voice` (every voice
 *   session of the guild, which voice karma reads as company), activity's unknown author (the
 *   statistics of deleted messages whose author Discord did not tell). A pseudo-member's name is
 *   never all digits, so it cannot meet a user id; a feature that reads another feature's
 *   pseudo-member rows declares that name too.
 * - `touched.wholeGuild()` when it reads or writes rows that the rules of any member of the guild
 *   may read (the guild's channels, say): all the guild's events of the batch then go into one
 *   transaction, in arrival order, while other guilds are still split.
 * - nothing when it ignores the event.
 *
 * Events of a guild that share a key, directly or through other events of the round, are written
 * in one transaction in arrival order (all of them, when the guild is whole); nothing else is. So
 * what `apply` does for an event may depend only on rows under the keys named for it (by any
 * feature: karma reads the `members` row that sync declares for the same user id). Declaring more than needed is always safe (it only splits less);
 * declaring less lets two transactions work on the same rows, and the result then depends on
 * timing (the pipeline's property test, writers-equivalence.test.ts, catches it). Copies of one
 * event (same id) must get the same declaration, so that they meet in one transaction where the
 * second is recognised as a duplicate. Two kinds of shared rows need no declaration, because they
 * come out the same whichever transaction is first: rows inserted once with the same content by
 * whoever gets there (karma's default settings of a guild seen for the first time), and counters
 * that writers only add to (`leaderboard_counts`, kept by a trigger on `user_karma`). Called for
 * every event of a large round: no I/O, and no allocation where it can be helped.
 */
export interface PipelineFeature {
  readonly name: string;
  touches(event: DomainEvent, touched: Touched): void;
  apply(tx: Queryable, events: readonly DomainEvent[]): Promise<AfterCommit | undefined>;
}

/** Where `PipelineFeature.touches` reports what an event touches (see there). */
export interface Touched {
  /** `apply` reads or writes rows of this member of the event's guild (a user id or a pseudo-member). */
  member(key: string): void;
  /** `apply` reads or writes rows that rules of any member of the event's guild may read. */
  wholeGuild(): void;
}

export type AfterCommit = () => Promise<void>;
