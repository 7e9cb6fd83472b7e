import type { QuestCriterion } from './catalog.ts';
import type { QuestPeriod } from './period.ts';

/**
 * A member's quest for one period moves AVAILABLE -> IN_PROGRESS -> COMPLETED -> CLAIMED, and any
 * unclaimed state becomes EXPIRED when the period ends (seed 004's cleanup expires AVAILABLE,
 * IN_PROGRESS and COMPLETED rows alike). One event can complete a quest outright, so AVAILABLE ->
 * COMPLETED is a single transition.
 */
export const QUEST_STATUSES = ['AVAILABLE', 'IN_PROGRESS', 'COMPLETED', 'CLAIMED', 'EXPIRED'] as const;
export type QuestStatus = (typeof QUEST_STATUSES)[number];

const TRANSITIONS: Readonly<Record<QuestStatus, readonly QuestStatus[]>> = {
  AVAILABLE: ['IN_PROGRESS', 'COMPLETED', 'EXPIRED'],
  IN_PROGRESS: ['COMPLETED', 'EXPIRED'],
  COMPLETED: ['CLAIMED', 'EXPIRED'],
  CLAIMED: [],
  EXPIRED: [],
};

export function canTransition(from: QuestStatus, to: QuestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: QuestStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/**
 * One `user_quest_progress` row. Target, reward and criterion are copied from the definition when the
 * quest is assigned, so an admin editing a quest mid-period changes the next period, not promises
 * already made to members.
 */
export type QuestProgress = Readonly<{
  userId: string;
  questKey: string;
  period: QuestPeriod;
  periodKey: string;
  criterion: QuestCriterion;
  target: number;
  reward: number;
  progress: number;
  /** Distinct items counted so far (channel ids or UTC days), at most `target` of them. */
  seen: readonly string[];
  status: QuestStatus;
  startsAt: Date;
  expiresAt: Date;
  completedAt: Date | null;
  claimedAt: Date | null;
}>;

export type QuestTransition = Readonly<{
  userId: string;
  questKey: string;
  periodKey: string;
  from: QuestStatus;
  to: QuestStatus;
  at: Date;
}>;

export function transition(row: QuestProgress, to: QuestStatus, at: Date): QuestTransition {
  return { userId: row.userId, questKey: row.questKey, periodKey: row.periodKey, from: row.status, to, at };
}
