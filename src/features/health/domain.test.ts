import { describe, expect, it } from 'vitest';
import { HEARTBEAT_STALE_AFTER_SECONDS, heartbeatStatus, type PartReport, summarize } from './domain.ts';

const part = (status: PartReport['status']): PartReport => ({ name: status, status, latencyMs: 1 });

describe('readiness summary', () => {
  it('is ready when every part is up', () => {
    expect(summarize([part('up'), part('up')]).status).toBe('ready');
  });
  it('is degraded but serving when a part is degraded', () => {
    expect(summarize([part('up'), part('degraded')]).status).toBe('degraded');
  });
  it('is unavailable when any part is down', () => {
    expect(summarize([part('degraded'), part('down'), part('up')]).status).toBe('unavailable');
  });
  it('is ready with no parts at all', () => {
    expect(summarize([]).status).toBe('ready');
  });
});

describe('queue heartbeat', () => {
  const started = new Date('2026-01-01T00:00:00Z');
  const at = (seconds: number) => new Date(started.getTime() + seconds * 1000);

  it('waits for the first heartbeat after a fresh start', () => {
    expect(heartbeatStatus(null, at(30), started).status).toBe('up');
  });
  it('reports a worker that never ran a heartbeat once the grace period is over', () => {
    expect(heartbeatStatus(null, at(HEARTBEAT_STALE_AFTER_SECONDS + 1), started).status).toBe('degraded');
  });
  it('is up while heartbeats are recent', () => {
    expect(heartbeatStatus(at(100), at(150), started).status).toBe('up');
  });
  it('reports stale heartbeats with how old they are', () => {
    const report = heartbeatStatus(at(0), at(HEARTBEAT_STALE_AFTER_SECONDS + 10), started);
    expect(report).toEqual({ status: 'degraded', message: expect.stringContaining('190 s ago') });
  });
});
