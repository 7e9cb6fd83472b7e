import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pacerFor, RequestPacer } from './pacer.ts';

describe('RequestPacer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const pacer = (limit: number, windowMs = 1000) =>
    new RequestPacer({ limit, windowMs, now: () => Date.now() });

  it('gives at most `limit` slots in any window', async () => {
    const p = pacer(3);
    const granted: number[] = [];
    const start = Date.now();
    const all = Array.from({ length: 7 }, () =>
      p.acquire(() => 0).then(() => granted.push(Date.now() - start)),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([0, 0, 0]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(granted).toEqual([0, 0, 0, 1000, 1000, 1000]);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(granted).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('serves the highest priority first when slots are scarce, ties in arrival order', async () => {
    const p = pacer(1);
    const order: string[] = [];
    await p.acquire(() => 0);
    const claims = [
      ['small', 1],
      ['big', 40],
      ['medium', 10],
      ['big too', 40],
    ] as const;
    const all = claims.map(([name, priority]) => p.acquire(() => priority).then(() => order.push(name)));
    await vi.advanceTimersByTimeAsync(4000);
    await Promise.all(all);
    expect(order).toEqual(['big', 'big too', 'medium', 'small']);
  });

  it('reads priorities when a slot frees, not when the claim was made', async () => {
    const p = pacer(1);
    await p.acquire(() => 0);
    let grows = 1;
    const order: string[] = [];
    const a = p.acquire(() => 5).then(() => order.push('fixed'));
    const b = p.acquire(() => grows).then(() => order.push('growing'));
    grows = 50;
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all([a, b]);
    expect(order).toEqual(['growing', 'fixed']);
  });

  it('drops a claim whose signal aborts, and the slot goes to the next', async () => {
    const p = pacer(1);
    await p.acquire(() => 0);
    const controller = new AbortController();
    const aborted = p.acquire(() => 100, controller.signal);
    const next = p.acquire(() => 1);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(p.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(next).resolves.toBeUndefined();
    await expect(p.acquire(() => 0, controller.signal)).rejects.toThrow('stop');
  });

  it('refuses a limit below one', () => {
    expect(() => new RequestPacer({ limit: 0, windowMs: 1000 })).toThrow(RangeError);
  });

  it('is shared by everything that uses one client', () => {
    const client = {};
    const options = { limit: 50, windowMs: 1050 };
    expect(pacerFor(client, options)).toBe(pacerFor(client, options));
    expect(pacerFor({}, options)).not.toBe(pacerFor(client, options));
  });
});
