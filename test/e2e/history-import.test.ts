import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '../../src/features/history-import/service.ts';
import { createTokenService } from '../../src/platform/auth/token.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { Db } from '../../src/platform/db/port.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import type { Simulator } from '../../src/sim/index.ts';
import { startTestSimulator } from '../sim/helpers.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { until } from '../support/eventually.ts';
import {
  expectedStats,
  processLive,
  readableChannels,
  simMessages,
  storedKarma,
  storedStats,
} from '../support/history.ts';
import { type RunningHearth, startHearth } from '../support/process.ts';
import { postgresAvailable } from '../support/services.ts';

const JWT_SECRET = 'history-e2e-secret-history-e2e-secret-0123456789';

/**
 * The whole feature as it runs in production: `hearth all` on PostgreSQL against the simulator,
 * an admin starting an import over HTTP, Discord misbehaving, and the process killed mid-import.
 */
describe.skipIf(!postgresAvailable)('history import of a 200,000-message guild', () => {
  let sim: Simulator;
  let database: { url: string; drop: () => Promise<void> };
  let db: Db;
  let hearth: RunningHearth | undefined;
  let guildId: string;
  let readable: string[];
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = await startTestSimulator({
      // Discord's shape of limits (a global one, a bucket per channel), ten times as generous, so
      // the import takes seconds here; bench/history.ts runs Discord's own figures.
      rateLimits: {
        global: { limit: 500, windowMs: 1000 },
        routes: { 'messages.history': { limit: 50, windowMs: 1000 } },
        retryAfterHeader: 'float',
      },
      community: {
        seed: 21,
        members: 400,
        textChannels: 22,
        threads: 4,
        hiddenChannels: 1,
        history: { messages: 204_000, days: 60 },
        channelSkew: 0.6,
      },
    });
    ({ guildId, readable } = readableChannels(sim));
    database = await createPostgresDatabase();
    db = openPostgres({ url: database.url, poolMax: 2 });
    env = {
      DATABASE_URL: database.url,
      DISCORD_TOKEN: sim.bot.token,
      DISCORD_API_URL: sim.apiUrl,
      JWT_SECRET,
      LOG_LEVEL: 'info',
    };
  }, 60_000);

  afterAll(async () => {
    await hearth?.stop('SIGKILL');
    await db?.close();
    await database?.drop();
    await sim?.close();
  });

  const task = async (id: string): Promise<TaskView> => {
    const response = await fetch(`${hearth?.url}/api/v1/history/${guildId}/tasks/${id}`, {
      headers: { authorization: `Bearer ${await adminToken()}` },
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`task ${id}: ${response.status} ${body}`);
    return JSON.parse(body) as TaskView;
  };
  /** Polls the task over the API at a pace its rate limit allows, until `accept` takes it. */
  const watch = async (
    id: string,
    accept: (t: TaskView) => boolean,
    timeoutMs: number,
  ): Promise<TaskView> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await task(id);
      if (accept(current)) return current;
      if (Date.now() > deadline) throw new Error(`task ${id} did not get there: ${JSON.stringify(current)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const adminToken = () =>
    createTokenService(JWT_SECRET).sign(
      { userId: community().ownerId, guildIds: [guildId], role: 'admin' },
      600,
    );
  const community = () => {
    if (!sim.community) throw new Error('no community');
    return sim.community;
  };

  it('survives 429s, 5xx and a kill -9, and comes out exact', async () => {
    const messages = simMessages(sim.state, readable);
    expect(messages.length).toBeGreaterThanOrEqual(200_000);
    expect(readable.length).toBeGreaterThanOrEqual(20);

    hearth = await startHearth(['all'], env, { timeoutMs: 60_000 });
    // The bot reports the guild (GUILD_CREATE) before an import of it can start.
    await until(
      async () => (await db.query('SELECT 1 FROM guilds WHERE id = $1', [guildId])).rows.length,
      (n) => n > 0,
      30_000,
    );
    const started = await fetch(`${hearth.url}/api/v1/fetch/${guildId}/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(started.status).toBe(201);
    const id = ((await started.json()) as TaskView).id;

    await watch(id, (t) => t.messages_fetched > 10_000, 60_000);
    sim.faults.rest.storm429({ requests: 40, retryAfterMs: 300 });
    sim.faults.rest.burst5xx({ requests: 25, status: [500, 502, 503] });
    const before = await watch(id, (t) => t.messages_fetched > messages.length * 0.35, 120_000);
    expect(before.status).toBe('running');
    const { code } = await hearth.stop('SIGKILL');
    expect(code).toBeNull();

    hearth = await startHearth(['all'], env, { timeoutMs: 60_000 });
    const done = await watch(id, (t) => t.status !== 'running' && t.status !== 'pending', 180_000);
    expect(done.status).toBe('completed');
    expect(done.attempts).toBe(0);
    expect(done.messages_fetched).toBe(messages.length);
    expect(done.messages_processed).toBe(messages.length);
    expect(done.channels_skipped).toBe(1);
    expect(done.percent).toBe(100);
    const faults = sim.stats().faults;
    expect(faults.injected429).toBe(40);
    expect(faults.injected5xx).toBe(25);

    expect(await storedStats(db, guildId)).toEqual(expectedStats(sim.state, messages));
    // What live processing of the same messages pays, computed once the simulator is idle (the
    // pipeline's work on this thread would starve the in-process simulator meanwhile).
    const scratch = await createPostgresDatabase();
    const reference = openPostgres({ url: scratch.url, poolMax: 2 });
    try {
      await migrate(reference);
      await processLive(reference, sim.state, guildId, messages);
      expect(await storedKarma(db, guildId)).toEqual(await storedKarma(reference, guildId));
    } finally {
      await reference.close();
      await scratch.drop();
    }
  }, 400_000);
});
