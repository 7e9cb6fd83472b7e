import {
  measureOf,
  type PeriodWindow,
  periodFromKey,
  type QuestDefinition,
  type QuestPeriod,
  type QuestProgress,
} from './index.ts';

/**
 * The live progress of a member's open quests (AVAILABLE or IN_PROGRESS) of the current periods,
 * stored compactly in `user_karma.quest_state`. The pipeline already loads, locks and writes that row
 * for every batch, so progress moves there at no extra statement, and `user_quest_progress` rows are
 * written only when a status changes (assignment, first step, completion). Measured on PostgreSQL:
 * loading and upserting the rows themselves on every batch cost more than the rest of the karma
 * pipeline together.
 *
 * Shape: `{"m": "2026-11-25|2026-W48|1a2b3c4d", "d": {"daily_chatter": 3, "daily_explorer": ["<id>"]},
 * "w": {...}}` — the assignment marker (daily key, weekly key, quest catalog fingerprint), then per
 * period the open quests by key: a number (counters, gauges) or the items seen (distinct criteria). A
 * key that is absent is not open any more. Terms come from the catalog the marker names, which is the
 * one the rows were assigned from: any catalog change changes the marker and rebuilds from the rows.
 */

export interface LiveQuests {
  marker: string;
  open: QuestProgress[];
}

export interface EncodedLive {
  m: string;
  d: Record<string, number | string[]>;
  w: Record<string, number | string[]>;
}

const windows = new Map<string, PeriodWindow>();

/** Period windows by key, cached: every decoded row needs its start and end. */
export function windowOf(periodKey: string): PeriodWindow {
  let window = windows.get(periodKey);
  if (!window) {
    window = periodFromKey(periodKey);
    if (windows.size > 1000) windows.clear();
    windows.set(periodKey, window);
  }
  return window;
}

export function isEncodedLive(value: unknown): value is EncodedLive {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<EncodedLive>;
  return (
    typeof v.m === 'string' &&
    typeof v.d === 'object' &&
    v.d !== null &&
    typeof v.w === 'object' &&
    v.w !== null
  );
}

export function markerKeys(marker: string): { daily: string; weekly: string } | null {
  const [daily, weekly] = marker.split('|');
  return daily && weekly ? { daily, weekly } : null;
}

/** The open rows, with terms from `catalog` (which must be the one the marker names). */
export function decodeLive(
  encoded: EncodedLive,
  userId: string,
  catalog: readonly QuestDefinition[],
): LiveQuests {
  const keys = markerKeys(encoded.m);
  const open: QuestProgress[] = [];
  if (keys) {
    for (const quest of catalog) {
      const value = (quest.period === 'daily' ? encoded.d : encoded.w)[quest.key];
      if (value === undefined) continue;
      open.push(liveRow(userId, quest, quest.period === 'daily' ? keys.daily : keys.weekly, value));
    }
  }
  return { marker: encoded.m, open };
}

function liveRow(
  userId: string,
  quest: Pick<QuestDefinition, 'key' | 'period' | 'criterion' | 'target' | 'reward'>,
  periodKey: string,
  value: number | string[],
): QuestProgress {
  const window = windowOf(periodKey);
  const seen = Array.isArray(value) ? value : [];
  const progress = Array.isArray(value) ? value.length : value;
  return {
    userId,
    questKey: quest.key,
    period: quest.period,
    periodKey,
    criterion: quest.criterion,
    target: quest.target,
    reward: quest.reward,
    progress,
    seen,
    status: progress > 0 ? 'IN_PROGRESS' : 'AVAILABLE',
    startsAt: window.startsAt,
    expiresAt: window.expiresAt,
    completedAt: null,
    claimedAt: null,
  };
}

export function encodeLive(live: LiveQuests): EncodedLive {
  const encoded: EncodedLive = { m: live.marker, d: {}, w: {} };
  for (const row of live.open) {
    if (row.status !== 'AVAILABLE' && row.status !== 'IN_PROGRESS') continue;
    const value = measureOf(row.criterion) === 'distinct' ? [...row.seen] : row.progress;
    (row.period === 'daily' ? encoded.d : encoded.w)[row.questKey] = value;
  }
  return encoded;
}

/** The live value of one quest in a stored state, whatever its catalog version. */
export function liveValue(
  encoded: EncodedLive | null,
  period: QuestPeriod,
  periodKey: string,
  questKey: string,
): { progress: number; seen: string[] } | null {
  if (!encoded) return null;
  const keys = markerKeys(encoded.m);
  if (!keys || (period === 'daily' ? keys.daily : keys.weekly) !== periodKey) return null;
  const value = (period === 'daily' ? encoded.d : encoded.w)[questKey];
  if (value === undefined) return null;
  return Array.isArray(value) ? { progress: value.length, seen: value } : { progress: value, seen: [] };
}

/** Every live value of a stored state, with its period key (to flush a period that ended). */
export function liveEntries(
  encoded: EncodedLive | null,
): { period: QuestPeriod; periodKey: string; questKey: string; progress: number; seen: string[] }[] {
  if (!encoded) return [];
  const keys = markerKeys(encoded.m);
  if (!keys) return [];
  const entries = [];
  for (const [period, map, periodKey] of [
    ['daily', encoded.d, keys.daily],
    ['weekly', encoded.w, keys.weekly],
  ] as const) {
    for (const [questKey, value] of Object.entries(map)) {
      entries.push({
        period,
        periodKey,
        questKey,
        progress: Array.isArray(value) ? value.length : value,
        seen: Array.isArray(value) ? value : [],
      });
    }
  }
  return entries;
}

/**
 * A stored row with the live values laid over it: what a member sees. Only rows open in both places
 * take the live progress (a completed, claimed or expired row is final).
 */
export function overlay(row: QuestProgress, encoded: EncodedLive | null): QuestProgress {
  if (row.status !== 'AVAILABLE' && row.status !== 'IN_PROGRESS') return row;
  const live = liveValue(encoded, row.period, row.periodKey, row.questKey);
  if (!live || live.progress < row.progress) return row;
  return {
    ...row,
    progress: live.progress,
    seen: live.seen,
    status: live.progress > 0 ? 'IN_PROGRESS' : row.status,
  };
}
