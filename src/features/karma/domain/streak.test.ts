import { describe, expect, it } from 'vitest';
import { dayNumber, effectiveStreak, updateStreak, utcDayKey } from './streak.ts';

describe('utcDayKey', () => {
  it('uses the UTC calendar day, not the local one', () => {
    expect(utcDayKey(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(utcDayKey(new Date('2026-03-02T00:00:00.000Z'))).toBe('2026-03-02');
    expect(utcDayKey(new Date('2026-03-02T07:30:00+08:00'))).toBe('2026-03-01');
  });
});

describe('dayNumber', () => {
  it('counts days since the epoch', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
    expect(dayNumber('2025-03-01') - dayNumber('2025-02-28')).toBe(1);
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', ''])('rejects %j', (key) => {
    expect(() => dayNumber(key)).toThrow(RangeError);
  });
});

describe('updateStreak', () => {
  it('starts at 1 on first activity', () => {
    expect(updateStreak(null, '2026-03-01', 0)).toEqual({
      current: 1,
      lastActiveDay: '2026-03-01',
      outcome: 'started',
    });
  });

  it('extends on the next UTC day, one millisecond after midnight', () => {
    const yesterday = utcDayKey(new Date('2026-03-01T23:59:59.999Z'));
    const today = utcDayKey(new Date('2026-03-02T00:00:00.001Z'));
    expect(updateStreak(yesterday, today, 4)).toEqual({
      current: 5,
      lastActiveDay: today,
      outcome: 'extended',
    });
  });

  it('counts several messages on one day once', () => {
    expect(updateStreak('2026-03-01', '2026-03-01', 4)).toEqual({
      current: 4,
      lastActiveDay: '2026-03-01',
      outcome: 'same_day',
    });
  });

  it('restarts at 1 after a missed day', () => {
    expect(updateStreak('2026-03-01', '2026-03-03', 9)).toEqual({
      current: 1,
      lastActiveDay: '2026-03-03',
      outcome: 'reset',
    });
  });

  it('extends across month, year and leap-day boundaries', () => {
    expect(updateStreak('2024-02-28', '2024-02-29', 1).outcome).toBe('extended');
    expect(updateStreak('2024-02-29', '2024-03-01', 2).current).toBe(3);
    expect(updateStreak('2025-12-31', '2026-01-01', 10).current).toBe(11);
    expect(updateStreak('2025-02-28', '2025-03-01', 1).outcome).toBe('extended');
  });

  it('ignores activity older than the last active day so replays never break a streak', () => {
    expect(updateStreak('2026-03-05', '2026-03-01', 5)).toEqual({
      current: 5,
      lastActiveDay: '2026-03-05',
      outcome: 'stale',
    });
  });

  it('restarts when the stored streak is zero even with a last active day', () => {
    expect(updateStreak('2026-03-01', '2026-03-02', 0).outcome).toBe('started');
  });
});

describe('effectiveStreak', () => {
  it('keeps the streak alive through the day after the last activity', () => {
    expect(effectiveStreak('2026-03-01', '2026-03-01', 3)).toBe(3);
    expect(effectiveStreak('2026-03-01', '2026-03-02', 3)).toBe(3);
  });

  it('shows zero once a whole UTC day passed without activity', () => {
    expect(effectiveStreak('2026-03-01', '2026-03-03', 3)).toBe(0);
    expect(effectiveStreak(null, '2026-03-03', 0)).toBe(0);
  });
});
