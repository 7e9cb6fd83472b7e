import { describe, expect, it } from 'vitest';
import {
  admits,
  clipUserAgent,
  countryFromHeader,
  heartbeatIntervalSeconds,
  isPresent,
  MAX_RANGE_MS,
  type RawStageStats,
  resolveRange,
  retentionCutoff,
  sessionDurationSeconds,
  snapshotSlot,
  stageKindOfChannel,
  summarizeStats,
  timeoutLeftAt,
  truncateIp,
  USER_AGENT_MAX_LENGTH,
  viewerKey,
  windowStart,
} from './stage.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');

describe('the TTL window', () => {
  it('starts exactly one TTL before now', () => {
    expect(windowStart(T0, 120)).toBe(T0 - 120_000);
  });

  it('counts a viewer whose last heartbeat is exactly one TTL old', () => {
    expect(isPresent(T0 - 120_000, T0, 120)).toBe(true);
  });

  it('stops counting a viewer one millisecond after the TTL passes', () => {
    expect(isPresent(T0 - 120_001, T0, 120)).toBe(false);
  });

  it('counts a voice member (score +Infinity) however late it is', () => {
    expect(isPresent(Infinity, T0 + 10 * 365 * 86_400_000, 10)).toBe(true);
  });

  it('honours a per-stage TTL', () => {
    expect(isPresent(T0 - 15_000, T0, 10)).toBe(false);
    expect(isPresent(T0 - 15_000, T0, 30)).toBe(true);
  });

  it('suggests heartbeating four times per TTL, at least every second', () => {
    expect(heartbeatIntervalSeconds(120)).toBe(30);
    expect(heartbeatIntervalSeconds(10)).toBe(2);
    expect(heartbeatIntervalSeconds(3)).toBe(1);
  });
});

describe('capacity', () => {
  const stage = { isMaster: false, maxViewers: 2 };

  it('admits the newcomer while the count including them stays within max_viewers', () => {
    expect(admits(stage, 1)).toBe(true);
    expect(admits(stage, 2)).toBe(true);
  });

  it('refuses the newcomer who would exceed max_viewers', () => {
    expect(admits(stage, 3)).toBe(false);
  });

  it('refuses everyone on a stage with max_viewers 0', () => {
    expect(admits({ isMaster: false, maxViewers: 0 }, 1)).toBe(false);
  });

  it('exempts master stages from the limit', () => {
    expect(admits({ isMaster: true, maxViewers: 2 }, 10_000)).toBe(true);
  });
});

describe('session durations', () => {
  it('counts whole seconds, rounded', () => {
    expect(sessionDurationSeconds(new Date(T0), new Date(T0 + 90_400))).toBe(90);
    expect(sessionDurationSeconds(new Date(T0), new Date(T0 + 90_500))).toBe(91);
  });

  it('is never negative when a leave predates the join', () => {
    expect(sessionDurationSeconds(new Date(T0), new Date(T0 - 5_000))).toBe(0);
  });

  it('ends a vanished viewer at their last heartbeat', () => {
    expect(timeoutLeftAt(new Date(T0), T0 + 60_000)).toEqual(new Date(T0 + 60_000));
  });

  it('never ends a vanished viewer before they joined', () => {
    expect(timeoutLeftAt(new Date(T0), T0 - 60_000)).toEqual(new Date(T0));
  });
});

describe('viewer identity', () => {
  it('keys members by user id and anonymous viewers by participant id, apart', () => {
    expect(viewerKey({ userId: '42' })).toBe('u:42');
    expect(viewerKey({ participantId: '42' })).toBe('a:42');
  });
});

describe('stage kinds of Discord channels', () => {
  it('makes a stage channel (type 13) a discord_stage', () => {
    expect(stageKindOfChannel(13)).toBe('discord_stage');
  });

  it('makes a voice channel, an unknown type or an unknown channel a discord_voice', () => {
    expect(stageKindOfChannel(2)).toBe('discord_voice');
    expect(stageKindOfChannel(0)).toBe('discord_voice');
    expect(stageKindOfChannel(null)).toBe('discord_voice');
    expect(stageKindOfChannel(undefined)).toBe('discord_voice');
  });
});

describe('IP truncation', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['10.0.0.1', '10.0.0.0/24'],
    ['::ffff:198.51.100.9', '198.51.100.0/24'],
    ['::FFFF:198.51.100.9', '198.51.100.0/24'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::/48'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::/48'],
    ['2001:db8::1', '2001:db8::/48'],
    ['::1', '::/48'],
    ['fe80::1%eth0', 'fe80::/48'],
    ['64:ff9b::192.0.2.33', '64:ff9b::/48'],
    ['2001:db8:0:1::5', '2001:db8::/48'],
  ])('keeps only the network of %s', (ip, expected) => {
    expect(truncateIp(ip)).toBe(expected);
  });

  it.each([[undefined], [null], [''], ['not-an-ip'], ['999.1.1.1'], ['1:2:3']])(
    'stores nothing for %s',
    (ip) => {
      expect(truncateIp(ip)).toBeNull();
    },
  );
});

describe('country header', () => {
  it('reads an ISO country code, whatever its case and spacing', () => {
    expect(countryFromHeader('TW')).toBe('TW');
    expect(countryFromHeader(' de ')).toBe('DE');
    expect(countryFromHeader(['FR', 'DE'])).toBe('FR');
  });

  it("treats Cloudflare's unknown (XX) and Tor (T1) as no country", () => {
    expect(countryFromHeader('XX')).toBeNull();
    expect(countryFromHeader('T1')).toBeNull();
  });

  it('ignores a missing or malformed header', () => {
    expect(countryFromHeader(undefined)).toBeNull();
    expect(countryFromHeader('')).toBeNull();
    expect(countryFromHeader('TWN')).toBeNull();
    expect(countryFromHeader('1A')).toBeNull();
    expect(countryFromHeader([])).toBeNull();
  });
});

describe('user agents', () => {
  it('keeps a normal user agent and clips a huge one', () => {
    expect(clipUserAgent('Mozilla/5.0')).toBe('Mozilla/5.0');
    expect(clipUserAgent('x'.repeat(5000))?.length).toBe(USER_AGENT_MAX_LENGTH);
    expect(clipUserAgent(undefined)).toBeNull();
    expect(clipUserAgent('')).toBeNull();
  });
});

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
