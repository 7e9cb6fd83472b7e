import type { FastifyInstance } from 'fastify';
import { Pipeline } from '../../src/pipeline/pipeline.ts';
import { createTokenService, type Role, type TokenService } from '../../src/platform/auth/token.ts';
import { configSchema } from '../../src/platform/config.ts';
import type { Db } from '../../src/platform/db/port.ts';
import type { HotStore } from '../../src/platform/hot/port.ts';
import { type Logger, silentLogger } from '../../src/platform/logger.ts';
import { createMetrics } from '../../src/platform/metrics.ts';
import { createQueue } from '../../src/platform/queue/index.ts';
import { createFeatureServices } from '../../src/roles/feature-services.ts';
import { apiPlugins, rootPlugins, workerJobs } from '../../src/roles/features.ts';
import { createRewards } from '../../src/roles/rewards.ts';
import { buildApiApp } from '../../src/roles/services.ts';
import { TEST_JWT_SECRET } from './app.ts';

/**
 * The whole API as `hearth api` mounts it (roles/features.ts), on a database and hot store the
 * test chooses, with a small community seeded: the suites that walk every route of the OpenAPI
 * document (fuzz, auth matrix, outages) drive it with `inject`.
 */

export const SEED = {
  guild: '210000000000000001',
  otherGuild: '210000000000000002',
  admin: '310000000000000001',
  member: '310000000000000002',
  otherAdmin: '310000000000000003',
  channel: '410000000000000001',
} as const;

/** Sign-in configured against a Discord that is never reached (the suites never complete a sign-in). */
const OAUTH = {
  clientId: '510000000000000001',
  clientSecret: 'test-client-secret',
  apiUrl: 'http://127.0.0.1:9/api',
  redirectUri: 'http://127.0.0.1:3000/auth/callback',
};

/** Tokens of every kind of caller the suites try. */
export interface Callers {
  member: string;
  admin: string;
  service: string;
  /** A member of another guild only. */
  otherMember: string;
  /** An admin of another guild only. */
  otherAdmin: string;
  expired: string;
  /** Signed with another secret. */
  forged: string;
}

export interface ApiTestApp {
  app: FastifyInstance;
  tokens: TokenService;
  callers: Callers;
  /** Ids of the seeded resources, for path parameters. */
  ids: { stageId: string; progressId: string; taskId: string };
  close(): Promise<void>;
}

async function seedCommunity(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO guilds (id, name) VALUES ($1, 'Hearth'), ($2, 'Elsewhere') ON CONFLICT (id) DO NOTHING`,
    [SEED.guild, SEED.otherGuild],
  );
  await db.query(
    `INSERT INTO channels (id, guild_id, name, type) VALUES ($1, $2, 'general', 0) ON CONFLICT (id) DO NOTHING`,
    [SEED.channel, SEED.guild],
  );
  await db.query(
    `INSERT INTO members (guild_id, user_id, username) VALUES ($1, $2, 'ada'), ($1, $3, 'bo'), ($4, $5, 'cy')
     ON CONFLICT (guild_id, user_id) DO NOTHING`,
    [SEED.guild, SEED.admin, SEED.member, SEED.otherGuild, SEED.otherAdmin],
  );
}

async function signCallers(tokens: TokenService): Promise<Callers> {
  const sign = (userId: string, guildIds: string[], role: Role, ttl = 3600) =>
    tokens.sign({ userId, guildIds, role }, ttl);
  const forger = createTokenService('another-secret-another-secret-another-secret');
  return {
    member: await sign(SEED.member, [SEED.guild], 'member'),
    admin: await sign(SEED.admin, [SEED.guild], 'admin'),
    service: await sign(SEED.admin, [], 'service'),
    otherMember: await sign(SEED.otherAdmin, [SEED.otherGuild], 'member'),
    otherAdmin: await sign(SEED.otherAdmin, [SEED.otherGuild], 'admin'),
    expired: await sign(SEED.admin, [SEED.guild], 'admin', -60),
    forged: await forger.sign({ userId: SEED.admin, guildIds: [SEED.guild], role: 'admin' }, 3600),
  };
}

/** Creates what path parameters point at (a stage, a quest of the member, an import task), public leaderboard. */
async function seedResources(app: FastifyInstance, callers: Callers): Promise<ApiTestApp['ids']> {
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  // A public leaderboard, so that anonymous callers reach its queries too.
  await app.inject({
    method: 'PUT',
    url: `/api/v1/guilds/${SEED.guild}/settings/karma`,
    headers: as(callers.admin),
    payload: { leaderboard: { public: true } },
  });
  const stage = await app.inject({
    method: 'POST',
    url: '/api/v1/stages',
    headers: as(callers.admin),
    payload: { name: 'Main stage', external_id: 'fuzz-stage', allow_anonymous: true },
  });
  if (stage.statusCode !== 201) throw new Error(`seeding a stage failed: ${stage.body}`);
  const quests = await app.inject({
    method: 'GET',
    url: '/api/v1/quests/daily',
    headers: as(callers.member),
  });
  const progressId = (quests.json() as { quests?: { progressId?: string }[] }).quests?.[0]?.progressId;
  if (progressId === undefined) throw new Error(`seeding a quest failed: ${quests.body}`);
  const task = await app.inject({
    method: 'POST',
    url: `/api/v1/fetch/${SEED.guild}/start`,
    headers: as(callers.admin),
    payload: { channel_ids: [SEED.channel] },
  });
  const taskId = (task.json() as { id?: string }).id;
  if (taskId === undefined) throw new Error(`seeding an import task failed: ${task.body}`);
  return { stageId: String(stage.json().id), progressId, taskId };
}

/**
 * The API with a started queue (pg-boss on the same database, no worker), so readiness and the routes
 * that enqueue answer as in production. Rate limits are lifted: the suites send thousands of requests
 * from one address.
 */
export async function buildApiTestApp(options: {
  db: Db;
  hot: HotStore;
  url?: string;
  /** A logger to see what failed (silent by default). */
  logger?: Logger;
}): Promise<ApiTestApp> {
  const logger = options.logger ?? silentLogger;
  const config = configSchema.parse({ API_RATE_LIMIT_PER_MINUTE: '100000000' });
  const tokens = createTokenService(TEST_JWT_SECRET);
  const { db, hot } = options;
  const started = createQueue({ db, url: options.url, logger, supervise: false });
  await started.start();
  const queue = started;
  const rewards = createRewards({ db, hot, queue, logger });
  const services = createFeatureServices({ db, hot, queue, logger, rewards });
  // The queues a worker creates when it starts; without them an enqueue is a 503.
  const pipeline = new Pipeline({ db, features: [], logger });
  for (const job of workerJobs({ db, hot, pipeline, rest: undefined, logger, rewards, services, queue }))
    await started.boss.createQueue(job.name);
  await pipeline.close();
  const app = await buildApiApp(config, logger, {
    db,
    hot,
    queue,
    metrics: createMetrics('test'),
    tokens,
    startedAt: new Date(),
    apiPlugins: apiPlugins({ db, hot, queue, rewards, services, logger }),
    rootPlugins: rootPlugins({
      services,
      tokens,
      oauth: () => OAUTH,
      listedAdmins: [],
      secureCookies: false,
    }),
  });
  await app.ready();
  await seedCommunity(db);
  const callers = await signCallers(tokens);
  const ids = await seedResources(app, callers);
  return {
    app,
    tokens,
    callers,
    ids,
    async close() {
      await app.close();
      await started.stop({ timeoutMs: 2000 });
    },
  };
}
