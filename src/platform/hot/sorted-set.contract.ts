import { describe, expect, it } from 'vitest';
import type { ContractContext } from './hot-store.contract.ts';
import type { ScoredMember } from './port.ts';

const members = (entries: readonly ScoredMember[]): string[] => entries.map((e) => e.member);

/** Deterministic pseudo-random numbers, so a failing sequence can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reference order for ASCII members: score, then member (plain `<` is byte order for ASCII). */
function referenceSort(entries: Iterable<[string, number]>): ScoredMember[] {
  return [...entries]
    .map(([member, score]) => ({ member, score }))
    .sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
}

const ABCDE = [
  { member: 'a', score: 1 },
  { member: 'b', score: 2 },
  { member: 'c', score: 3 },
  { member: 'd', score: 4 },
  { member: 'e', score: 5 },
];

export function describeSortedSetContract(ctx: ContractContext): void {
  describe('sorted sets', () => {
    it('adds members, counting only new ones, and updates scores of existing ones', async () => {
      const { store } = ctx;
      expect(
        await store.zadd('z', [
          { member: 'a', score: 1 },
          { member: 'b', score: 2 },
        ]),
      ).toBe(2);
      expect(
        await store.zadd('z', [
          { member: 'a', score: 5 },
          { member: 'c', score: 3 },
        ]),
      ).toBe(1);
      expect(await store.zscore('z', 'a')).toBe(5);
      expect(await store.zcard('z')).toBe(3);
      expect(await store.zscore('z', 'missing')).toBeNull();
      expect(await store.zscore('missing', 'a')).toBeNull();
    });

    it('keeps the last score when a member repeats within one call', async () => {
      const { store } = ctx;
      const added = await store.zadd('z', [
        { member: 'a', score: 1 },
        { member: 'a', score: 2 },
      ]);
      expect(added).toBe(1);
      expect(await store.zscore('z', 'a')).toBe(2);
    });

    it('creates nothing when adding no entries', async () => {
      const { store } = ctx;
      expect(await store.zadd('z', [])).toBe(0);
      expect(await store.zcard('z')).toBe(0);
      expect(await store.set('z', 'free', { onlyIfAbsent: true })).toBe(true);
    });

    it('orders equal scores by member bytes, and descending is the exact reverse', async () => {
      const { store } = ctx;
      const names = ['b', 'a', 'c', 'B', '10', '9', 'ab'];
      await store.zadd(
        'z',
        names.map((member) => ({ member, score: 1 })),
      );
      const ascending = ['10', '9', 'B', 'a', 'ab', 'b', 'c'];
      expect(members(await store.zrange('z', 0, -1))).toEqual(ascending);
      expect(members(await store.zrange('z', 0, -1, 'desc'))).toEqual([...ascending].reverse());
      expect(await store.zrank('z', 'B')).toBe(2);
      expect(await store.zrank('z', 'B', 'desc')).toBe(4);
      expect(members(await store.zrangeByScore('z', 1, 1, { order: 'desc', limit: 2 }))).toEqual(['c', 'b']);
    });

    it('orders non-ASCII members by code point, as Redis compares UTF-8 bytes', async () => {
      const { store } = ctx;
      await store.zadd(
        'z',
        ['😀', '\uffff', 'é', 'z', '\ue000'].map((member) => ({ member, score: 0 })),
      );
      expect(members(await store.zrange('z', 0, -1))).toEqual(['z', 'é', '\ue000', '\uffff', '😀']);
    });

    it('stores infinite, fractional, tiny and huge scores exactly', async () => {
      const { store } = ctx;
      const scores = [
        -Infinity,
        -2.5,
        0.1,
        1e-7,
        Number.MIN_VALUE,
        2 ** 53,
        1e21,
        1.7976931348623157e308,
        Infinity,
      ];
      await store.zadd(
        'z',
        scores.map((score, i) => ({ member: `m${i}`, score })),
      );
      for (const [i, score] of scores.entries()) expect(await store.zscore('z', `m${i}`)).toBe(score);
      expect((await store.zrange('z', 0, -1)).map((e) => e.score)).toEqual([...scores].sort((a, b) => a - b));
    });

    it('rejects a NaN score without writing any of the entries', async () => {
      const { store } = ctx;
      const entries = [
        { member: 'a', score: 1 },
        { member: 'b', score: Number.NaN },
      ];
      await expect(store.zadd('z', entries)).rejects.toThrow(RangeError);
      expect(await store.zcard('z')).toBe(0);
      await expect(store.zincrby('z', 'a', Number.NaN)).rejects.toThrow(RangeError);
      await expect(store.zcount('z', Number.NaN, 1)).rejects.toThrow(RangeError);
    });

    it('increments scores from zero and returns the new score', async () => {
      const { store } = ctx;
      expect(await store.zincrby('z', 'a', 2.5)).toBe(2.5);
      expect(await store.zincrby('z', 'a', -4)).toBe(-1.5);
      expect(await store.zscore('z', 'a')).toBe(-1.5);
    });

    it('rejects an increment whose result is NaN and keeps the old score', async () => {
      const { store } = ctx;
      await store.zadd('z', [{ member: 'a', score: Infinity }]);
      await expect(store.zincrby('z', 'a', -Infinity)).rejects.toThrow(/NaN/);
      expect(await store.zscore('z', 'a')).toBe(Infinity);
    });

    it('ranks members in both orders and returns null for absent ones', async () => {
      const { store } = ctx;
      await store.zadd('z', ABCDE);
      expect(await store.zrank('z', 'a')).toBe(0);
      expect(await store.zrank('z', 'a', 'asc')).toBe(0);
      expect(await store.zrank('z', 'a', 'desc')).toBe(4);
      expect(await store.zrank('z', 'e', 'desc')).toBe(0);
      expect(await store.zrank('z', 'x')).toBeNull();
      expect(await store.zrank('missing', 'a', 'desc')).toBeNull();
    });

    it('ranges by rank inclusively, with negative indexes counting from the end', async () => {
      const { store } = ctx;
      await store.zadd('z', ABCDE);
      const range = async (start: number, stop: number, order: 'asc' | 'desc' = 'asc') =>
        members(await store.zrange('z', start, stop, order));
      expect(await store.zrange('z', 0, 1)).toEqual([
        { member: 'a', score: 1 },
        { member: 'b', score: 2 },
      ]);
      expect(await range(0, -1)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(await range(-2, -1)).toEqual(['d', 'e']);
      expect(await range(3, 100)).toEqual(['d', 'e']);
      expect(await range(-100, 0)).toEqual(['a']);
      expect(await range(4, 2)).toEqual([]);
      expect(await range(10, 20)).toEqual([]);
      expect(await range(-100, -50)).toEqual([]);
      expect(await range(0, 1, 'desc')).toEqual(['e', 'd']);
      expect(await range(-1, -1, 'desc')).toEqual(['a']);
      expect(await range(1, -2, 'desc')).toEqual(['d', 'c', 'b']);
      expect(await store.zrange('missing', 0, -1)).toEqual([]);
      await expect(store.zrange('z', 0.5, 1)).rejects.toThrow(RangeError);
    });

    it('ranges by inclusive score bounds, with offset, limit and order', async () => {
      const { store } = ctx;
      await store.zadd('z', ABCDE);
      const byScore = async (...args: Parameters<typeof store.zrangeByScore>) =>
        members(await store.zrangeByScore(...args));
      expect(await byScore('z', 2, 4)).toEqual(['b', 'c', 'd']);
      expect(await byScore('z', -Infinity, Infinity)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(await byScore('z', 2.5, 3.5)).toEqual(['c']);
      expect(await byScore('z', 4, 2)).toEqual([]);
      expect(await byScore('z', 1, 5, { limit: 2 })).toEqual(['a', 'b']);
      expect(await byScore('z', 1, 5, { offset: 3 })).toEqual(['d', 'e']);
      expect(await byScore('z', 1, 5, { offset: 1, limit: 2 })).toEqual(['b', 'c']);
      expect(await byScore('z', 1, 5, { offset: 9 })).toEqual([]);
      expect(await byScore('z', 1, 5, { limit: 0 })).toEqual([]);
      expect(await byScore('z', 2, 4, { order: 'desc' })).toEqual(['d', 'c', 'b']);
      expect(await byScore('z', 1, 5, { order: 'desc', offset: 1, limit: 2 })).toEqual(['d', 'c']);
      expect(await store.zrangeByScore('z', 5, Infinity)).toEqual([{ member: 'e', score: 5 }]);
      expect(await byScore('missing', 0, 10)).toEqual([]);
      await expect(store.zrangeByScore('z', 0, 1, { limit: -1 })).rejects.toThrow(RangeError);
    });

    it('counts and removes members by inclusive score bounds', async () => {
      const { store } = ctx;
      await store.zadd('z', ABCDE);
      expect(await store.zcount('z', 2, 4)).toBe(3);
      expect(await store.zcount('z', -Infinity, Infinity)).toBe(5);
      expect(await store.zcount('z', 4.5, 10)).toBe(1);
      expect(await store.zcount('z', 5, 1)).toBe(0);
      expect(await store.zcount('missing', -Infinity, Infinity)).toBe(0);
      expect(await store.zremRangeByScore('z', 2, 3)).toBe(2);
      expect(members(await store.zrange('z', 0, -1))).toEqual(['a', 'd', 'e']);
      expect(await store.zremRangeByScore('z', 10, 20)).toBe(0);
      expect(await store.zremRangeByScore('missing', -Infinity, Infinity)).toBe(0);
    });

    it('removes members and counts only those that were present', async () => {
      const { store } = ctx;
      await store.zadd('z', ABCDE);
      expect(await store.zrem('z', 'a', 'c', 'x')).toBe(2);
      expect(await store.zrem('z')).toBe(0);
      expect(await store.zrem('missing', 'a')).toBe(0);
      expect(members(await store.zrange('z', 0, -1))).toEqual(['b', 'd', 'e']);
    });

    it('deletes the set, TTL included, when its last member goes', async () => {
      const { store } = ctx;
      await store.zadd('z', [{ member: 'a', score: 1 }]);
      await store.expire('z', 60_000);
      expect(await store.zrem('z', 'a')).toBe(1);
      expect(await store.ttl('z')).toBeNull();
      await store.zadd('z', ABCDE);
      expect(await store.zremRangeByScore('z', -Infinity, Infinity)).toBe(5);
      expect(await store.get('z')).toBeNull();
    });

    it('expires a whole sorted set after its TTL', async () => {
      const { store } = ctx;
      await store.zadd('z', ABCDE);
      await store.expire('z', 100);
      await ctx.advance(150);
      expect(await store.zcard('z')).toBe(0);
      expect(await store.zrange('z', 0, -1)).toEqual([]);
    });

    it('counts only viewers seen within the window, and sweeps the ones who vanished', async () => {
      const { store } = ctx;
      const now = 1_700_000_000_000;
      const ttl = 120_000;
      await store.zadd('viewers', [
        { member: 'fresh', score: now },
        { member: 'recent', score: now - 60_000 },
        { member: 'edge', score: now - ttl },
        { member: 'gone', score: now - ttl - 1 },
        { member: 'long-gone', score: now - 500_000 },
      ]);
      expect(await store.zcount('viewers', now - ttl, Infinity)).toBe(3);
      const vanished = await store.zrangeByScore('viewers', -Infinity, now - ttl - 1);
      expect(members(vanished)).toEqual(['long-gone', 'gone']);
      expect(await store.zremRangeByScore('viewers', -Infinity, now - ttl - 1)).toBe(2);
      await store.zadd('viewers', [{ member: 'edge', score: now + 1000 }]);
      expect(await store.zcount('viewers', now - ttl, Infinity)).toBe(3);
      expect(await store.zcard('viewers')).toBe(3);
    });

    it('ranks and pages a leaderboard with many ties like a reference sort', async () => {
      const { store } = ctx;
      const random = mulberry32(42);
      const scores = new Map<string, number>();
      for (let i = 0; i < 500; i++)
        scores.set(`user${Math.floor(random() * 1e9)}`, Math.floor(random() * 40));
      await store.zadd(
        'board',
        [...scores].map(([member, score]) => ({ member, score })),
      );
      const descending = referenceSort(scores).reverse();
      expect(await store.zrange('board', 0, -1, 'desc')).toEqual(descending);
      expect(await store.zrange('board', 100, 149, 'desc')).toEqual(descending.slice(100, 150));
      for (const rank of [0, 1, 77, 250, descending.length - 1]) {
        const entry = descending[rank] as ScoredMember;
        expect(await store.zrank('board', entry.member, 'desc')).toBe(rank);
        expect(await store.zrank('board', entry.member, 'asc')).toBe(descending.length - 1 - rank);
      }
    });

    it('matches a reference model under a random sequence of writes', async () => {
      const { store } = ctx;
      const random = mulberry32(7);
      const model = new Map<string, number>();
      const pick = () => `m${Math.floor(random() * 40)}`;
      const value = () => Math.floor(random() * 41) - 20;
      for (let step = 1; step <= 300; step++) {
        const roll = random();
        if (roll < 0.4) {
          const entries = [{ member: pick(), score: random() < 0.05 ? -Infinity : value() }];
          await store.zadd('z', entries);
          for (const e of entries) model.set(e.member, e.score);
        } else if (roll < 0.7) {
          const member = pick();
          const by = value();
          expect(await store.zincrby('z', member, by)).toBe((model.get(member) ?? 0) + by);
          model.set(member, (model.get(member) ?? 0) + by);
        } else if (roll < 0.9) {
          const member = pick();
          expect(await store.zrem('z', member)).toBe(model.delete(member) ? 1 : 0);
        } else {
          const min = value();
          const max = min + Math.floor(random() * 5);
          let expected = 0;
          for (const [member, score] of model) {
            if (score >= min && score <= max && model.delete(member)) expected++;
          }
          expect(await store.zremRangeByScore('z', min, max)).toBe(expected);
        }
        if (step % 25 === 0) {
          const ascending = referenceSort(model);
          expect(await store.zrange('z', 0, -1)).toEqual(ascending);
          expect(await store.zcount('z', -5, 5)).toBe(
            ascending.filter((e) => e.score >= -5 && e.score <= 5).length,
          );
          const probe = ascending[Math.floor(ascending.length / 2)];
          if (probe) expect(await store.zrank('z', probe.member)).toBe(ascending.indexOf(probe));
        }
      }
    });
  });
}
