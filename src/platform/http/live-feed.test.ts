import { describe, expect, it } from 'vitest';
import { createLiveFeed } from './live-feed.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('createLiveFeed', () => {
  it('reads again when poked during a read, so a change made meanwhile is not lost', async () => {
    let value = 1;
    const gates: ReturnType<typeof deferred<void>>[] = [];
    let reads = 0;
    const feed = createLiveFeed<number>({
      intervalMs: 60_000,
      async read() {
        reads++;
        const gate = deferred<void>();
        gates.push(gate);
        const seen = value;
        await gate.promise;
        return seen;
      },
    });
    const got: number[] = [];
    const off = feed.subscribe(
      'k',
      (v) => got.push(v),
      () => {},
    );
    gates[0]?.resolve();
    await expect.poll(() => got).toEqual([1]);
    // A poke starts a read that sees 1; the value moves to 2 and a second poke lands mid-read.
    feed.poke('k');
    await expect.poll(() => reads).toBe(2);
    value = 2;
    feed.poke('k');
    expect(reads).toBe(2);
    gates[1]?.resolve();
    await expect.poll(() => reads).toBe(3);
    gates[2]?.resolve();
    await expect.poll(() => got).toEqual([1, 2]);
    off();
    expect(feed.watchedKeys).toBe(0);
    feed.close();
  });

  it('pushes a poke only when the value moved, and ends the streams of a key that is gone', async () => {
    let value: number | null = 5;
    const feed = createLiveFeed<number>({ intervalMs: 60_000, read: async () => value });
    const got: number[] = [];
    let gone = 0;
    feed.subscribe(
      'k',
      (v) => got.push(v),
      () => gone++,
    );
    await expect.poll(() => got).toEqual([5]);
    feed.poke('k');
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([5]);
    value = null;
    feed.poke('k');
    await expect.poll(() => gone).toBe(1);
    feed.close();
  });
});
