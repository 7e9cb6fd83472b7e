import type { Queryable } from '../../platform/db/port.ts';
import { achievementAward, evaluate } from '../achievements/domain/index.ts';
import { levelForKarma } from '../levels/domain/index.ts';
import type { RewardConsumer, RewardFact } from './consumers.ts';
import type { GuildConfig } from './domain/config.ts';
import type { InsertedEntry, LedgerEntry } from './domain/ledger.ts';
import { type LockedMembers, type MemberState, statsOf } from './domain/member-state.ts';
import { insertLedger } from './ledger-repository.ts';
import { insertLevelChanges, type LevelChangeRow } from './level-change-repository.ts';
import { saveMembers } from './member-repository.ts';
import { insertUnlocks } from './unlock-repository.ts';

/**
 * The common end of every path that moves karma (pipeline batch, quest claim, admin adjustment, voice
 * minutes, level import): apply what the ledger actually accepted, unlock achievements (whose rewards
 * may unlock more, e.g. a level achievement), settle levels, write the members back, record level
 * changes and tell the reward consumers — all in the caller's transaction, so karma and its
 * consequences commit or vanish together.
 */

export interface Settlement {
  /** Members whose total moved, with their new total (for the leaderboard). */
  totals: { guildId: string; userId: string; total: number }[];
  levelChanges: LevelChangeRow[];
  unlocked: { guildId: string; userId: string; key: string }[];
}

/** Inserts entries into the ledger and adds what it accepted to the members' totals. */
export async function payEntries(
  tx: Queryable,
  members: LockedMembers,
  entries: readonly LedgerEntry[],
): Promise<InsertedEntry[]> {
  const inserted = await insertLedger(tx, entries);
  for (const entry of inserted) {
    members.get(entry.guildId, entry.userId).total += entry.delta;
    members.paid.push(entry);
  }
  return inserted;
}

const MAX_ACHIEVEMENT_PASSES = 4;

export async function settle(
  tx: Queryable,
  configs: ReadonlyMap<string, GuildConfig>,
  members: LockedMembers,
  at: Date,
  consumers: readonly RewardConsumer[],
): Promise<Settlement> {
  const states = members.values();
  const unlockedAll: Settlement['unlocked'] = [];
  for (let pass = 0; pass < MAX_ACHIEVEMENT_PASSES; pass++) {
    const candidates: { guildId: string; userId: string; key: string; at: Date }[] = [];
    for (const state of states) {
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
      const state = members.get(candidate.guildId, candidate.userId);
      if (!state.achievementKeys.includes(candidate.key)) state.achievementKeys.push(candidate.key);
    }
    const rewards: LedgerEntry[] = [];
    for (const unlock of inserted) {
      unlockedAll.push(unlock);
      const definition = configOf(configs, unlock.guildId).achievements.find((d) => d.key === unlock.key);
      const award = definition ? achievementAward(definition, unlock.userId) : null;
      if (award) rewards.push({ ...unlock, ...award, at });
    }
    if (rewards.length === 0) break;
    await payEntries(tx, members, rewards);
  }

  const levelChanges: LevelChangeRow[] = [];
  const totals: Settlement['totals'] = [];
  for (const state of states) {
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
  await saveMembers(tx, states);
  await insertLevelChanges(tx, levelChanges);
  if (consumers.length > 0) {
    const facts = rewardFacts(members.paid, states, at);
    if (facts.length > 0) for (const consumer of consumers) await consumer.consume(tx, facts);
  }
  return { totals, levelChanges, unlocked: unlockedAll };
}

/** What the transaction paid, as facts: its accepted ledger rows, then the levels members reached. */
export function rewardFacts(
  paid: readonly InsertedEntry[],
  states: readonly MemberState[],
  at: Date,
): RewardFact[] {
  const facts: RewardFact[] = paid.map((entry) => ({
    guildId: entry.guildId,
    userId: entry.userId,
    kind: entry.source,
    key: entry.sourceId,
    karma: entry.delta,
    level: null,
    at: entry.at,
  }));
  for (const state of states) {
    for (let level = state.loadedLevel + 1; level <= state.level; level++) {
      facts.push({
        guildId: state.guildId,
        userId: state.userId,
        kind: 'level',
        key: `${state.userId}:${level}`,
        karma: 0,
        level,
        at,
      });
    }
  }
  return facts;
}

/** Level changes matter to Discord only when the guild rewards roles or announces levels. */
export function wantsLevelChanges(config: GuildConfig): boolean {
  return config.levels.roleRewards.length > 0 || config.announcements.mode !== 'off';
}

function configOf(configs: ReadonlyMap<string, GuildConfig>, guildId: string): GuildConfig {
  const config = configs.get(guildId);
  if (!config) throw new Error(`no reward configuration loaded for guild ${guildId}`);
  return config;
}
