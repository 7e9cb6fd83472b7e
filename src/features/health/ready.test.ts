import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/support/app.ts';
import { openTestPglite } from '../../../test/support/databases.ts';
import { createMemoryHotStore } from '../../platform/hot/memory.ts';
import { silentLogger } from '../../platform/logger.ts';
import { createQueue, type Queue } from '../../platform/queue/index.ts';
import { readinessChecks } from '../../roles/services.ts';

const fakeQueue = (ok: boolean) =>
  ({
    ping: async () => {
      if (!ok) throw new Error('queue tables unreachable');
      return 1;
    },
  }) as unknown as Queue;

describe('/ready', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('reports every part with its state and latency', async () => {
    const db = await openTestPglite();
    const hot = createMemoryHotStore();
    const t = await buildTestApp({
      checks: readinessChecks({ db, hot, queue: fakeQueue(true), startedAt: new Date() }),
    });
    app = t.app;
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      parts: [
        { name: 'database', status: 'up', latencyMs: expect.any(Number), details: { kind: 'pglite' } },
        {
          name: 'queue',
          status: 'up',
          latencyMs: expect.any(Number),
          message: 'waiting for the first heartbeat job',
          details: { lastHeartbeatAt: null },
        },
        { name: 'hotStore', status: 'up', latencyMs: expect.any(Number), details: { kind: 'memory' } },
      ],
    });
    await db.close();
    await hot.close();
  });

  it('turns 503 and names the database when the database is gone', async () => {
    const db = await openTestPglite();
    const hot = createMemoryHotStore();
    const t = await buildTestApp({
      checks: readinessChecks({ db, hot, queue: fakeQueue(true), startedAt: new Date() }),
    });
    app = t.app;
    await db.close();
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    const body = res.json();
    expect(body.status).toBe('unavailable');
    expect(body.parts.find((p: { name: string }) => p.name === 'database')).toMatchObject({ status: 'down' });
    // Liveness is unaffected: the process itself is fine.
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await hot.close();
  });

  it('turns 503 while the queue is still starting', async () => {
    const db = await openTestPglite();
    const hot = createMemoryHotStore();
    const t = await buildTestApp({
      // The queue exists from the start of the process and starts later (in `all`, after the API listens).
      checks: readinessChecks({
        db,
        hot,
        queue: createQueue({ db, logger: silentLogger, supervise: false }),
        startedAt: new Date(),
      }),
    });
    app = t.app;
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json().parts[1]).toMatchObject({
      name: 'queue',
      status: 'down',
      message: 'queue is starting',
    });
    await db.close();
    await hot.close();
  });
});
