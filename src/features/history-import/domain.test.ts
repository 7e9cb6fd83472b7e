import { describe, expect, it } from 'vitest';
import {
  type ChannelProgress,
  ChannelSizePrior,
  channelStart,
  channelStop,
  coverage,
  cutPage,
  etaSeconds,
  importWindow,
  oldestId,
  pagesLeft,
  RateMeter,
  replayWatermark,
  retryDelayMs,
  snowflakeAt,
  stagedEvent,
  timeOfSnowflake,
} from './domain.ts';

const at = (iso: string) => new Date(iso);
const id = (iso: string, seq = 0n) => (snowflakeAt(at(iso)) + seq).toString();
const page = (...ids: string[]) => ids.map((x) => ({ id: x }));
const full = (from: bigint) =>
  Array.from({ length: 100 }, (_, i) => ({ id: (from + BigInt(100 - i)).toString() }));

describe('snowflakes and the import window', () => {
  it('maps times to the smallest snowflake of their millisecond and back', () => {
    const t = at('2026-05-01T12:00:00.123Z');
    expect(timeOfSnowflake(snowflakeAt(t))).toBe(t.getTime());
    expect(timeOfSnowflake(snowflakeAt(t) + (1n << 22n) - 1n)).toBe(t.getTime());
    expect(snowflakeAt(at('2010-01-01T00:00:00Z'))).toBe(0n);
  });

  it('takes everything up to the task creation by default', () => {
    const created = at('2026-05-01T00:00:00Z');
    const w = importWindow({ since: null, until: null, anchorMessageId: null, createdAt: created });
    expect(w.afterId).toBe(0n);
    expect(timeOfSnowflake(w.stopAt)).toBe(created.getTime());
    expect(w.stopAt + 1n).toBe(snowflakeAt(new Date(created.getTime() + 1)));
  });

  it('starts after `since` (inclusive of its millisecond) and stops at the anchor message', () => {
    const since = at('2026-01-01T00:00:00Z');
    const w = importWindow({ since, until: null, anchorMessageId: '1234567890123456789', createdAt: since });
    expect(w.afterId).toBe(snowflakeAt(since) - 1n);
    expect(w.stopAt).toBe(1234567890123456789n);
  });

  it('stops at `until` when given', () => {
    const until = at('2026-03-01T00:00:00Z');
    const w = importWindow({
      since: null,
      until,
      anchorMessageId: null,
      createdAt: at('2026-04-01T00:00:00Z'),
    });
    expect(timeOfSnowflake(w.stopAt)).toBe(until.getTime());
  });

  it('starts a channel no earlier than its own creation', () => {
    const w = { afterId: 0n, stopAt: 10n ** 18n };
    const channel = id('2026-02-01T00:00:00Z');
    expect(channelStart(channel, w)).toBe(BigInt(channel) - 1n);
    const late = { afterId: BigInt(id('2026-03-01T00:00:00Z')), stopAt: 10n ** 18n };
    expect(channelStart(channel, late)).toBe(late.afterId);
  });
});

describe('cutting a page', () => {
  it('takes the page, moves the cursor to its newest id and goes on when the page was full', () => {
    const cut = cutPage(full(1000n), 1000n, 5000n);
    expect(cut.taken).toHaveLength(100);
    expect(cut.cursor).toBe(1100n);
    expect(cut.finished).toBe(false);
  });

  it('finishes on a short page', () => {
    const cut = cutPage(page('1003', '1002', '1001'), 1000n, 5000n);
    expect(cut).toMatchObject({ cursor: 1003n, finished: true });
  });

  it('leaves out what lies beyond the window and finishes there', () => {
    const cut = cutPage(full(4950n), 4950n, 5000n);
    expect(cut.taken).toHaveLength(50);
    expect(cut.cursor).toBe(5000n);
    expect(cut.finished).toBe(true);
  });

  it('ignores ids at or below the cursor (a repeated page adds nothing)', () => {
    const cut = cutPage(page('1001', '1000', '999'), 1000n, 5000n);
    expect(cut.taken.map((m) => m.id)).toEqual(['1001']);
  });

  it('finishes an empty channel and keeps its cursor', () => {
    expect(cutPage([], 1000n, 5000n)).toEqual({ taken: [], cursor: 1000n, finished: true });
  });
});

describe('replay watermark and progress', () => {
  const channel = (
    channelId: string,
    status: ChannelProgress['status'],
    cursor: bigint,
    stopAt: bigint,
    messages = 0,
    firstId: bigint | null = null,
  ): ChannelProgress => ({ channelId, status, cursor, stopAt, messages, firstId });

  it('is the smallest checkpoint of the channels still being read', () => {
    expect(
      replayWatermark([
        channel('1', 'running', 500n, 900n),
        channel('2', 'pending', 300n, 900n),
        channel('3', 'done', 100n, 900n),
        channel('4', 'skipped', 50n, 900n),
      ]),
    ).toBe(300n);
    expect(replayWatermark([channel('1', 'done', 5n, 9n), channel('2', 'failed', 1n, 9n)])).toBeNull();
  });

  describe("progress, estimated from each channel's density so far", () => {
    const start = at('2026-01-01T00:00:00Z');
    const window = { afterId: snowflakeAt(start), stopAt: snowflakeAt(at('2026-01-11T00:00:00Z')) };
    const chan = id('2025-01-01T00:00:00Z');
    const other = id('2025-01-02T00:00:00Z');
    const day = (n: number) => snowflakeAt(at(`2026-01-${String(1 + n).padStart(2, '0')}T00:00:00Z`));

    it('is half when a channel covered half its span at an even pace', () => {
      expect(coverage([channel(chan, 'running', day(5), window.stopAt, 500)], window)).toBeCloseTo(0.5, 5);
    });

    it('weighs channels by their messages, not their time', () => {
      // A busy channel a tenth of the way through, a quiet one finished: mostly still to do.
      const p = coverage(
        [
          channel(chan, 'running', day(1), window.stopAt, 1000),
          channel(other, 'done', window.stopAt, window.stopAt, 10),
        ],
        window,
      );
      expect(p).toBeCloseTo(1010 / (1010 + 9000), 5);
    });

    it('gives channels not started the density of the others', () => {
      const p = coverage(
        [
          channel(chan, 'running', day(5), window.stopAt, 500),
          channel(other, 'pending', window.afterId, window.stopAt),
        ],
        window,
      );
      expect(p).toBeCloseTo(0.25, 5);
    });

    it('measures density from the first message, not from an empty stretch before it', () => {
      // Silent until day 4, 300 messages by day 7, the window ends on day 10: half of its talk is in.
      expect(coverage([channel(chan, 'running', day(7), window.stopAt, 300, day(4))], window)).toBeCloseTo(
        0.5,
        5,
      );
      // Measured from the window's start, the empty days would make it look 70 % done.
      expect(coverage([channel(chan, 'running', day(7), window.stopAt, 300)], window)).toBeCloseTo(0.7, 5);
    });

    it('is done when no channel is left, and zero before anything is known', () => {
      expect(coverage([channel(chan, 'skipped', window.afterId, window.stopAt)], window)).toBe(1);
      expect(coverage([channel(chan, 'pending', window.afterId, window.stopAt)], window)).toBe(0);
    });
  });

  it('ends a channel at its last message when that is older than the window end', () => {
    const window = { afterId: 0n, stopAt: 5000n };
    expect(channelStop('4000', window)).toBe(4000n);
    expect(channelStop('6000', window)).toBe(5000n);
    expect(channelStop(null, window)).toBe(5000n);
  });

  it('estimates the time left from the pace so far', () => {
    expect(etaSeconds(0, 100)).toBeNull();
    expect(etaSeconds(0.25, 0.5)).toBeNull();
    expect(etaSeconds(0.25, 60)).toBe(180);
    expect(etaSeconds(1, 60)).toBe(0);
  });

  it('measures a rate over its window', () => {
    const meter = new RateMeter(10_000);
    expect(meter.perSecond()).toBe(0);
    meter.add(0, 0);
    meter.add(1000, 500);
    meter.add(2000, 1500);
    expect(meter.perSecond()).toBe(750);
    meter.add(30_000, 1600);
    meter.add(31_000, 1700);
    expect(meter.perSecond()).toBe(100);
  });

  it('ranks channels by the pages they probably have left, unknown ones first', () => {
    const stopAt = BigInt(id('2026-01-31T00:00:00Z'));
    const firstId = BigInt(id('2026-01-01T00:00:00Z'));
    expect(pagesLeft({ firstId: null, cursor: 0n, stopAt, messages: 0 })).toBe(Number.POSITIVE_INFINITY);
    // 1,000 messages over 10 days, 20 days to go: about 2,000 more, 20 pages.
    const tenDays = BigInt(id('2026-01-11T00:00:00Z'));
    expect(pagesLeft({ firstId, cursor: tenDays, stopAt, messages: 1000 })).toBeCloseTo(20, 5);
    expect(pagesLeft({ firstId, cursor: stopAt, stopAt, messages: 1000 })).toBe(0);
    // A full first page within one millisecond: more to come, no density yet.
    expect(pagesLeft({ firstId, cursor: firstId + 99n, stopAt, messages: 100 })).toBeGreaterThan(1);
  });

  it('finds the oldest of some message ids', () => {
    expect(oldestId(['300', '20', '1000'])).toBe(20n);
    expect(oldestId([])).toBeNull();
  });

  it('guesses an unread channel holds the mean of the sizes known so far', () => {
    const prior = new ChannelSizePrior();
    expect(prior.mean).toBe(Number.POSITIVE_INFINITY);
    prior.set('a', 40);
    prior.set('b', 10);
    expect(prior.mean).toBe(25);
    prior.set('a', 20);
    prior.set('c', Number.POSITIVE_INFINITY);
    expect(prior.mean).toBe(15);
  });

  it('backs off from one second to thirty', () => {
    expect([1, 2, 3, 5, 6, 10].map(retryDelayMs)).toEqual([1000, 2000, 4000, 16_000, 30_000, 30_000]);
  });
});

describe('staged messages as pipeline events', () => {
  const message = {
    messageId: id('2026-02-03T04:05:06Z', 7n),
    channelId: '42',
    userId: '7',
    authorIsBot: false,
    system: false,
    isReply: true,
    words: 3,
    attachments: 1,
  };

  it('carries the live event id and the message time, as backfill', () => {
    expect(stagedEvent('9', message, true)).toEqual({
      kind: 'message.created',
      id: `m:${message.messageId}`,
      guildId: '9',
      at: at('2026-02-03T04:05:06Z'),
      source: 'backfill',
      messageId: message.messageId,
      channelId: '42',
      userId: '7',
      authorIsBot: false,
      system: false,
      words: 3,
      attachments: 1,
      isReply: true,
    });
  });

  it('marks messages that must not pay karma', () => {
    expect(stagedEvent('9', message, false).karma).toBe(false);
  });
});
