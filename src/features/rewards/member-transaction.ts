import type { Queryable } from '../../platform/db/port.ts';
import type { RewardsContext } from './context.ts';
import type { GuildConfig } from './domain/config.ts';
import type { InsertedEntry, LedgerEntry } from './domain/ledger.ts';
import { LockedMembers, type MemberState } from './domain/member-state.ts';
import { lockMembers } from './member-repository.ts';
import { payEntries, type Settlement, settle } from './settle.ts';

/**
 * One member's karma change outside the pipeline (claim, adjustment, voice minutes), in the caller's
 * transaction: configuration, the member's row locked first (the same lock order as the pipeline),
 * the caller's decision, the ledger, then settlement. The caller runs `afterCommit` once committed.
 */
export interface MemberTransaction<T> {
  result: T;
  settlement: Settlement;
}

export async function withMember<T>(
  context: RewardsContext,
  tx: Queryable,
  guildId: string,
  userId: string,
  decide: (member: {
    config: GuildConfig;
    state: MemberState;
    /** Proposes ledger entries; returns those the ledger accepted (already added to the total). */
    pay: (entries: readonly LedgerEntry[]) => Promise<InsertedEntry[]>;
  }) => Promise<T>,
): Promise<MemberTransaction<T>> {
  const config = await context.configs.one(tx, guildId);
  const [state] = await lockMembers(tx, [{ guildId, userId }], context.knownMembers);
  if (!state) throw new Error(`could not lock member ${guildId}:${userId}`);
  const members = new LockedMembers([state]);
  const result = await decide({ config, state, pay: (entries) => payEntries(tx, members, entries) });
  const settlement = await settle(
    tx,
    new Map([[guildId, config]]),
    members,
    context.now(),
    context.consumers,
  );
  return { result, settlement };
}
