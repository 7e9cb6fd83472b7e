import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHotStore } from './memory.ts';
import { compareMembers } from './sorted-set.ts';

function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('memory HotStore', () => {
  it('keeps a key alive up to and including its expiry instant, as Redis does', async () => {
    const clock = fakeClock();
    const store = createMemoryHotStore({ now: clock.now, sweepIntervalMs: 0 });
    await store.set('k', 'v', { ttlMs: 100 });
    clock.advance(100);
    expect(await store.ttl('k')).toBe(0);
    expect(await store.get('k')).toBe('v');
    clock.advance(1);
    expect(await store.get('k')).toBeNull();
    await store.close();
  });

  it('rounds fractional TTLs up to whole milliseconds', async () => {
    const clock = fakeClock();
    const store = createMemoryHotStore({ now: clock.now, sweepIntervalMs: 0 });
    await store.set('k', 'v', { ttlMs: 0.2 });
    expect(await store.ttl('k')).toBe(1);
    await store.close();
  });

  it('drops dead keys that nobody reads again when swept', async () => {
    const clock = fakeClock();
    const store = createMemoryHotStore({ now: clock.now, sweepIntervalMs: 0 });
    await store.set('a', '1', { ttlMs: 10 });
    await store.incr('b', 1, 10);
    await store.zadd('c', [{ member: 'm', score: 1 }]);
    await store.expire('c', 10);
    await store.set('kept', '1');
    await store.set('later', '1', { ttlMs: 1000 });
    clock.advance(11);
    expect(store.size).toBe(5);
    expect(store.sweep()).toBe(3);
    expect(store.size).toBe(2);
    expect(await store.get('later')).toBe('1');
    await store.close();
  });

  it('sweeps on its own timer', async () => {
    vi.useFakeTimers({ now: 0 });
    const store = createMemoryHotStore({ sweepIntervalMs: 1000 });
    await store.set('a', '1', { ttlMs: 500 });
    expect(store.size).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(store.size).toBe(0);
    await store.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not keep the process alive with its sweep timer', () => {
    const moduleUrl = new URL('./memory.ts', import.meta.url).href;
    const script = `import { createMemoryHotStore } from ${JSON.stringify(moduleUrl)};
      const store = createMemoryHotStore({ sweepIntervalMs: 10 });
      await store.set('k', 'v', { ttlMs: 5 });`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      timeout: 10_000,
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
  });

  it('forgets everything on close', async () => {
    const store = createMemoryHotStore({ sweepIntervalMs: 0 });
    await store.set('k', 'v');
    await store.close();
    expect(store.size).toBe(0);
    await expect(store.set('k', 'v')).rejects.toThrow(/closed/);
  });

  it('keeps a 100k-member leaderboard ordered through score updates', async () => {
    const store = createMemoryHotStore({ sweepIntervalMs: 0 });
    const n = 100_000;
    await store.zadd(
      'board',
      Array.from({ length: n }, (_, i) => ({ member: `u${i}`, score: (i * 7919) % 1000 })),
    );
    for (let i = 0; i < 10_000; i++) await store.zincrby('board', `u${(i * 104_729) % n}`, (i % 50) - 20);
    const all = await store.zrange('board', 0, -1, 'desc');
    expect(all).toHaveLength(n);
    const misplaced = all.findIndex((cur, i) => {
      const prev = all[i - 1];
      return (
        prev !== undefined &&
        (prev.score < cur.score || (prev.score === cur.score && compareMembers(prev.member, cur.member) < 0))
      );
    });
    expect(misplaced).toBe(-1);
    const middle = all[50_000];
    expect(middle && (await store.zrank('board', middle.member, 'desc'))).toBe(50_000);
    await store.close();
  });
});
