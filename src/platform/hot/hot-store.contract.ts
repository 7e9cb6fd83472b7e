import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HotStore } from './port.ts';
import { describeSortedSetContract } from './sorted-set.contract.ts';
import { describeTouchContract } from './touch.contract.ts';

/** One store under test, fresh and empty for each test. */
export interface HotStoreHarness {
  readonly store: HotStore;
  /** Lets `ms` pass for the store: a fake clock jump for memory, a real wait for Redis. */
  advance(ms: number): Promise<void>;
  /** Removes whatever the test wrote and closes the store. */
  dispose(): Promise<void>;
}

export type HotStoreFactory = () => Promise<HotStoreHarness>;

export interface ContractContext {
  readonly store: HotStore;
  advance(ms: number): Promise<void>;
}

/** Remaining TTLs are approximate on a real server: positive and no more than what was asked. */
export function expectTtlWithin(ttl: number | null, maxMs: number): void {
  expect(ttl).not.toBeNull();
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(maxMs);
}

/**
 * The behaviour every HotStore adapter must have. Run it against each adapter; a difference between
 * memory and Redis is a bug in the memory adapter (Redis is the reference).
 */
export function describeHotStoreContract(name: string, factory: HotStoreFactory): void {
  describe(`HotStore contract: ${name}`, () => {
    let harness: HotStoreHarness | undefined;
    const ctx: ContractContext = {
      get store(): HotStore {
        if (!harness) throw new Error('no store: used outside a test');
        return harness.store;
      },
      advance: (ms) => (harness ? harness.advance(ms) : Promise.resolve()),
    };

    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await harness?.dispose();
      harness = undefined;
    });

    describePlainKeys(ctx);
    describeRateLimits(ctx);
    describeSortedSetContract(ctx);
    describeTouchContract(ctx);

    describe('lifecycle', () => {
      it('reports its kind and a non-negative ping latency', async () => {
        expect(['memory', 'redis']).toContain(ctx.store.kind);
        const latency = await ctx.store.ping();
        expect(Number.isFinite(latency)).toBe(true);
        expect(latency).toBeGreaterThanOrEqual(0);
      });

      it('rejects calls after close, and closing twice is harmless', async () => {
        const { store } = ctx;
        await store.close();
        await store.close();
        await expect(store.ping()).rejects.toThrow();
        await expect(store.get('k')).rejects.toThrow();
      });
    });
  });
}

function describePlainKeys(ctx: ContractContext): void {
  describe('plain keys', () => {
    it('returns null for a key that was never set', async () => {
      expect(await ctx.store.get('missing')).toBeNull();
    });

    it('stores, overwrites and deletes values', async () => {
      const { store } = ctx;
      expect(await store.set('k', 'one')).toBe(true);
      expect(await store.get('k')).toBe('one');
      expect(await store.set('k', 'two')).toBe(true);
      expect(await store.get('k')).toBe('two');
      expect(await store.del('k')).toBe(1);
      expect(await store.get('k')).toBeNull();
    });

    it('counts only keys that existed when deleting, and accepts no keys at all', async () => {
      const { store } = ctx;
      await store.set('a', '1');
      await store.zadd('z', [{ member: 'm', score: 1 }]);
      expect(await store.del('a', 'z', 'missing')).toBe(2);
      expect(await store.del()).toBe(0);
    });

    it('refuses to overwrite with onlyIfAbsent, whatever the key holds', async () => {
      const { store } = ctx;
      expect(await store.set('k', 'first', { onlyIfAbsent: true })).toBe(true);
      expect(await store.set('k', 'second', { onlyIfAbsent: true })).toBe(false);
      expect(await store.get('k')).toBe('first');
      await store.zadd('z', [{ member: 'm', score: 1 }]);
      expect(await store.set('z', 'x', { onlyIfAbsent: true })).toBe(false);
    });

    it('grants a cooldown once per window', async () => {
      const { store } = ctx;
      const claim = () => store.set('cooldown:u1', '1', { ttlMs: 100, onlyIfAbsent: true });
      expect(await claim()).toBe(true);
      expect(await claim()).toBe(false);
      await ctx.advance(150);
      expect(await claim()).toBe(true);
    });

    it('expires a value after its TTL and reports the time left before that', async () => {
      const { store } = ctx;
      await store.set('k', 'v', { ttlMs: 200 });
      expectTtlWithin(await store.ttl('k'), 200);
      await ctx.advance(250);
      expect(await store.get('k')).toBeNull();
      expect(await store.ttl('k')).toBeNull();
    });

    it('reports no TTL for missing keys and keys without expiry', async () => {
      const { store } = ctx;
      await store.set('forever', 'v');
      expect(await store.ttl('forever')).toBeNull();
      expect(await store.ttl('missing')).toBeNull();
    });

    it('clears an old TTL when a value is set again without one', async () => {
      const { store } = ctx;
      await store.set('k', 'v', { ttlMs: 100 });
      await store.set('k', 'w');
      expect(await store.ttl('k')).toBeNull();
      await ctx.advance(150);
      expect(await store.get('k')).toBe('w');
    });

    it('sets a TTL on existing keys only, and deletes the key for a TTL of zero or less', async () => {
      const { store } = ctx;
      expect(await store.expire('missing', 1000)).toBe(false);
      await store.set('a', '1');
      expect(await store.expire('a', 5000)).toBe(true);
      expectTtlWithin(await store.ttl('a'), 5000);
      expect(await store.expire('a', 0)).toBe(true);
      expect(await store.get('a')).toBeNull();
      await store.set('b', '1');
      expect(await store.expire('b', -10)).toBe(true);
      expect(await store.get('b')).toBeNull();
      await expect(store.expire('b', Number.NaN)).rejects.toThrow(RangeError);
    });

    it('counts from zero by any integer step, negative included', async () => {
      const { store } = ctx;
      expect(await store.incr('n')).toBe(1);
      expect(await store.incr('n', 10)).toBe(11);
      expect(await store.incr('n', -13)).toBe(-2);
      expect(await store.get('n')).toBe('-2');
      await store.set('s', '41');
      expect(await store.incr('s')).toBe(42);
    });

    it('applies the TTL only when incr creates the counter, so windows never extend', async () => {
      const { store } = ctx;
      expect(await store.incr('c', 1, 200)).toBe(1);
      expectTtlWithin(await store.ttl('c'), 200);
      expect(await store.incr('c', 1, 60_000)).toBe(2);
      expectTtlWithin(await store.ttl('c'), 200);
      await ctx.advance(250);
      expect(await store.get('c')).toBeNull();
      expect(await store.incr('c', 1, 60_000)).toBe(1);
      expectTtlWithin(await store.ttl('c'), 60_000);
      await store.set('plain', '5');
      expect(await store.incr('plain', 1, 1000)).toBe(6);
      expect(await store.ttl('plain')).toBeNull();
    });

    it('rejects increments of values that are not canonical integers', async () => {
      const { store } = ctx;
      for (const bad of ['abc', '1.5', '01', ' 1', '']) {
        await store.set('s', bad);
        await expect(store.incr('s'), `value ${JSON.stringify(bad)}`).rejects.toThrow(/not an integer/);
        expect(await store.get('s')).toBe(bad);
      }
      await expect(store.incr('n', 1.5)).rejects.toThrow(RangeError);
    });

    it('rejects TTLs that are not positive finite numbers', async () => {
      const { store } = ctx;
      for (const ttlMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.set('k', 'v', { ttlMs })).rejects.toThrow(RangeError);
        await expect(store.incr('n', 1, ttlMs)).rejects.toThrow(RangeError);
        await expect(store.hit('h', 1, ttlMs)).rejects.toThrow(RangeError);
      }
      expect(await store.get('k')).toBeNull();
      expect(await store.get('n')).toBeNull();
    });

    it('rejects operations of the other kind on a key with WRONGTYPE', async () => {
      const { store } = ctx;
      await store.set('s', '1');
      await store.zadd('z', [{ member: 'm', score: 1 }]);
      await expect(store.zadd('s', [{ member: 'm', score: 1 }])).rejects.toThrow(/WRONGTYPE/);
      await expect(store.zcard('s')).rejects.toThrow(/WRONGTYPE/);
      await expect(store.get('z')).rejects.toThrow(/WRONGTYPE/);
      await expect(store.incr('z')).rejects.toThrow(/WRONGTYPE/);
      expect(await store.set('z', 'replaced')).toBe(true);
      expect(await store.get('z')).toBe('replaced');
    });
  });
}

function describeRateLimits(ctx: ContractContext): void {
  describe('rate-limit windows', () => {
    it('allows hits up to the limit, then denies them until the window ends', async () => {
      const { store } = ctx;
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await store.hit('rl', 3, 10_000));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
      expect(results.map((r) => r.count)).toEqual([1, 2, 3, 4, 5]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
      for (const result of results) expectTtlWithin(result.resetInMs, 10_000);
    });

    it('opens a fresh window once the old one has passed', async () => {
      const { store } = ctx;
      expect((await store.hit('rl', 1, 100)).allowed).toBe(true);
      expect((await store.hit('rl', 1, 100)).allowed).toBe(false);
      await ctx.advance(150);
      const fresh = await store.hit('rl', 1, 100);
      expect(fresh).toMatchObject({ allowed: true, count: 1, remaining: 0 });
    });

    it('counts down the time to reset within a window', async () => {
      const { store } = ctx;
      const first = await store.hit('rl', 10, 300);
      expectTtlWithin(first.resetInMs, 300);
      await ctx.advance(100);
      const second = await store.hit('rl', 10, 300);
      expectTtlWithin(second.resetInMs, 200);
    });

    it('denies every hit with a limit of zero', async () => {
      const { store } = ctx;
      expect(await store.hit('rl', 0, 1000)).toMatchObject({ allowed: false, count: 1, remaining: 0 });
      expect(await store.hit('rl', 0, 1000)).toMatchObject({ allowed: false, count: 2, remaining: 0 });
    });

    it('admits exactly the limit under concurrent hits', async () => {
      const { store } = ctx;
      const results = await Promise.all(Array.from({ length: 40 }, () => store.hit('burst', 10, 10_000)));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
    });

    it('gives a window to a counter that had no expiry', async () => {
      const { store } = ctx;
      await store.set('rl', '5');
      const result = await store.hit('rl', 10, 200);
      expect(result).toMatchObject({ allowed: true, count: 6, remaining: 4 });
      expectTtlWithin(result.resetInMs, 200);
      expectTtlWithin(await store.ttl('rl'), 200);
    });

    it('rejects a limit that is not a non-negative integer', async () => {
      const { store } = ctx;
      await expect(store.hit('rl', -1, 1000)).rejects.toThrow(RangeError);
      await expect(store.hit('rl', 1.5, 1000)).rejects.toThrow(RangeError);
      expect(await store.get('rl')).toBeNull();
    });
  });
}
