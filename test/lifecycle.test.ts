import { describe, expect, it } from 'vitest';
import { openPglite } from '../src/platform/db/pglite.ts';
import { createPostgresDatabase } from './support/databases.ts';
import { eventually } from './support/eventually.ts';
import { runHearth, startHearth, tempDir } from './support/process.ts';
import { postgresAvailable, redisAvailable, TEST_REDIS_URL } from './support/services.ts';

interface Ready {
  status: string;
  parts: { name: string; status: string; details?: Record<string, unknown> }[];
}

const lastHeartbeat = (ready: Ready) => ready.parts.find((p) => p.name === 'queue')?.details?.lastHeartbeatAt;

/** Waits until /ready is 200 with a heartbeat newer than `after`. */
async function readyWithHeartbeat(url: string, after?: unknown): Promise<Ready> {
  return eventually(async () => {
    const res = await fetch(`${url}/ready`);
    const body = (await res.json()) as Ready;
    const beat = lastHeartbeat(body);
    return res.status === 200 && beat && beat !== after ? body : undefined;
  });
}

describe('hearth all on the embedded database', () => {
  it('starts, serves, stops gracefully on SIGTERM and keeps its data across restarts', async () => {
    const dataDir = tempDir();
    const first = await startHearth(['all'], { DATA_DIR: dataDir });
    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    const ready = await readyWithHeartbeat(first.url);
    expect(ready.parts.map((p) => [p.name, p.status])).toEqual([
      ['database', 'up'],
      ['queue', 'up'],
      ['hotStore', 'up'],
      ['bot', 'up'],
    ]);
    const stopped = await first.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(5000);
    expect(first.output()).toContain('database migrated to version');

    const second = await startHearth(['all'], { DATA_DIR: dataDir });
    await readyWithHeartbeat(second.url, lastHeartbeat(ready));
    expect(second.output()).not.toContain('database migrated');
    expect((await second.stop('SIGINT')).code).toBe(0);

    const db = await openPglite(`${dataDir}/pgdata`);
    const { rows } = await db.query<{ runs: string }>(
      "SELECT runs FROM ops_heartbeats WHERE name = 'heartbeat'",
    );
    await db.close();
    expect(Number(rows[0]?.runs)).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('refuses a second process on the same data directory', async () => {
    const dataDir = tempDir();
    const first = await startHearth(['all'], { DATA_DIR: dataDir });
    try {
      const second = await runHearth(['all'], { DATA_DIR: dataDir, PORT: '0' });
      expect(second.code).toBe(2);
      expect(second.stderr).toContain('is using DATA_DIR');
    } finally {
      await first.stop();
    }
  }, 60_000);
});

describe.skipIf(!postgresAvailable || !redisAvailable)('hearth on PostgreSQL and Redis', () => {
  it('runs all-in-one with the same behaviour', async () => {
    const database = await createPostgresDatabase();
    try {
      const hearth = await startHearth(['all'], { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL });
      const ready = await readyWithHeartbeat(hearth.url);
      expect(ready.parts.find((p) => p.name === 'database')?.details).toEqual({ kind: 'postgres' });
      expect(ready.parts.find((p) => p.name === 'hotStore')?.details).toEqual({ kind: 'redis' });
      expect((await hearth.stop()).code).toBe(0);
    } finally {
      await database.drop();
    }
  }, 60_000);

  it('runs migrate, worker and api as separate processes', async () => {
    const database = await createPostgresDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      JWT_SECRET: 'a-shared-secret-for-every-api-process-0123',
    };
    try {
      const early = await runHearth(['api'], { ...env, PORT: '0' });
      expect(early.code).toBe(2);
      expect(early.stderr).toContain('run `hearth migrate` first');

      expect((await runHearth(['migrate'], env)).code).toBe(0);
      const { startHearthWorker } = await import('./support/worker.ts');
      const worker = await startHearthWorker(env);
      const api = await startHearth(['api'], env);
      try {
        const ready = await readyWithHeartbeat(api.url);
        expect(ready.status).toBe('ready');
      } finally {
        expect((await api.stop()).code).toBe(0);
        expect((await worker.stop()).code).toBe(0);
      }
    } finally {
      await database.drop();
    }
  }, 90_000);
});
