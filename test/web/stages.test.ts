import { describe, expect, it } from 'vitest';
import * as domain from '../../src/features/presence/domain/index.ts';
import type { Stage } from '../../web/src/api/types.ts';
import {
  busiestStages,
  createStageBody,
  formatWatch,
  heartbeatIntervalSeconds,
  patchStageBody,
  peakRows,
  playerEndpoints,
  playerSnippet,
  STAGE_DEFAULTS,
  STAGE_LIMITS,
  stageFieldOf,
  stageFormValues,
  tickUnit,
  viewerSeries,
  withLiveCounts,
} from '../../web/src/lib/stages.ts';

const G = '300000000000000001';
const stage: Stage = {
  id: '42',
  guild_id: G,
  kind: 'external',
  external_id: 'arn:aws:ivs:stage/abc',
  name: 'Main stream',
  is_master: false,
  max_viewers: 50,
  ttl_seconds: 120,
  allow_anonymous: false,
  viewer_count: 3,
  created_at: '2026-03-01T12:00:00.000Z',
  updated_at: '2026-03-01T12:00:00.000Z',
};

describe('the stage form', () => {
  it('checks the limits the API checks', () => {
    expect(STAGE_LIMITS).toEqual({
      nameMax: 100,
      externalIdMax: 255,
      maxViewersMax: domain.MAX_MAX_VIEWERS,
      ttlMin: domain.MIN_TTL_SECONDS,
      ttlMax: domain.MAX_TTL_SECONDS,
    });
    expect(STAGE_DEFAULTS).toEqual({
      maxViewers: domain.DEFAULT_MAX_VIEWERS,
      ttlSeconds: domain.DEFAULT_TTL_SECONDS,
    });
    for (const ttl of [10, 11, 120, 3600]) {
      expect(heartbeatIntervalSeconds(ttl)).toBe(domain.heartbeatIntervalSeconds(ttl));
    }
  });

  it('creates an external stage from the form, trimmed and with numbers', () => {
    const form = { ...stageFormValues(), name: '  Launch ', externalId: ' arn:x ', maxViewers: '10' };
    expect(createStageBody(form, G)).toEqual({
      body: {
        guild_id: G,
        name: 'Launch',
        external_id: 'arn:x',
        max_viewers: 10,
        is_master: false,
        ttl_seconds: 120,
        allow_anonymous: false,
      },
    });
  });

  it('names the first field the API would refuse', () => {
    const ok = { ...stageFormValues(), name: 'A', externalId: 'x' };
    expect(createStageBody({ ...ok, name: ' ' }, G)).toEqual({ invalid: 'name' });
    expect(createStageBody({ ...ok, name: 'n'.repeat(101) }, G)).toEqual({ invalid: 'name' });
    expect(createStageBody({ ...ok, externalId: '' }, G)).toEqual({ invalid: 'externalId' });
    expect(createStageBody({ ...ok, maxViewers: '-1' }, G)).toEqual({ invalid: 'maxViewers' });
    expect(createStageBody({ ...ok, maxViewers: '2.5' }, G)).toEqual({ invalid: 'maxViewers' });
    expect(createStageBody({ ...ok, maxViewers: '1000001' }, G)).toEqual({ invalid: 'maxViewers' });
    expect(createStageBody({ ...ok, ttlSeconds: '9' }, G)).toEqual({ invalid: 'ttlSeconds' });
    expect(createStageBody({ ...ok, ttlSeconds: '3601' }, G)).toEqual({ invalid: 'ttlSeconds' });
    expect(createStageBody({ ...ok, ttlSeconds: 'ten' }, G)).toEqual({ invalid: 'ttlSeconds' });
  });

  it('patches only what changed, and nothing when nothing did', () => {
    const form = stageFormValues(stage);
    expect(patchStageBody(form, stage)).toEqual({ body: null });
    expect(patchStageBody({ ...form, name: 'Renamed', isMaster: true, ttlSeconds: '60' }, stage)).toEqual({
      body: { name: 'Renamed', is_master: true, ttl_seconds: 60 },
    });
    // The external id is fixed: an edit never checks nor sends it.
    expect(patchStageBody({ ...form, externalId: '' }, stage)).toEqual({ body: null });
    expect(patchStageBody({ ...form, maxViewers: '' }, stage)).toEqual({ invalid: 'maxViewers' });
  });

  it('finds the field of a 400 or a 409', () => {
    expect(stageFieldOf('external_id')).toBe('externalId');
    expect(stageFieldOf('body.max_viewers')).toBe('maxViewers');
    expect(stageFieldOf('ttl_seconds')).toBe('ttlSeconds');
    expect(stageFieldOf('name')).toBe('name');
    expect(stageFieldOf('guild_id')).toBeUndefined();
    expect(stageFieldOf(undefined)).toBeUndefined();
  });
});

describe('live counts', () => {
  it('lays the stream’s counts over the listed stages', () => {
    const other = { ...stage, id: '43', viewer_count: 1 };
    const live = { stages: [{ stage_id: '42', viewer_count: 7 }] };
    expect(withLiveCounts([stage, other], live).map((s) => s.viewer_count)).toEqual([7, 1]);
    expect(withLiveCounts([stage], undefined)).toEqual([stage]);
  });

  it('lists the busy stages, busiest first, then by name', () => {
    const stages = [
      { name: 'b', viewer_count: 2 },
      { name: 'quiet', viewer_count: 0 },
      { name: 'a', viewer_count: 2 },
      { name: 'c', viewer_count: 5 },
    ];
    expect(busiestStages(stages).map((s) => s.name)).toEqual(['c', 'a', 'b']);
  });
});

describe('the viewers chart', () => {
  const T = Date.parse('2026-03-01T12:00:00Z');
  const at = (minutes: number) => new Date(T + minutes * 60_000).toISOString();

  it('has a point per 5-minute slot, empty slots as 0, and ends with the live count', () => {
    const series = viewerSeries(
      [
        { taken_at: at(5), viewer_count: 3 },
        { taken_at: at(15), viewer_count: 1 },
      ],
      T + 60_000,
      T + 16 * 60_000,
      { at: T + 17 * 60_000, value: 4 },
    );
    expect(series).toEqual([
      { at: T + 5 * 60_000, value: 3 },
      { at: T + 10 * 60_000, value: 0 },
      { at: T + 15 * 60_000, value: 1 },
      { at: T + 17 * 60_000, value: 4 },
    ]);
  });

  it('ignores a live count older than the last slot', () => {
    expect(viewerSeries([], T, T, { at: T - 1, value: 9 })).toEqual([{ at: T, value: 0 }]);
  });

  it('sums snapshots filed under the same slot', () => {
    expect(
      viewerSeries(
        [
          { taken_at: at(0), viewer_count: 2 },
          { taken_at: at(0), viewer_count: 5 },
        ],
        T,
        T,
      ),
    ).toEqual([{ at: T, value: 7 }]);
  });

  it('tells screen readers the peak of each stretch, never an average', () => {
    const points = [1, 9, 2, 2, 3, 0, 4].map((value, i) => ({ at: i, value }));
    expect(peakRows(points, 3)).toEqual([
      { from: 0, peak: 9 },
      { from: 3, peak: 3 },
      { from: 6, peak: 4 },
    ]);
    expect(peakRows(points, 100)).toHaveLength(7);
    expect(peakRows([], 3)).toEqual([]);
  });

  it('labels a day with times and a month with dates', () => {
    expect(tickUnit(86_400_000)).toBe('time');
    expect(tickUnit(7 * 86_400_000)).toBe('day');
  });
});

describe('watch times', () => {
  it('says the two largest units, in the page’s language', () => {
    expect(formatWatch(5 * 3600 + 23 * 60 + 10, 'en')).toMatch(/^5 hr.*23 min$/);
    expect(formatWatch(3600, 'en')).toBe('1 hr');
    expect(formatWatch(125, 'en')).toBe('2 min');
    expect(formatWatch(42.4, 'en')).toBe('42 sec');
    expect(formatWatch(-3, 'en')).toBe('0 sec');
    expect(formatWatch(2 * 3600 + 60, 'ja')).toContain('2');
  });
});

describe('the web player', () => {
  it('names the viewer routes of the stage on this Hearth', () => {
    expect(playerEndpoints('https://hearth.example', '42')).toEqual({
      join: 'https://hearth.example/api/v1/stages/42/viewers/join',
      heartbeat: 'https://hearth.example/api/v1/stages/42/viewers/heartbeat',
      leave: 'https://hearth.example/api/v1/stages/42/viewers/leave',
      count: 'https://hearth.example/api/v1/stages/42/viewers/count',
      stream: 'https://hearth.example/api/v1/stages/42/viewers/stream',
    });
  });

  it('sends a token on member stages and a participant id on anonymous ones', () => {
    const members = playerSnippet('https://h.example', stage);
    expect(members).toContain("const base = 'https://h.example/api/v1/stages/42/viewers';");
    expect(members).toContain('Bearer');
    expect(members).toContain('heartbeat_interval_seconds * 1000');
    expect(members).toContain('sendBeacon');
    const anonymous = playerSnippet('https://h.example', { ...stage, allow_anonymous: true });
    expect(anonymous).toContain('crypto.randomUUID()');
    expect(anonymous).not.toContain('Bearer');
  });
});
