import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type GlobalBudget, pacerFor, RequestPacer } from './pacer.ts';

/**
 * A client's global limit as @discordjs/rest keeps it: `limit` requests in a window that opens with
 * the first request after the last one closed. A request counts when it is sent, which the tests do
 * a few microtasks after the grant, as the client does.
 */
function fixedWindow(limit: number, windowMs = 1000) {
  let remaining = limit;
  let resetAt = 0;
  const sent: number[] = [];
  const budget: GlobalBudget = {
    available: (now) => (resetAt <= now ? limit : remaining),
    refillAt: () => resetAt,
  };
  const send = async () => {
    await Promise.resolve();
    await Promise.resolve();
    const now = Date.now();
    if (resetAt <= now) {
      resetAt = now + windowMs;
      remaining = limit;
    }
    if (remaining <= 0) throw new Error(`sent over the limit at ${now}`);
    remaining--;
    sent.push(now);
  };
  return { budget, send, sent };
}

/** A pacer that never slows anyone down on its own: the client's budget alone limits it. */
const paced = (budget: GlobalBudget) => new RequestPacer({ budget, perSecond: 1e6, burst: 1e6 });

describe('RequestPacer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('spreads slots evenly after a short burst, whatever the budget allows', async () => {
    const client = fixedWindow(50);
    const pacer = new RequestPacer({ budget: client.budget, perSecond: 10, burst: 2 });
    const start = Date.now();
    const all = Array.from({ length: 5 }, () => pacer.acquire(() => 0).then(client.send));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(client.sent.map((t) => t - start)).toEqual([0, 0, 100, 200, 300]);
  });

  it('refuses a pace that would never give a slot', () => {
    const budget = fixedWindow(1).budget;
    expect(() => new RequestPacer({ budget, perSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new RequestPacer({ budget, perSecond: 1, burst: 0 })).toThrow(RangeError);
  });

  it('gives out what the client can send now, the rest when its window refills', async () => {
    const client = fixedWindow(3);
    const pacer = paced(client.budget);
    const start = Date.now();
    const all = Array.from({ length: 7 }, () => pacer.acquire(() => 0).then(client.send));
    await vi.advanceTimersByTimeAsync(0);
    expect(client.sent.map((t) => t - start)).toEqual([0, 0, 0]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.sent.map((t) => t - start)).toEqual([0, 0, 0, 1000, 1000, 1000]);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(client.sent.map((t) => t - start)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('counts requests sent past it (anything else the worker sends) against the same budget', async () => {
    const client = fixedWindow(3);
    const pacer = paced(client.budget);
    await client.send();
    await client.send();
    const start = Date.now();
    const all = Array.from({ length: 2 }, () => pacer.acquire(() => 0).then(client.send));
    await vi.advanceTimersByTimeAsync(0);
    expect(client.sent.map((t) => t - start)).toEqual([0, 0, 0]);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(client.sent.map((t) => t - start)).toEqual([0, 0, 0, 1000]);
  });

  it('serves the highest priority first when slots are scarce, ties in arrival order', async () => {
    const client = fixedWindow(1);
    const pacer = paced(client.budget);
    await pacer.acquire(() => 0).then(client.send);
    const order: string[] = [];
    const claims = [
      ['small', 1],
      ['big', 40],
      ['medium', 10],
      ['big too', 40],
    ] as const;
    const all = claims.map(([name, priority]) =>
      pacer
        .acquire(() => priority)
        .then(client.send)
        .then(() => order.push(name)),
    );
    await vi.advanceTimersByTimeAsync(4000);
    await Promise.all(all);
    expect(order).toEqual(['big', 'big too', 'medium', 'small']);
  });

  it('reads priorities when a slot frees, not when the claim was made', async () => {
    const client = fixedWindow(1);
    const pacer = paced(client.budget);
    await pacer.acquire(() => 0).then(client.send);
    let grows = 1;
    const order: string[] = [];
    const a = pacer
      .acquire(() => 5)
      .then(client.send)
      .then(() => order.push('fixed'));
    const b = pacer
      .acquire(() => grows)
      .then(client.send)
      .then(() => order.push('growing'));
    grows = 50;
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all([a, b]);
    expect(order).toEqual(['growing', 'fixed']);
  });

  it('drops a claim whose signal aborts, and the slot goes to the next', async () => {
    const client = fixedWindow(1);
    const pacer = paced(client.budget);
    await pacer.acquire(() => 0).then(client.send);
    const controller = new AbortController();
    const aborted = pacer.acquire(() => 100, controller.signal);
    const next = pacer.acquire(() => 1);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(pacer.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(next).resolves.toBeUndefined();
    await expect(pacer.acquire(() => 0, controller.signal)).rejects.toThrow('stop');
  });

  it('is shared by everything that uses one client', () => {
    const client = {};
    const options = () => ({ budget: fixedWindow(50).budget, perSecond: 47, burst: 2 });
    expect(pacerFor(client, options)).toBe(pacerFor(client, options));
    expect(pacerFor({}, options)).not.toBe(pacerFor(client, options));
  });
});
