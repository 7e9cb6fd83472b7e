import { describe, expect, it } from 'vitest';
import { RestFaults } from './faults.ts';

describe('REST faults', () => {
  it('fails the next N requests with the listed 5xx statuses', () => {
    const faults = new RestFaults();
    faults.burst5xx({ requests: 3, status: [500, 502] });
    expect(
      [faults.take(), faults.take(), faults.take(), faults.take()].map((d) => d.failure?.status),
    ).toEqual([500, 502, 500, undefined]);
  });

  it('storms 429 for a number of requests with Retry-After', () => {
    const faults = new RestFaults();
    faults.storm429({ requests: 2, retryAfterMs: 250, global: true });
    const first = faults.take().failure;
    expect(first?.status).toBe(429);
    expect(first?.headers['Retry-After']).toBe('0.250');
    expect(first?.headers['X-RateLimit-Global']).toBe('true');
    expect(first?.body).toMatchObject({ retry_after: 0.25, global: true });
    expect(faults.take().failure?.status).toBe(429);
    expect(faults.take().failure).toBeUndefined();
    expect(faults.summary().injected429).toBe(2);
  });

  it('storms 429 for a duration', () => {
    let now = 0;
    const faults = new RestFaults(() => now);
    faults.storm429({ durationMs: 100 });
    expect(faults.take().failure?.status).toBe(429);
    expect(faults.take().failure?.status).toBe(429);
    now = 100;
    expect(faults.take().failure).toBeUndefined();
  });

  it('adds latency until cleared', () => {
    const faults = new RestFaults();
    faults.latency({ ms: 40 });
    expect(faults.take().delayMs).toBe(40);
    expect(faults.take().delayMs).toBe(40);
    faults.clear();
    expect(faults.take().delayMs).toBe(0);
  });
});
