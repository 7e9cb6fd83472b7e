import type { Queryable } from '../../platform/db/port.ts';
import type { KarmaSource } from '../karma/domain/index.ts';

/**
 * The seam for whatever else pays from the events that pay karma (the economy's coins next): the
 * settlement turns what a transaction really paid into reward facts and hands them to every
 * registered `RewardConsumer` inside that transaction, before it commits. So a consumer's writes
 * commit or vanish with the karma, and a replay, a retry or a double click, which the ledger refuses,
 * produces no fact and never reaches a consumer.
 *
 * Facts: every ledger row the transaction inserted (`kind` is its source: `quest` for a claimed
 * quest, `achievement` for an unlock's reward, `voice` for a voice or stream span, `message`,
 * `reaction`, `admin`, `import`), and every level a member reached for the first time in this
 * transaction (`level`; a member who climbs three levels at once reaches three). (guild, kind, key)
 * is unique, like the ledger's (guild, source, source id): a consumer that keys its own rows by it
 * pays each fact once even if the same level is reached again after karma was taken away.
 */

export type RewardFactKind = KarmaSource | 'level';

export interface RewardFact {
  guildId: string;
  userId: string;
  kind: RewardFactKind;
  /** The ledger's source id; for `level`, `<user id>:<level>`. */
  key: string;
  /** The karma the fact paid (0 for `level`). */
  karma: number;
  /** For `level`, the level reached; null otherwise. */
  level: number | null;
  at: Date;
}

/** A port: implemented by the consumer's feature, registered by the composition root. */
export interface RewardConsumer {
  readonly name: string;
  /**
   * The facts of one settlement (never empty), in the settling transaction. Throwing rolls the whole
   * transaction back: the karma is not paid either, and the pipeline retries or rejects the batch.
   */
  consume(tx: Queryable, facts: readonly RewardFact[]): Promise<void>;
}
