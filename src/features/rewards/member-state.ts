import type { MemberStats } from '../achievements/domain/index.ts';
import type { EncodedLive } from '../quests/domain/live-state.ts';

/**
 * One member's `user_karma` row as the rules work on it: loaded (and locked) once per transaction,
 * changed in memory by the pure rules, written back once.
 */
export interface MemberState {
  guildId: string;
  userId: string;
  total: number;
  level: number;
  currentStreak: number;
  longestStreak: number;
  lastActiveDay: string | null;
  lastMessageRewardAt: Date | null;
  /** The cooldown clock of imported history, which runs from the past while the live one is at the present. */
  historyRewardAt: Date | null;
  givenWindow: number;
  givenInWindow: number;
  receivedWindow: number;
  receivedInWindow: number;
  messages: number;
  replies: number;
  attachments: number;
  reactionsGiven: number;
  reactionsReceived: number;
  voiceMinutes: number;
  questsCompleted: number;
  distinctChannels: number;
  achievementKeys: string[];
  /** Live progress of the open quests of the current periods, as stored (see quests/live.ts). */
  questState: EncodedLive | null;
  /** Set when `questState` changed and must be written. */
  questStateChanged: boolean;
  /** From `members`: null when the member was never synced. */
  isBot: boolean | null;
  roleIds: string[];
  /** Whether the row existed before this transaction. */
  existed: boolean;
  /** Values at load time, to tell what changed. */
  readonly loadedTotal: number;
  readonly loadedLevel: number;
  /** The channel where the member last earned in this transaction (for level-up announcements). */
  lastChannelId: string | null;
}

export function memberKey(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
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
export function isKnownHuman(state: MemberState): boolean {
  if (state.isBot !== null) return !state.isBot;
  return state.existed && state.messages > 0;
}
