/**
 * Daily activity streaks, counted in UTC days like the quest resets, so "today" means the same thing
 * for every member of a guild whatever their time zone. `user_karma` stores the current streak and the
 * last active day; the longest streak is max(longest, current) kept by the caller.
 */

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The UTC calendar day of an instant, as 'YYYY-MM-DD'. */
export function utcDayKey(at: Date): string {
  return at.toISOString().slice(0, 10);
}

const dayNumbers = new Map<string, number>();

/** Days since 1970-01-01 for a day key; throws on a malformed or impossible date. */
export function dayNumber(dayKey: string): number {
  const known = dayNumbers.get(dayKey);
  if (known !== undefined) return known;
  const match = DAY_KEY.exec(dayKey);
  if (!match) throw new RangeError(`not a day key (YYYY-MM-DD): ${dayKey}`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (utcDayKey(new Date(ms)) !== dayKey) throw new RangeError(`not a calendar day: ${dayKey}`);
  // Memoized (only valid keys): streaks ask for the same few days for every member of a batch.
  if (dayNumbers.size > 4096) dayNumbers.clear();
  dayNumbers.set(dayKey, ms / DAY_MS);
  return ms / DAY_MS;
}

export const STREAK_OUTCOMES = ['started', 'extended', 'same_day', 'reset', 'stale'] as const;
export type StreakOutcome = (typeof STREAK_OUTCOMES)[number];

export type StreakUpdate = Readonly<{ current: number; lastActiveDay: string; outcome: StreakOutcome }>;

/**
 * The streak after activity on `today`. Activity on the day after the last active day extends it, on
 * the same day changes nothing, after a gap starts over at 1. A day before the last active day (history
 * import, late event) is `stale` and leaves the streak alone: replays never break a streak.
 */
export function updateStreak(lastActiveDay: string | null, today: string, current: number): StreakUpdate {
  const todayNumber = dayNumber(today);
  if (lastActiveDay === null || current <= 0) {
    return { current: 1, lastActiveDay: today, outcome: 'started' };
  }
  const gap = todayNumber - dayNumber(lastActiveDay);
  if (gap < 0) return { current, lastActiveDay, outcome: 'stale' };
  if (gap === 0) return { current, lastActiveDay, outcome: 'same_day' };
  if (gap === 1) return { current: current + 1, lastActiveDay: today, outcome: 'extended' };
  return { current: 1, lastActiveDay: today, outcome: 'reset' };
}

/**
 * The streak to show on `today` without any new activity: still alive if the member was active today
 * or yesterday (they can extend it until midnight UTC), otherwise already broken.
 */
export function effectiveStreak(lastActiveDay: string | null, today: string, current: number): number {
  if (lastActiveDay === null || current <= 0) return 0;
  const gap = dayNumber(today) - dayNumber(lastActiveDay);
  return gap <= 1 ? current : 0;
}
