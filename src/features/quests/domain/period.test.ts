import { describe, expect, it } from 'vitest';
import { isWithin, periodFor, periodFromKey } from './period.ts';

const d = (iso: string): Date => new Date(iso);

describe('daily periods', () => {
  it('runs from 00:00 UTC to the next 00:00 UTC', () => {
    const window = periodFor('daily', d('2026-11-23T15:30:00Z'));
    expect(window).toEqual({
      kind: 'daily',
      key: '2026-11-23',
      startsAt: d('2026-11-23T00:00:00Z'),
      expiresAt: d('2026-11-24T00:00:00Z'),
    });
  });

  it('puts the last millisecond before midnight in the old day and midnight in the new one', () => {
    expect(periodFor('daily', d('2026-11-23T23:59:59.999Z')).key).toBe('2026-11-23');
    expect(periodFor('daily', d('2026-11-24T00:00:00.000Z')).key).toBe('2026-11-24');
  });

  it('uses the UTC day whatever the offset of the input', () => {
    expect(periodFor('daily', d('2026-11-24T06:00:00+08:00')).key).toBe('2026-11-23');
  });
});

describe('weekly periods', () => {
  it('runs from Monday 00:00 UTC for seven days, named by ISO week', () => {
    expect(periodFor('weekly', d('2026-11-25T10:00:00Z'))).toEqual({
      kind: 'weekly',
      key: '2026-W48',
      startsAt: d('2026-11-23T00:00:00Z'),
      expiresAt: d('2026-11-30T00:00:00Z'),
    });
  });

  it('keeps Sunday night in the old week and starts the new one at Monday midnight', () => {
    expect(periodFor('weekly', d('2026-11-29T23:59:59.999Z')).key).toBe('2026-W48');
    expect(periodFor('weekly', d('2026-11-30T00:00:00.000Z')).key).toBe('2026-W49');
  });

  it.each([
    ['2026-01-01T12:00:00Z', '2026-W01', '2025-12-29T00:00:00Z'],
    ['2025-12-29T00:00:00Z', '2026-W01', '2025-12-29T00:00:00Z'],
    ['2024-12-30T08:00:00Z', '2025-W01', '2024-12-30T00:00:00Z'],
    ['2027-01-01T12:00:00Z', '2026-W53', '2026-12-28T00:00:00Z'],
    ['2021-01-03T23:00:00Z', '2020-W53', '2020-12-28T00:00:00Z'],
    ['2021-01-04T00:00:00Z', '2021-W01', '2021-01-04T00:00:00Z'],
    ['2023-01-01T00:00:00Z', '2022-W52', '2022-12-26T00:00:00Z'],
    ['2024-02-29T00:00:00Z', '2024-W09', '2024-02-26T00:00:00Z'],
  ])('puts %s in ISO week %s starting %s', (at, key, start) => {
    const window = periodFor('weekly', d(at));
    expect(window.key).toBe(key);
    expect(window.startsAt).toEqual(d(start));
  });

  it('always starts on a Monday and lasts exactly seven days', () => {
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2030, 0, 1); t += 13 * 3_600_000) {
      const window = periodFor('weekly', new Date(t));
      expect(window.startsAt.getUTCDay()).toBe(1);
      expect(window.expiresAt.getTime() - window.startsAt.getTime()).toBe(7 * 86_400_000);
      expect(isWithin(window, new Date(t))).toBe(true);
    }
  });
});

describe('periodFromKey', () => {
  it('round-trips every daily and weekly key over a decade', () => {
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2030, 0, 1); t += 86_400_000) {
      for (const kind of ['daily', 'weekly'] as const) {
        const window = periodFor(kind, new Date(t));
        expect(periodFromKey(window.key)).toEqual(window);
      }
    }
  });

  it.each(['2026-02-30', '2026-W54', '2026-W00', '2025-W53', 'tomorrow', '2026-W1'])('rejects %j', (key) => {
    expect(() => periodFromKey(key)).toThrow(RangeError);
  });

  it('accepts week 53 in a year that has one', () => {
    expect(periodFromKey('2026-W53').startsAt).toEqual(d('2026-12-28T00:00:00Z'));
  });
});

describe('isWithin', () => {
  it('includes the start and excludes the expiry', () => {
    const window = periodFor('daily', d('2026-11-23T12:00:00Z'));
    expect(isWithin(window, d('2026-11-23T00:00:00Z'))).toBe(true);
    expect(isWithin(window, d('2026-11-24T00:00:00Z'))).toBe(false);
    expect(isWithin(window, d('2026-11-22T23:59:59.999Z'))).toBe(false);
  });
});

it('refuses an invalid date', () => {
  expect(() => periodFor('daily', new Date('nope'))).toThrow(RangeError);
});
