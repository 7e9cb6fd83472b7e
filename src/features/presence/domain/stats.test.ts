import { describe, expect, it } from 'vitest';
import {
  MAX_RANGE_MS,
  type RawStageStats,
  resolveRange,
  retentionCutoff,
  snapshotSlot,
  summarizeStats,
} from './stats.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');

describe('time ranges', () => {
  it('defaults to the last day up to now', () => {
    expect(resolveRange(undefined, undefined, T0)).toEqual({
      ok: true,
      from: new Date(T0 - 86_400_000),
      to: new Date(T0),
    });
  });

  it('defaults from to a day before an explicit to', () => {
    const to = new Date(T0 - 3_600_000);
    expect(resolveRange(undefined, to, T0)).toMatchObject({
      ok: true,
      from: new Date(to.getTime() - 86_400_000),
    });
  });

  it('keeps an explicit range', () => {
    const from = new Date(T0 - 7_200_000);
    const to = new Date(T0 - 3_600_000);
    expect(resolveRange(from, to, T0)).toEqual({ ok: true, from, to });
  });

  it('refuses a range that ends before it starts, naming from', () => {
    expect(resolveRange(new Date(T0), new Date(T0), T0)).toMatchObject({ ok: false, field: 'from' });
    expect(resolveRange(new Date(T0 + 1), new Date(T0), T0)).toMatchObject({ ok: false, field: 'from' });
  });

  it('refuses a range longer than the retention', () => {
    expect(resolveRange(new Date(T0 - MAX_RANGE_MS - 1), new Date(T0), T0)).toMatchObject({ ok: false });
    expect(resolveRange(new Date(T0 - MAX_RANGE_MS), new Date(T0), T0)).toMatchObject({ ok: true });
  });

  it('refuses invalid dates, naming the field', () => {
    expect(resolveRange(new Date('nope'), undefined, T0)).toMatchObject({ ok: false, field: 'from' });
    expect(resolveRange(undefined, new Date('nope'), T0)).toMatchObject({ ok: false, field: 'to' });
  });
});

describe('snapshots and retention', () => {
  it('files a snapshot under the start of its 5-minute slot', () => {
    expect(snapshotSlot(T0 + 4 * 60_000 + 59_999)).toEqual(new Date(T0));
    expect(snapshotSlot(T0 + 5 * 60_000)).toEqual(new Date(T0 + 5 * 60_000));
  });

  it('keeps 90 days by default', () => {
    expect(retentionCutoff(T0)).toEqual(new Date(T0 - 90 * 86_400_000));
    expect(retentionCutoff(T0, 7)).toEqual(new Date(T0 - 7 * 86_400_000));
  });
});

describe('statistics summary', () => {
  const range = { from: new Date(T0 - 3_600_000), to: new Date(T0) };
  const raw: RawStageStats = {
    snapshotCount: 3,
    snapshotPeak: 7,
    snapshotSum: 10,
    totalSessions: 4,
    uniqueViewers: 3,
    totalWatchSeconds: 1000,
    maxWatchSeconds: 600,
    byCountry: [
      { country: null, sessions: 2, uniqueViewers: 2, watchSeconds: 100 },
      { country: 'DE', sessions: 1, uniqueViewers: 1, watchSeconds: 300 },
      { country: 'TW', sessions: 2, uniqueViewers: 1, watchSeconds: 600 },
    ],
  };

  it('averages snapshots and watch time to two decimals', () => {
    const stats = summarizeStats(raw, range, null);
    expect(stats.averageViewers).toBe(3.33);
    expect(stats.averageWatchSeconds).toBe(250);
    expect(stats.peakViewers).toBe(7);
  });

  it('lets the live count raise the peak when the range reaches now', () => {
    expect(summarizeStats(raw, range, 9).peakViewers).toBe(9);
    expect(summarizeStats(raw, range, 2).peakViewers).toBe(7);
  });

  it('answers zeros, not NaN, for a stage nobody watched', () => {
    const empty: RawStageStats = {
      snapshotCount: 0,
      snapshotPeak: null,
      snapshotSum: 0,
      totalSessions: 0,
      uniqueViewers: 0,
      totalWatchSeconds: 0,
      maxWatchSeconds: 0,
      byCountry: [],
    };
    expect(summarizeStats(empty, range, null)).toMatchObject({
      peakViewers: 0,
      averageViewers: 0,
      averageWatchSeconds: 0,
      byCountry: [],
    });
  });

  it('orders countries by sessions, unknown after known ones with as many', () => {
    expect(summarizeStats(raw, range, null).byCountry.map((c) => c.country)).toEqual(['TW', null, 'DE']);
  });
});
