import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiveCounts, type LiveCounts } from './live-counts.ts';

describe('live counts', () => {
  let counts: Map<string, number | null>;
  let calls: string[];
  let live: LiveCounts;

  beforeEach(() => {
    vi.useFakeTimers();
    counts = new Map([['s1', 3]]);
    calls = [];
    live = createLiveCounts({
      intervalMs: 1000,
      count: async (stageId) => {
        calls.push(stageId);
        return counts.has(stageId) ? (counts.get(stageId) ?? null) : null;
      },
    });
  });
  afterEach(() => {
    live.close();
    vi.useRealTimers();
  });

  it('sends the current count at once and then every tick', async () => {
    const seen: number[] = [];
    live.subscribe(
      's1',
      (n) => seen.push(n),
      () => {},
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([3]);
    counts.set('s1', 4);
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toEqual([3, 4, 4]);
  });

  it('polls a stage once per tick however many streams watch it', async () => {
    live.subscribe(
      's1',
      () => {},
      () => {},
    );
    live.subscribe(
      's1',
      () => {},
      () => {},
    );
    await vi.advanceTimersByTimeAsync(0);
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual(['s1']);
    expect(live.watchedStages).toBe(1);
  });

  it('pushes a local change at once, only when the count moved', async () => {
    const seen: number[] = [];
    live.subscribe(
      's1',
      (n) => seen.push(n),
      () => {},
    );
    await vi.advanceTimersByTimeAsync(0);
    live.poke('s1');
    await vi.advanceTimersByTimeAsync(0);
    counts.set('s1', 5);
    live.poke('s1');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([3, 5]);
  });

  it('stops polling once the last stream unsubscribes', async () => {
    const stop = live.subscribe(
      's1',
      () => {},
      () => {},
    );
    await vi.advanceTimersByTimeAsync(0);
    stop();
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toEqual([]);
    expect(live.watchedStages).toBe(0);
  });

  it('tells streams when their stage is gone', async () => {
    const gone = vi.fn();
    live.subscribe('s1', () => {}, gone);
    await vi.advanceTimersByTimeAsync(0);
    counts.set('s1', null);
    await vi.advanceTimersByTimeAsync(1000);
    expect(gone).toHaveBeenCalledTimes(1);
  });

  it('reports a failing count and keeps going', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const flaky = createLiveCounts({
      intervalMs: 1000,
      count: async () => {
        if (fail) throw new Error('hot store down');
        return 1;
      },
      onError: (e) => errors.push(e),
    });
    const seen: number[] = [];
    flaky.subscribe(
      's1',
      (n) => seen.push(n),
      () => {},
    );
    await vi.advanceTimersByTimeAsync(1000);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors.length).toBeGreaterThan(0);
    expect(seen).toEqual([1]);
    flaky.close();
  });
});
