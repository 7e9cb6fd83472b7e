import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_JWT_SECRET } from '../../../test/support/app.ts';
import { createTokenService } from '../../platform/auth/token.ts';
import { configSchema } from '../../platform/config.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { openPglite } from '../../platform/db/pglite.ts';
import type { Db } from '../../platform/db/port.ts';
import { createMemoryHotStore, type MemoryHotStore } from '../../platform/hot/memory.ts';
import { buildApp } from '../../platform/http/app.ts';
import { createMetrics } from '../../platform/metrics.ts';
import { presenceRoutes } from './http.ts';
import { createPresenceService } from './service.ts';

const GUILD = '200000000000000001';

/** The request log lines of the app at `level`, after one heartbeat (a real one and a refused one) and one count. */
async function requestLines(db: Db, hot: MemoryHotStore, level: string): Promise<string[]> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const service = createPresenceService({ db, hot });
  const stage = await service.createStage({
    guildId: GUILD,
    name: `logged ${level}`,
    externalId: `log-${level}`,
    allowAnonymous: true,
  });
  const joined = await service.join(stage, { participantId: `p-${level}` }, {});
  const app = await buildApp({
    config: configSchema.parse({}),
    logger: pino({ level }, sink),
    metrics: createMetrics('test'),
    tokens: createTokenService(TEST_JWT_SECRET),
    apiPlugins: [presenceRoutes({ service })],
  });
  try {
    const beat = (sessionId: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/stages/${stage.id}/viewers/heartbeat`,
        payload: { session_id: sessionId },
      });
    expect((await beat(joined.sessionId)).statusCode).toBe(200);
    expect((await beat('00000000-0000-4000-8000-000000000000')).statusCode).toBe(409);
    const count = await app.inject({ method: 'GET', url: `/api/v1/stages/${stage.id}/viewers/count` });
    expect(count.statusCode).toBe(200);
  } finally {
    await app.close();
  }
  return lines.filter((line) => /incoming request|request completed/.test(line));
}

describe('request logs of heartbeats', () => {
  let db: Db;
  let hot: MemoryHotStore;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    hot = createMemoryHotStore({ sweepIntervalMs: 0 });
  });
  afterAll(async () => {
    await hot?.close();
    await db?.close();
  });

  // Two lines per logged request: "incoming request" (with the URL) and "request completed".
  it('leaves heartbeats out at info, and logs every other request', async () => {
    const lines = await requestLines(db, hot, 'info');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('/viewers/count');
  });

  it('logs heartbeats at debug like every request', async () => {
    const lines = await requestLines(db, hot, 'debug');
    expect(lines).toHaveLength(6);
    expect(lines.filter((line) => line.includes('/viewers/heartbeat'))).toHaveLength(2);
  });

  it('stays quiet at a quieter level', async () => {
    expect(await requestLines(db, hot, 'error')).toEqual([]);
  });
});
