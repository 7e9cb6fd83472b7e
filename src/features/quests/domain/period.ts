import { utcDayKey } from '../../karma/domain/streak.ts';

/**
 * Quest periods, all in UTC as seed 004 schedules its resets: daily quests reset at 00:00 UTC, weekly
 * quests on Monday 00:00 UTC. Weekly keys are ISO 8601 weeks ('2026-W48'), whose year is the year of
 * the week's Thursday, so the last days of December can belong to week 1 of the next year and the first
 * days of January to week 52 or 53 of the previous one.
 */

export const QUEST_PERIODS = ['daily', 'weekly'] as const;
export type QuestPeriod = (typeof QUEST_PERIODS)[number];

export type PeriodWindow = Readonly<{
  kind: QuestPeriod;
  key: string;
  startsAt: Date;
  /** Exclusive: the instant the next period starts. */
  expiresAt: Date;
}>;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const DAILY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKLY_KEY = /^(\d{4})-W(\d{2})$/;

function startOfUtcDay(at: Date): number {
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
}

/** Monday 00:00 UTC of the ISO week containing `at`. */
function startOfIsoWeek(at: Date): number {
  const day = startOfUtcDay(at);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  return day - weekday * DAY_MS;
}

function isoWeekOf(weekStart: number): { year: number; week: number } {
  const thursday = new Date(weekStart + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstWeekStart = startOfIsoWeek(new Date(Date.UTC(year, 0, 4)));
  return { year, week: (weekStart - firstWeekStart) / WEEK_MS + 1 };
}

export function periodFor(kind: QuestPeriod, now: Date): PeriodWindow {
  if (Number.isNaN(now.getTime())) throw new RangeError('periodFor needs a valid date');
  if (kind === 'daily') {
    const start = startOfUtcDay(now);
    return { kind, key: utcDayKey(now), startsAt: new Date(start), expiresAt: new Date(start + DAY_MS) };
  }
  const start = startOfIsoWeek(now);
  const { year, week } = isoWeekOf(start);
  return {
    kind,
    key: `${year}-W${String(week).padStart(2, '0')}`,
    startsAt: new Date(start),
    expiresAt: new Date(start + WEEK_MS),
  };
}

/** The window a stored period key names; throws on a key that names no real day or week. */
export function periodFromKey(key: string): PeriodWindow {
  const daily = DAILY_KEY.exec(key);
  if (daily) {
    const window = periodFor(
      'daily',
      new Date(Date.UTC(Number(daily[1]), Number(daily[2]) - 1, Number(daily[3]))),
    );
    if (window.key !== key) throw new RangeError(`not a calendar day: ${key}`);
    return window;
  }
  const weekly = WEEKLY_KEY.exec(key);
  if (weekly) {
    const firstWeekStart = startOfIsoWeek(new Date(Date.UTC(Number(weekly[1]), 0, 4)));
    const window = periodFor('weekly', new Date(firstWeekStart + (Number(weekly[2]) - 1) * WEEK_MS));
    if (window.key !== key) throw new RangeError(`not an ISO week: ${key}`);
    return window;
  }
  throw new RangeError(`not a period key: ${key}`);
}

export function isWithin(window: Readonly<{ startsAt: Date; expiresAt: Date }>, now: Date): boolean {
  const t = now.getTime();
  return t >= window.startsAt.getTime() && t < window.expiresAt.getTime();
}
