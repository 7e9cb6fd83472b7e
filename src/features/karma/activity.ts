import type { ActivityDelta } from '../quests/domain/index.ts';
import { updateStreak, utcDayKey } from './domain/index.ts';
import { type MemberState, memberKey } from './members.ts';
import type { InsertedEntry, LedgerEntry } from './repository.ts';

/**
 * Bookkeeping of one transaction's activity: which members did what (per UTC day, for quests),
 * which ledger entries were proposed and which activity each one belongs to (so quest `karma_earned`
 * counts only what the ledger accepted), and which channels members posted in.
 */
export class ActivityBook {
  readonly entries: LedgerEntry[] = [];
  readonly channels: { guildId: string; userId: string; channelId: string }[] = [];
  readonly #acc = new Map<string, { state: MemberState; at: Date; delta: MutableDelta }>();
  readonly #earned: { delta: MutableDelta; key: string; amount: number }[] = [];
  readonly #channelSeen = new Set<string>();

  /** The activity record of a member for the UTC day of `at` (latest `at` kept). */
  delta(state: MemberState, at: Date): MutableDelta {
    const key = `${memberKey(state.guildId, state.userId)}:${dayKeyOf(at)}`;
    let acc = this.#acc.get(key);
    if (!acc) {
      acc = { state, at, delta: emptyDelta() };
      this.#acc.set(key, acc);
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
    const key = `${state.guildId}:${state.userId}:${channelId}`;
    if (this.#channelSeen.has(key)) return;
    this.#channelSeen.add(key);
    this.channels.push({ guildId: state.guildId, userId: state.userId, channelId });
  }

  /** Credits `karmaEarned` for the entries the ledger accepted. */
  accepted(inserted: readonly InsertedEntry[]): void {
    const keys = new Set(inserted.map(ledgerKey));
    for (const earned of this.#earned) if (keys.has(earned.key)) earned.delta.karmaEarned += earned.amount;
  }

  activities(): { state: MemberState; at: Date; delta: ActivityDelta }[] {
    return [...this.#acc.values()].map((acc) => ({
      state: acc.state,
      at: acc.at,
      delta: { ...acc.delta, channelIds: [...acc.delta.channelIds], streakDays: acc.state.currentStreak },
    }));
  }
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

function ledgerKey(entry: { guildId: string; source: string; sourceId: string }): string {
  return `${entry.guildId}\u0000${entry.source}\u0000${entry.sourceId}`;
}

/** The member did something themselves today (a message, a reaction, voice): the streak moves. */
export function touchStreak(state: MemberState, at: Date): void {
  const update = updateStreak(state.lastActiveDay, dayKeyOf(at), state.currentStreak);
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
