import type { Queryable } from '../../platform/db/port.ts';
import type { GuildConfig } from './config.ts';
import type { KarmaRuntime } from './context.ts';
import { type InsertedEntry, type LedgerEntry, lockMembers } from './member-repository.ts';
import type { MemberState } from './member-state.ts';
import { memberKey } from './member-state.ts';
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
  runtime: KarmaRuntime,
  tx: Queryable,
  guildId: string,
  userId: string,
  decide: (context: {
    config: GuildConfig;
    state: MemberState;
    /** Proposes ledger entries; returns those the ledger accepted (already added to the total). */
    pay: (entries: readonly LedgerEntry[]) => Promise<InsertedEntry[]>;
  }) => Promise<T>,
): Promise<MemberTransaction<T>> {
  const config = await runtime.configs.one(tx, guildId);
  const [state] = await lockMembers(tx, [{ guildId, userId }], runtime.members);
  if (!state) throw new Error(`could not lock member ${guildId}:${userId}`);
  const states = new Map([[memberKey(guildId, userId), state]]);
  const result = await decide({
    config,
    state,
    pay: (entries) => payEntries(tx, states, entries),
  });
  const settlement = await settle(tx, new Map([[guildId, config]]), states, runtime.now());
  return { result, settlement };
}
