import { type InsertedEntry, type LedgerEntry, ledgerKey } from '../../rewards/domain/ledger.ts';
import type { MemberActivity, MemberState, StreakState } from '../../rewards/domain/member-state.ts';
import { updateStreak, utcDayKey } from './streak.ts';

/**
 * Bookkeeping of one transaction's activity: which members did what (per UTC day, for quests),
 * which ledger entries were proposed and which activity each one belongs to (so quest `karma_earned`
 * counts only what the ledger accepted), and which channels members posted in.
 */
export class ActivityBook {
  readonly entries: LedgerEntry[] = [];
  readonly channels: { guildId: string; userId: string; channelId: string }[] = [];
  // Keyed by the member's state object (one per member per transaction): the pipeline asks for every
  // event, and building string keys cost more than the rules themselves.
  readonly #acc = new Map<MemberState, Acc[]>();
  readonly #order: Acc[] = [];
  readonly #earned: { delta: MutableDelta; key: string; amount: number }[] = [];
  readonly #channelSeen = new Map<MemberState, Set<string>>();

  /** The activity record of a member for the UTC day of `at` (latest `at` kept). */
  delta(state: MemberState, at: Date): MutableDelta {
    const day = dayKeyOf(at);
    let list = this.#acc.get(state);
    if (!list) {
      list = [];
      this.#acc.set(state, list);
    }
    let acc = list.find((a) => a.day === day);
    if (!acc) {
      acc = { state, day, at, delta: emptyDelta() };
      list.push(acc);
      this.#order.push(acc);
    } else if (at.getTime() > acc.at.getTime()) {
      acc.at = at;
    }
    return acc.delta;
  }

  /** Proposes a ledger entry; if accepted, its karma counts as earned in `delta`. */
  pay(entry: LedgerEntry, delta: MutableDelta | null): void {
    this.entries.push(entry);
    if (delta) this.#earned.push({ delta, key: ledgerKey(entry), amount: entry.delta });
  }

  /** Remembers a channel the member posted in, unless `needed` says the count no longer matters. */
  channel(state: MemberState, channelId: string, needed = true): void {
    if (!needed) return;
    let seen = this.#channelSeen.get(state);
    if (!seen) {
      seen = new Set();
      this.#channelSeen.set(state, seen);
    }
    if (seen.has(channelId)) return;
    seen.add(channelId);
    this.channels.push({ guildId: state.guildId, userId: state.userId, channelId });
  }

  /** Credits `karmaEarned` for the entries the ledger accepted. */
  accepted(inserted: readonly InsertedEntry[]): void {
    if (inserted.length === this.entries.length) {
      // Every proposed entry went in (the ledger returns each key at most once).
      for (const earned of this.#earned) earned.delta.karmaEarned += earned.amount;
      return;
    }
    const keys = new Set(inserted.map(ledgerKey));
    for (const earned of this.#earned) if (keys.has(earned.key)) earned.delta.karmaEarned += earned.amount;
  }

  activities(): MemberActivity[] {
    return this.#order.map((acc) => ({
      state: acc.state,
      at: acc.at,
      delta: { ...acc.delta, channelIds: [...acc.delta.channelIds], streakDays: acc.state.currentStreak },
    }));
  }
}

interface Acc {
  state: MemberState;
  day: string;
  at: Date;
  delta: MutableDelta;
}

export interface MutableDelta {
  messages: number;
  replies: number;
  attachments: number;
  reactionsGiven: number;
  reactionsReceived: number;
  voiceMinutes: number;
  karmaEarned: number;
  channelIds: string[];
}

function emptyDelta(): MutableDelta {
  return {
    messages: 0,
    replies: 0,
    attachments: 0,
    reactionsGiven: 0,
    reactionsReceived: 0,
    voiceMinutes: 0,
    karmaEarned: 0,
    channelIds: [],
  };
}

/** The member did something themselves today (a message, a reaction, voice): the streak moves. */
export function touchStreak(state: StreakState, at: Date): void {
  const today = dayKeyOf(at);
  // Another event of a day already counted changes nothing (updateStreak's 'same_day').
  if (state.lastActiveDay === today && state.currentStreak > 0) {
    if (state.currentStreak > state.longestStreak) state.longestStreak = state.currentStreak;
    return;
  }
  const update = updateStreak(state.lastActiveDay, today, state.currentStreak);
  state.currentStreak = update.current;
  state.lastActiveDay = update.lastActiveDay;
  if (update.current > state.longestStreak) state.longestStreak = update.current;
}

const DAY_MS = 86_400_000;
const dayKeys = new Map<number, string>();

/** `utcDayKey`, memoized by day number: the pipeline asks for every event. */
export function dayKeyOf(at: Date): string {
  const day = Math.floor(at.getTime() / DAY_MS);
  let key = dayKeys.get(day);
  if (key === undefined) {
    key = utcDayKey(at);
    if (dayKeys.size > 4096) dayKeys.clear();
    dayKeys.set(day, key);
  }
  return key;
}
