import type { Queryable } from '../../platform/db/port.ts';
import { achievementAward, evaluate } from '../achievements/domain/index.ts';
import { levelForKarma } from '../levels/domain/index.ts';
import type { GuildConfig } from './config.ts';
import {
  type InsertedEntry,
  insertLedger,
  insertLevelChanges,
  insertUnlocks,
  type LedgerEntry,
  type LevelChangeRow,
  saveMembers,
} from './member-repository.ts';
import { type MemberState, memberKey, statsOf } from './member-state.ts';

/**
 * The common end of every path that moves karma (pipeline batch, quest claim, admin adjustment, voice
 * minutes): apply what the ledger actually accepted, unlock achievements (whose rewards may unlock
 * more, e.g. a level achievement), settle levels, write the members back and record level changes —
 * all in the caller's transaction, so karma and its consequences commit or vanish together.
 */

export interface Settlement {
  /** Members whose total moved, with their new total (for the leaderboard). */
  totals: { guildId: string; userId: string; total: number }[];
  levelChanges: LevelChangeRow[];
  unlocked: { guildId: string; userId: string; key: string }[];
}

/** Adds accepted ledger rows to the members' totals; returns the karma accepted per member key. */
export function applyInserted(
  states: ReadonlyMap<string, MemberState>,
  inserted: readonly InsertedEntry[],
): Map<string, number> {
  const perMember = new Map<string, number>();
  for (const entry of inserted) {
    const key = memberKey(entry.guildId, entry.userId);
    const state = states.get(key);
    if (!state) throw new Error(`ledger row for member ${key} who is not locked in this transaction`);
    state.total += entry.delta;
    perMember.set(key, (perMember.get(key) ?? 0) + entry.delta);
  }
  return perMember;
}

/** Inserts entries and applies what was accepted. */
export async function payEntries(
  tx: Queryable,
  states: ReadonlyMap<string, MemberState>,
  entries: readonly LedgerEntry[],
): Promise<InsertedEntry[]> {
  const inserted = await insertLedger(tx, entries);
  applyInserted(states, inserted);
  return inserted;
}

const MAX_ACHIEVEMENT_PASSES = 4;

export async function settle(
  tx: Queryable,
  configs: ReadonlyMap<string, GuildConfig>,
  states: ReadonlyMap<string, MemberState>,
  at: Date,
): Promise<Settlement> {
  const members = [...states.values()];
  const unlockedAll: Settlement['unlocked'] = [];
  for (let pass = 0; pass < MAX_ACHIEVEMENT_PASSES; pass++) {
    const candidates: { guildId: string; userId: string; key: string; at: Date }[] = [];
    for (const state of members) {
      const config = configOf(configs, state.guildId);
      state.level = levelForKarma(config.table, state.total);
      if (config.achievements.length === 0) continue;
      for (const definition of evaluate(config.achievements, statsOf(state), state.achievementKeys)) {
        candidates.push({ guildId: state.guildId, userId: state.userId, key: definition.key, at });
      }
    }
    if (candidates.length === 0) break;
    const inserted = await insertUnlocks(tx, candidates);
    // Every candidate is unlocked now, inserted here or earlier (the key cache was stale).
    for (const candidate of candidates) {
      const state = states.get(memberKey(candidate.guildId, candidate.userId));
      if (state && !state.achievementKeys.includes(candidate.key)) state.achievementKeys.push(candidate.key);
    }
    const rewards: LedgerEntry[] = [];
    for (const unlock of inserted) {
      unlockedAll.push(unlock);
      const definition = configOf(configs, unlock.guildId).achievements.find((d) => d.key === unlock.key);
      const award = definition ? achievementAward(definition, unlock.userId) : null;
      if (award) rewards.push({ ...unlock, ...award, at });
    }
    if (rewards.length === 0) break;
    await payEntries(tx, states, rewards);
  }

  const levelChanges: LevelChangeRow[] = [];
  const totals: Settlement['totals'] = [];
  for (const state of members) {
    const config = configOf(configs, state.guildId);
    state.level = levelForKarma(config.table, state.total);
    if (state.total !== state.loadedTotal) {
      totals.push({ guildId: state.guildId, userId: state.userId, total: state.total });
    }
    if (state.level !== state.loadedLevel && wantsLevelChanges(config)) {
      levelChanges.push({
        guildId: state.guildId,
        userId: state.userId,
        fromLevel: state.loadedLevel,
        toLevel: state.level,
        channelId: state.lastChannelId,
      });
    }
  }
  await saveMembers(tx, members);
  await insertLevelChanges(tx, levelChanges);
  return { totals, levelChanges, unlocked: unlockedAll };
}

/** Level changes matter to Discord only when the guild rewards roles or announces levels. */
export function wantsLevelChanges(config: GuildConfig): boolean {
  return config.levels.roleRewards.length > 0 || config.announcements.mode !== 'off';
}

function configOf(configs: ReadonlyMap<string, GuildConfig>, guildId: string): GuildConfig {
  const config = configs.get(guildId);
  if (!config) throw new Error(`no karma configuration loaded for guild ${guildId}`);
  return config;
}
