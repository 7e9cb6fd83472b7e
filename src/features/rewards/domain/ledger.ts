import type { KarmaSource } from '../../karma/domain/index.ts';

/**
 * The ledger's entries as the rules propose them and as the ledger accepts them (rewards/
 * ledger-repository.ts writes them). Pure: the rules and their bookkeeping use these types too.
 */

export interface LedgerEntry {
  guildId: string;
  userId: string;
  delta: number;
  reason: string;
  source: KarmaSource;
  sourceId: string;
  at: Date;
  actorId?: string | null;
}

/** An entry the ledger accepted: its (guild, source, source id) was not there before. */
export interface InsertedEntry {
  guildId: string;
  userId: string;
  delta: number;
  source: KarmaSource;
  sourceId: string;
  at: Date;
}

/** The ledger's uniqueness key, as one string. */
export function ledgerKey(entry: { guildId: string; source: string; sourceId: string }): string {
  return `${entry.guildId}\u0000${entry.source}\u0000${entry.sourceId}`;
}
