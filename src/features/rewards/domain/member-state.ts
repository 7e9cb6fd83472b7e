import type { MemberStats } from '../../achievements/domain/index.ts';
import type { ActivityDelta } from '../../quests/domain/index.ts';
import type { EncodedLive } from '../../quests/domain/live-state.ts';
import type { InsertedEntry } from './ledger.ts';

/**
 * One member's `user_karma` row as the rules work on it: loaded (and locked) once per transaction by
 * rewards/member-repository.ts, changed in memory by the pure rules of each feature, written back
 * once by the settlement. One row, one load and one save, because the pipeline touches thousands
 * of members a batch; its parts belong to different features, so each part is its own interface and
 * a rule takes only the parts it changes.
 */

export interface MemberRef {
  guildId: string;
  userId: string;
}

/** The ledger total and the level it gives (rewards: the settlement keeps them in step). */
export interface RewardTotals {
  total: number;
  level: number;
  /** Values at load time, to tell what changed. */
  readonly loadedTotal: number;
  readonly loadedLevel: number;
}

/** Days in a row with activity of the member's own (karma). */
export interface StreakState {
  currentStreak: number;
  longestStreak: number;
  lastActiveDay: string | null;
}

/** The message cooldown clocks (karma). */
export interface MessageCooldowns {
  lastMessageRewardAt: Date | null;
  /** The cooldown clock of imported history, which runs from the past while the live one is at the present. */
  historyRewardAt: Date | null;
}

/** Reactions paid in the current cap window, given and received (karma). */
export interface ReactionWindows {
  givenWindow: number;
  givenInWindow: number;
  receivedWindow: number;
  receivedInWindow: number;
}

/** Lifetime counters of what the member did (karma and quests count; achievements evaluate them). */
export interface ActivityCounters {
  messages: number;
  replies: number;
  attachments: number;
  reactionsGiven: number;
  reactionsReceived: number;
  voiceMinutes: number;
  questsCompleted: number;
  distinctChannels: number;
}

/** Live progress of the open quests of the current periods, as stored (quests/domain/live-state.ts). */
export interface QuestLiveState {
  questState: EncodedLive | null;
  /** Set when `questState` changed and must be written. */
  questStateChanged: boolean;
}

/** Achievements unlocked, as the settlement last saw them (the unlocks table is the truth). */
export interface AchievementKeys {
  achievementKeys: string[];
}

/** Read along from sync's `members` row: null when the member was never synced. */
export interface MemberProfile {
  isBot: boolean | null;
  roleIds: string[];
}

export interface MemberState
  extends MemberRef,
    RewardTotals,
    StreakState,
    MessageCooldowns,
    ReactionWindows,
    ActivityCounters,
    QuestLiveState,
    AchievementKeys,
    MemberProfile {
  /** Whether the row existed before this transaction. */
  existed: boolean;
  /** The channel where the member last earned in this transaction (for level-up announcements). */
  lastChannelId: string | null;
}

export function memberKey(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
}

/**
 * The members one transaction locked, by key, and the ledger entries it paid them: what the
 * settlement settles and what it reports to the reward consumers.
 */
export class LockedMembers {
  readonly #states = new Map<string, MemberState>();
  /** The entries the ledger accepted in this transaction, in order. */
  readonly paid: InsertedEntry[] = [];

  constructor(states: Iterable<MemberState>) {
    for (const state of states) this.#states.set(memberKey(state.guildId, state.userId), state);
  }

  /** The member's state; throws when the member is not locked in this transaction. */
  get(guildId: string, userId: string): MemberState {
    const state = this.#states.get(memberKey(guildId, userId));
    if (!state) throw new Error(`member ${guildId}:${userId} is not locked in this transaction`);
    return state;
  }

  byKey(key: string): MemberState | undefined {
    return this.#states.get(key);
  }

  values(): MemberState[] {
    return [...this.#states.values()];
  }
}

/** What a member did in a transaction, per UTC day: the quests' input. */
export interface MemberActivity {
  state: MemberState;
  /** When the activity happened; quests outside their period at this time are not touched. */
  at: Date;
  delta: ActivityDelta;
}

export function statsOf(state: MemberState): MemberStats {
  return {
    messages: state.messages,
    replies: state.replies,
    attachments: state.attachments,
    reactionsGiven: state.reactionsGiven,
    reactionsReceived: state.reactionsReceived,
    voiceMinutes: state.voiceMinutes,
    karma: state.total,
    level: state.level,
    currentStreak: state.currentStreak,
    longestStreak: state.longestStreak,
    questsCompleted: state.questsCompleted,
    distinctChannels: state.distinctChannels,
  };
}

/**
 * Whether a reaction's author can receive karma: a synced human member, or (members not synced yet)
 * someone who already wrote messages as a human. Unknown authors are most often webhooks, which must
 * not collect karma.
 */
export function isKnownHuman(state: MemberProfile & ActivityCounters & { existed: boolean }): boolean {
  if (state.isBot !== null) return !state.isBot;
  return state.existed && state.messages > 0;
}
