import { describe, expect, it } from 'vitest';
import {
  compareSnowflakes,
  DISCORD_EPOCH,
  isoFromSnowflake,
  isSnowflake,
  SnowflakeFactory,
  snowflakeAt,
  snowflakeFromParts,
  timestampOf,
} from './snowflake.ts';

describe('snowflakes', () => {
  it('encode the millisecond since the Discord epoch in the top bits', () => {
    // Discord's documented example: 175928847299117063 was minted at 2016-04-30 11:18:25.796 UTC.
    expect(timestampOf('175928847299117063')).toBe(Date.parse('2016-04-30T11:18:25.796Z'));
    expect(snowflakeFromParts(Date.parse('2016-04-30T11:18:25.796Z'), 1, 0, 7)).toBe('175928847299117063');
    expect(timestampOf(snowflakeAt(DISCORD_EPOCH))).toBe(DISCORD_EPOCH);
  });

  it('render Discord timestamps that Date.parse reads back', () => {
    const id = snowflakeAt(Date.parse('2024-02-03T04:05:06.789Z'));
    expect(isoFromSnowflake(id)).toBe('2024-02-03T04:05:06.789000+00:00');
    expect(Date.parse(isoFromSnowflake(id))).toBe(Date.parse('2024-02-03T04:05:06.789Z'));
  });

  it('mint strictly increasing ids for live traffic, even within one millisecond', () => {
    let now = 1_700_000_000_000;
    const factory = new SnowflakeFactory(() => now);
    const ids = Array.from({ length: 5000 }, () => factory.next());
    now += 1;
    ids.push(factory.next());
    for (let i = 1; i < ids.length; i++)
      expect(compareSnowflakes(ids[i - 1] ?? '', ids[i] ?? '')).toBeLessThan(0);
  });

  it('mint unique ids at past timestamps that carry that time', () => {
    const factory = new SnowflakeFactory(() => 1_700_000_000_000);
    const at = Date.parse('2020-01-01T00:00:00Z');
    const ids = new Set(Array.from({ length: 10_000 }, () => factory.at(at)));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(timestampOf(id)).toBe(at);
  });

  it('never collide between live ids and history ids of the same millisecond', () => {
    const now = 1_700_000_000_000;
    const factory = new SnowflakeFactory(() => now);
    const live = new Set(Array.from({ length: 100 }, () => factory.next()));
    for (let i = 0; i < 100; i++) expect(live.has(factory.at(now))).toBe(false);
  });

  it('compare as numbers without BigInt', () => {
    expect(compareSnowflakes('99', '100')).toBeLessThan(0);
    expect(compareSnowflakes('175928847299117063', '175928847299117062')).toBeGreaterThan(0);
    expect(compareSnowflakes('5', '5')).toBe(0);
  });

  it('validate snowflake strings', () => {
    expect(isSnowflake('175928847299117063')).toBe(true);
    expect(isSnowflake('abc')).toBe(false);
    expect(isSnowflake('')).toBe(false);
    expect(isSnowflake('99999999999999999999')).toBe(false);
    expect(isSnowflake(42)).toBe(false);
  });
});
