import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/platform/db/migrate.ts';
import type { Db } from '../src/platform/db/port.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createMemoryHotStore } from '../src/platform/hot/memory.ts';
import type { HotStore } from '../src/platform/hot/port.ts';
import { createRedisHotStore } from '../src/platform/hot/redis.ts';
import { apiDocument } from '../src/roles/openapi.ts';
import { type ApiTestApp, buildApiTestApp, SEED } from './support/api-app.ts';
import { openTestPglite } from './support/databases.ts';
import {
  describeOperation,
  expectErrorShape,
  type Operation,
  operationsOf,
  parseJson,
  seededRequest,
} from './support/operations.ts';
import {
  startThrowawayPostgres,
  startThrowawayRedis,
  type ThrowawayPostgres,
  type ThrowawayRedis,
  throwawayPostgresUnavailable,
  throwawayRedisUnavailable,
} from './support/throwaway.ts';

/**
 * Every operation of the OpenAPI document while a part is down: PostgreSQL stopped under the API (a
 * throwaway cluster this test starts on a free port), then Redis killed (a throwaway redis-server).
 * Each answers 503 UNAVAILABLE in the error shape, or serves from its fallback; never a 500, and
 * never slowly. About 60 requests per outage.
 */

const ANSWER_WITHIN_MS = 6000;
const isCi = process.env.CI === 'true' || process.env.CI === '1';
const postgresMissing = await throwawayPostgresUnavailable();
const redisMissing = await throwawayRedisUnavailable();
for (const [part, missing] of [
  ['PostgreSQL', postgresMissing],
  ['Redis', redisMissing],
] as const) {
  if (missing && isCi) throw new Error(`the outage suite needs a throwaway ${part}: ${missing}`);
  if (missing) console.warn(`[hearth tests] skipping the ${part} outage: ${missing}`);
}

const operations = operationsOf(await apiDocument());

async function walk(
  t: ApiTestApp,
): Promise<{ operation: Operation; status: number; body: unknown; ms: number }[]> {
  const answers = [];
  for (const operation of operations) {
    const request = seededRequest(operation, t.ids);
    const started = performance.now();
    const res = await t.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: {
        authorization: `Bearer ${t.callers.admin}`,
        ...(request.contentType ? { 'content-type': request.contentType } : {}),
      },
      ...(request.payload !== undefined ? { payload: request.payload } : {}),
    });
    answers.push({
      operation,
      status: res.statusCode,
      body: parseJson(res.body),
      ms: performance.now() - started,
    });
  }
  return answers;
}

function expectUnavailableOrServed(answers: Awaited<ReturnType<typeof walk>>): void {
  for (const { operation, status, body, ms } of answers) {
    const context = `${describeOperation(operation)}: ${status} ${JSON.stringify(body).slice(0, 300)}`;
    expect(ms, context).toBeLessThan(ANSWER_WITHIN_MS);
    expect(status, context).not.toBe(500);
    if (operation.path === '/ready') {
      // Readiness reports the part that is down, in its own shape.
      expect(body, context).toMatchObject({ status: 'unavailable' });
    } else if (status >= 500) {
      expect(status, context).toBe(503);
      // A stream route is asked with HEAD: its answer has no body.
      if (!operation.stream) {
        expectErrorShape(503, body, context);
        expect(body, context).toMatchObject({ code: 'UNAVAILABLE' });
      }
    }
  }
}

describe.skipIf(postgresMissing !== null)('every route with PostgreSQL stopped', () => {
  let server: ThrowawayPostgres;
  let db: Db;
  let hot: HotStore;
  let t: ApiTestApp;
  let answers: Awaited<ReturnType<typeof walk>>;

  beforeAll(async () => {
    server = await startThrowawayPostgres();
    db = openPostgres({ url: server.url, poolMax: 4, onError: () => {} });
    await migrate(db);
    hot = createMemoryHotStore({ sweepIntervalMs: 0 });
    t = await buildApiTestApp({ db, hot, url: server.url });
    await server.stop();
    answers = await walk(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close().catch(() => {});
    await db?.close().catch(() => {});
    await hot?.close();
    await server?.dispose();
  });

  it('answers 503 UNAVAILABLE or from a fallback, never 500, quickly', () => {
    expectUnavailableOrServed(answers);
    // The database is behind most routes: they must have said so.
    expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(operations.length / 2);
  });

  it('refuses a karma adjustment and an anonymous leaderboard with 503', async () => {
    const adjust = await t.app.inject({
      method: 'POST',
      url: '/api/v1/karma/adjust',
      headers: { authorization: `Bearer ${t.callers.admin}` },
      payload: { user_id: SEED.member, delta: 5, reason: 'during the outage' },
    });
    expect(adjust.json()).toMatchObject({ statusCode: 503, code: 'UNAVAILABLE' });
    const board = await t.app.inject({
      method: 'GET',
      url: `/api/v1/levels/leaderboard?guild_id=${SEED.guild}`,
    });
    expect(board.json()).toMatchObject({ statusCode: 503, code: 'UNAVAILABLE' });
  });
});

describe.skipIf(redisMissing !== null)('every route with Redis killed', () => {
  let redis: ThrowawayRedis;
  let db: Db;
  let hot: HotStore;
  let t: ApiTestApp;
  let answers: Awaited<ReturnType<typeof walk>>;
  let sessionId: string;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    db = await openTestPglite();
    hot = await createRedisHotStore({ url: redis.url, keyPrefix: 'hearth-outage:' });
    t = await buildApiTestApp({ db, hot });
    // A viewer whose heartbeats go to Redis (the hot store of presence).
    const join = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stages/${t.ids.stageId}/viewers/join`,
      headers: { authorization: `Bearer ${t.callers.member}` },
      payload: {},
    });
    sessionId = join.json().session_id;
    await redis.kill();
    answers = await walk(t);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await hot?.close();
    await db?.close();
    // Killed already when the suite got that far; a setup that failed earlier must not leave it running.
    await redis?.kill();
  });

  it('answers 503 UNAVAILABLE or from a fallback, never 500, quickly', () => {
    expectUnavailableOrServed(answers);
  });

  it("refuses a viewer's heartbeat with 503", async () => {
    expect(sessionId).toEqual(expect.any(String));
    const beat = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stages/${t.ids.stageId}/viewers/heartbeat`,
      payload: { session_id: sessionId },
    });
    expect(beat.json()).toMatchObject({ statusCode: 503, code: 'UNAVAILABLE' });
  });

  it('serves the leaderboard from the database', () => {
    const board = answers.find((a) => a.operation.path === '/api/v1/levels/leaderboard');
    expect(board?.status).toBe(200);
    expect(board?.body).toMatchObject({ source: 'database' });
  });
});
