import { describe, expect, it } from 'vitest';
import type { ContractContext } from './hot-store.contract.ts';

/** `ztouch`, the one-round-trip heartbeat: part of the HotStore contract, run against every adapter. */
export function describeTouchContract(ctx: ContractContext): void {
  describe('ztouch (heartbeat in one step)', () => {
    const limit = (n: number, windowMs = 10_000) => ({ key: 'rl', limit: n, windowMs });

    it('updates a present member and counts the members at or above countMin', async () => {
      const { store } = ctx;
      await store.zadd('z', [
        { member: 'a', score: 100 },
        { member: 'b', score: 50 },
        { member: 'voice', score: Infinity },
      ]);
      const result = await store.ztouch('z', 'b', 200, 100);
      expect(result).toEqual({ present: true, hit: null, count: 3 });
      expect(await store.zscore('z', 'b')).toBe(200);
      expect((await store.ztouch('z', 'a', 300, 250)).count).toBe(2);
    });

    it('never adds an absent member, writes no key for it, and still answers the count', async () => {
      const { store } = ctx;
      await store.zadd('z', [{ member: 'a', score: 100 }]);
      expect(await store.ztouch('z', 'gone', 200, 0, limit(5))).toEqual({
        present: false,
        hit: null,
        count: 1,
      });
      expect(await store.zscore('z', 'gone')).toBeNull();
      expect(await store.get('rl')).toBeNull();
      expect(await store.ztouch('missing', 'x', 1, 0)).toEqual({ present: false, hit: null, count: 0 });
      expect(await store.zcard('missing')).toBe(0);
    });

    it('counts a hit per touch and refuses to move the score once over the limit', async () => {
      const { store } = ctx;
      await store.zadd('z', [{ member: 'a', score: 1 }]);
      const first = await store.ztouch('z', 'a', 10, 0, limit(2));
      expect(first.hit).toMatchObject({ allowed: true, count: 1, remaining: 1 });
      expectWindow(first.hit?.resetInMs, 10_000);
      expect((await store.ztouch('z', 'a', 20, 0, limit(2))).hit).toMatchObject({ allowed: true, count: 2 });
      const refused = await store.ztouch('z', 'a', 30, 0, limit(2));
      expect(refused).toMatchObject({ present: true, count: 1 });
      expect(refused.hit).toMatchObject({ allowed: false, count: 3, remaining: 0 });
      expect(await store.zscore('z', 'a')).toBe(20);
    });

    it('shares its window with hit() on the same key and opens a new one when it passes', async () => {
      const { store } = ctx;
      await store.zadd('z', [{ member: 'a', score: 1 }]);
      await store.hit('rl', 1, 100);
      expect((await store.ztouch('z', 'a', 5, 0, limit(1, 100))).hit?.allowed).toBe(false);
      await ctx.advance(150);
      expect((await store.ztouch('z', 'a', 6, 0, limit(1, 100))).hit).toMatchObject({
        allowed: true,
        count: 1,
      });
      expect(await store.zscore('z', 'a')).toBe(6);
    });

    it('admits exactly the limit under concurrent touches', async () => {
      const { store } = ctx;
      await store.zadd('z', [{ member: 'a', score: 0 }]);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => store.ztouch('z', 'a', i + 1, 0, limit(10))),
      );
      expect(results.filter((r) => r.hit?.allowed)).toHaveLength(10);
    });

    it('never brings back a member removed before the touch (no ghost after a leave)', async () => {
      const { store } = ctx;
      await store.zadd('z', [
        { member: 'a', score: 1 },
        { member: 'b', score: 1 },
      ]);
      const [touched] = await Promise.all([store.ztouch('z', 'a', 2, 0), store.zrem('z', 'a')]);
      expect(touched.present).toBe(true);
      expect(await store.zscore('z', 'a')).toBeNull();
      expect(await store.zcard('z')).toBe(1);
    });

    // Redis sends concurrent touches as one script call: each must still answer on its own.
    it('answers concurrent touches each on its own, a failing one failing alone', async () => {
      const { store } = ctx;
      await store.zadd('z', [
        { member: 'a', score: 1 },
        { member: 'b', score: 1 },
      ]);
      await store.zadd('y', [{ member: 'c', score: 1 }]);
      await store.set('s', 'x');
      const [a, wrong, b, c, gone] = await Promise.allSettled([
        store.ztouch('z', 'a', 10, 5, limit(1)),
        store.ztouch('s', 'a', 10, 0),
        store.ztouch('z', 'b', 20, 5),
        store.ztouch('y', 'c', 30, 0, { key: 'rl2', limit: 0, windowMs: 10_000 }),
        store.ztouch('y', 'gone', 40, 0, limit(5)),
      ]);
      expect(a).toMatchObject({ status: 'fulfilled', value: { present: true, count: 1 } });
      expect(a.status === 'fulfilled' && a.value.hit).toMatchObject({ allowed: true, count: 1 });
      expect(wrong).toMatchObject({
        status: 'rejected',
        reason: { message: expect.stringMatching(/WRONGTYPE/) },
      });
      expect(b).toMatchObject({ status: 'fulfilled', value: { present: true, hit: null, count: 2 } });
      expect(c).toMatchObject({ status: 'fulfilled', value: { present: true, count: 1 } });
      expect(c.status === 'fulfilled' && c.value.hit).toMatchObject({ allowed: false, count: 1 });
      expect(gone).toMatchObject({ status: 'fulfilled', value: { present: false, hit: null, count: 1 } });
      expect(await store.zscore('z', 'b')).toBe(20);
      expect(await store.zscore('y', 'c')).toBe(1);
    });

    it('rejects bad arguments before writing and WRONGTYPE keys', async () => {
      const { store } = ctx;
      await store.zadd('z', [{ member: 'a', score: 1 }]);
      await expect(store.ztouch('z', 'a', Number.NaN, 0)).rejects.toThrow(RangeError);
      await expect(store.ztouch('z', 'a', 1, Number.NaN)).rejects.toThrow(RangeError);
      await expect(store.ztouch('z', 'a', 2, 0, limit(-1))).rejects.toThrow(RangeError);
      await expect(store.ztouch('z', 'a', 2, 0, limit(1, 0))).rejects.toThrow(RangeError);
      expect(await store.zscore('z', 'a')).toBe(1);
      expect(await store.get('rl')).toBeNull();
      await store.set('s', 'x');
      await expect(store.ztouch('s', 'a', 1, 0)).rejects.toThrow(/WRONGTYPE/);
    });
  });
}

function expectWindow(ms: number | undefined, max: number): void {
  expect(ms).toBeGreaterThan(0);
  expect(ms).toBeLessThanOrEqual(max);
}
