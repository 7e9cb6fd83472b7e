import { award, type KarmaAward, sourceIds } from '../../karma/domain/sources.ts';
import { utcDayKey } from '../../karma/domain/streak.ts';
import { measureOf, type QuestCriterion } from './catalog.ts';
import { type QuestProgress, type QuestStatus, type QuestTransition, transition } from './state.ts';

/**
 * What one domain event (or a batch of them) did for a member. Counts are whole numbers; negative
 * values are ignored because quest progress never goes back (a deleted message or removed reaction
 * does not undo a step; abuse is the protection feature's job).
 */
export type ActivityDelta = Readonly<{
  messages?: number;
  replies?: number;
  attachments?: number;
  reactionsGiven?: number;
  reactionsReceived?: number;
  voiceMinutes?: number;
  /** Karma actually paid for activity (message, reaction, voice); never quest or achievement karma. */
  karmaEarned?: number;
  /** Channels the member posted in. */
  channelIds?: readonly string[];
  /** The member's streak after this activity. */
  streakDays?: number;
}>;

export type ApplyResult = Readonly<{
  /** Every input row, in order; an unchanged row is the very same object. */
  rows: readonly QuestProgress[];
  /** Only the rows that changed, for the batch writer. */
  changed: readonly QuestProgress[];
  transitions: readonly QuestTransition[];
}>;

const COUNTER_FIELDS: Readonly<Partial<Record<QuestCriterion, keyof ActivityDelta>>> = {
  messages_sent: 'messages',
  replies_sent: 'replies',
  attachments_shared: 'attachments',
  reactions_given: 'reactionsGiven',
  reactions_received: 'reactionsReceived',
  voice_minutes: 'voiceMinutes',
  karma_earned: 'karmaEarned',
};

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** Activity the member did themselves; receiving reactions alone does not make a day active. */
function isOwnActivity(delta: ActivityDelta): boolean {
  return count(delta.messages) > 0 || count(delta.reactionsGiven) > 0 || count(delta.voiceMinutes) > 0;
}

function advance(
  row: QuestProgress,
  delta: ActivityDelta,
  completedElsewhere: number,
  now: Date,
): QuestProgress {
  const measure = measureOf(row.criterion);
  if (measure === 'distinct') {
    const items =
      row.criterion === 'active_days'
        ? isOwnActivity(delta)
          ? [utcDayKey(now)]
          : []
        : (delta.channelIds ?? []);
    const seen = [...row.seen];
    for (const item of items) if (seen.length < row.target && !seen.includes(item)) seen.push(item);
    return seen.length === row.seen.length ? row : settle({ ...row, seen, progress: seen.length }, now);
  }
  if (measure === 'gauge') {
    const progress = Math.min(row.target, Math.max(row.progress, count(delta.streakDays)));
    return progress === row.progress ? row : settle({ ...row, progress }, now);
  }
  const field = COUNTER_FIELDS[row.criterion];
  const amount = row.criterion === 'quests_completed' ? completedElsewhere : count(field && delta[field]);
  if (amount === 0) return row;
  return settle({ ...row, progress: Math.min(row.target, row.progress + amount) }, now);
}

function settle(row: QuestProgress, now: Date): QuestProgress {
  if (row.progress >= row.target) return { ...row, status: 'COMPLETED', completedAt: now };
  return { ...row, status: 'IN_PROGRESS' };
}

function isLive(row: QuestProgress, now: Date): boolean {
  const t = now.getTime();
  return t >= row.startsAt.getTime() && t < row.expiresAt.getTime();
}

const EXPIRABLE: readonly QuestStatus[] = ['AVAILABLE', 'IN_PROGRESS', 'COMPLETED'];

function expired(row: QuestProgress, now: Date): boolean {
  return EXPIRABLE.includes(row.status) && now.getTime() >= row.expiresAt.getTime();
}

/**
 * Applies one member's activity to all of their quest rows of the current periods. Pass the daily and
 * weekly rows together: quests that complete here count toward `quests_completed` quests in the same
 * call. Quests with that criterion never count themselves or each other, so they cannot feed a loop.
 * An event dated outside a row's period (a history import of old messages) does not touch that row.
 */
export function applyActivity(rows: readonly QuestProgress[], delta: ActivityDelta, now: Date): ApplyResult {
  const next: QuestProgress[] = [...rows];
  const transitions: QuestTransition[] = [];
  let completedHere = 0;

  const step = (index: number, completedElsewhere: number): void => {
    const row = next[index];
    if (!row) return;
    if (expired(row, now)) {
      transitions.push(transition(row, 'EXPIRED', now));
      next[index] = { ...row, status: 'EXPIRED' };
      return;
    }
    if ((row.status !== 'AVAILABLE' && row.status !== 'IN_PROGRESS') || !isLive(row, now)) return;
    const updated = advance(row, delta, completedElsewhere, now);
    if (updated === row) return;
    if (updated.status !== row.status) {
      transitions.push(transition(row, updated.status, now));
      if (updated.status === 'COMPLETED' && row.criterion !== 'quests_completed') completedHere++;
    }
    next[index] = updated;
  };

  next.forEach((row, index) => {
    if (row.criterion !== 'quests_completed') step(index, 0);
  });
  next.forEach((row, index) => {
    if (row.criterion === 'quests_completed') step(index, completedHere);
  });

  return { rows: next, changed: next.filter((row, index) => row !== rows[index]), transitions };
}

/** The reset job's sweep: every unclaimed row whose period has ended becomes EXPIRED. */
export function expireRows(rows: readonly QuestProgress[], now: Date): ApplyResult {
  const transitions: QuestTransition[] = [];
  const next = rows.map((row) => {
    if (!expired(row, now)) return row;
    transitions.push(transition(row, 'EXPIRED', now));
    return { ...row, status: 'EXPIRED' as const };
  });
  return { rows: next, changed: next.filter((row, index) => row !== rows[index]), transitions };
}

export const CLAIM_ERRORS = ['not_completed', 'already_claimed', 'expired'] as const;
export type ClaimError = (typeof CLAIM_ERRORS)[number];

export type ClaimResult =
  | Readonly<{ ok: true; row: QuestProgress; transition: QuestTransition; award: KarmaAward | null }>
  | Readonly<{ ok: false; error: ClaimError }>;

/**
 * Claims a completed quest's reward. The award is keyed by member, quest and period, so a double click
 * or a retried request that slips past the status check still pays once at the ledger. A quest with a
 * zero reward is claimable and pays nothing (award null).
 */
export function claim(row: QuestProgress, now: Date): ClaimResult {
  if (row.status === 'CLAIMED') return { ok: false, error: 'already_claimed' };
  if (row.status === 'EXPIRED' || now.getTime() >= row.expiresAt.getTime())
    return { ok: false, error: 'expired' };
  if (row.status !== 'COMPLETED') return { ok: false, error: 'not_completed' };
  const claimed: QuestProgress = { ...row, status: 'CLAIMED', claimedAt: now };
  return {
    ok: true,
    row: claimed,
    transition: transition(row, 'CLAIMED', now),
    award:
      row.reward > 0
        ? award(
            'quest',
            sourceIds.quest(row.userId, row.questKey, row.periodKey),
            row.reward,
            `quest:${row.questKey}`,
          )
        : null,
  };
}
