import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { heartbeatStatus } from '../features/health/domain.ts';
import { healthRoutes } from '../features/health/http.ts';
import { HEARTBEAT_QUEUE } from '../features/health/jobs.ts';
import { createHeartbeatRepository } from '../features/health/repository.ts';
import type { ReadinessCheck } from '../features/health/service.ts';
import type { PipelineFeature } from '../pipeline/feature.ts';
import { createPipelineMetrics } from '../pipeline/metrics.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import { resolveJwtSecret } from '../platform/auth/secret.ts';
import { createTokenService, type TokenService } from '../platform/auth/token.ts';
import type { Config } from '../platform/config.ts';
import { redactUrl } from '../platform/config.ts';
import { openDatabase } from '../platform/db/index.ts';
import { migrate, migrationStatus } from '../platform/db/migrate.ts';
import type { Db } from '../platform/db/port.ts';
import { createHotStore, type HotStore } from '../platform/hot/index.ts';
import { buildApp } from '../platform/http/app.ts';
import type { EarlyServer } from '../platform/http/early.ts';
import { hotStoreRateLimit } from '../platform/http/rate-limit-store.ts';
import { closeGracefully, listen } from '../platform/http/server.ts';
import type { Logger } from '../platform/logger.ts';
import { createMetrics, type Registry } from '../platform/metrics.ts';
import { createQueue, type JobDefinition, type Queue } from '../platform/queue/index.ts';
import { VERSION } from '../version.ts';
import { CATCH_UP_QUEUES } from './features.ts';
import { type Lifecycle, UsageError } from './runtime.ts';

/**
 * Building blocks the roles compose. Each one registers its own shutdown with the lifecycle, so
 * a role is a short list of calls.
 */

export async function startDatabase(
  config: Config,
  logger: Logger,
  lifecycle: Lifecycle,
  options: { migrate: boolean; role: string },
): Promise<Db> {
  const db = await openDatabase(config, logger, `hearth-${options.role}`);
  lifecycle.add('database', () => db.close());
  if (options.migrate) {
    const report = await migrate(db);
    if (report.applied.length > 0) {
      logger.info(
        { applied: report.applied.map((m) => m.file) },
        `database migrated to version ${report.version}`,
      );
    }
  } else {
    const status = await migrationStatus(db);
    if (status.pending.length > 0) {
      throw new UsageError(
        `the database is missing migrations ${status.pending.map((m) => m.file).join(', ')}; run \`hearth migrate\` first`,
      );
    }
  }
  logger.info(
    {
      database: db.kind === 'pglite' ? `embedded (${config.DATA_DIR})` : redactUrl(config.DATABASE_URL ?? ''),
    },
    'database ready',
  );
  return db;
}

export async function startHotStore(config: Config, logger: Logger, lifecycle: Lifecycle): Promise<HotStore> {
  const hot = await createHotStore({
    redisUrl: config.REDIS_URL,
    keyPrefix: 'hearth:',
    onError: (error) => logger.warn({ err: error }, 'hot store error'),
  });
  lifecycle.add('hot store', () => hot.close());
  logger.info({ hotStore: hot.kind }, 'hot store ready');
  return hot;
}

/**
 * The queue is registered for shutdown before it starts, so that in `all` it stops after the HTTP
 * server (which may still be sending jobs) even though it starts after the server listens.
 */
export function prepareQueue(
  config: Config,
  db: Db,
  logger: Logger,
  lifecycle: Lifecycle,
  options: { work: false } | { work: true; jobs: () => JobDefinition[]; startup?: () => Promise<void> },
): { queue: Queue; start: () => Promise<void> } {
  const queue = createQueue({ db, url: config.DATABASE_URL, logger, supervise: options.work });
  lifecycle.add('queue', () => queue.stop({ timeoutMs: Math.max(1000, config.SHUTDOWN_TIMEOUT_MS - 1500) }));
  return {
    queue,
    async start() {
      await queue.start();
      if (options.work) {
        await options.startup?.();
        await queue.register(options.jobs());
        // Beat once now so /ready shows a live worker without waiting for the first minute, and
        // catch up schedules that were missed while no worker ran.
        await queue.send(HEARTBEAT_QUEUE, {});
        for (const name of CATCH_UP_QUEUES) await queue.send(name, {});
      }
      logger.info({ work: options.work }, 'queue started');
    },
  };
}

export function tokenService(config: Config): TokenService {
  return createTokenService(resolveJwtSecret(config.JWT_SECRET, config.DATA_DIR));
}

export interface ApiParts {
  db: Db;
  hot: HotStore;
  /** Resolved lazily: in `all` the queue starts after the server listens. */
  /** Exists before it starts (`/ready` says it is starting until it has); absent only for the OpenAPI document. */
  queue: Queue | undefined;
  metrics: Registry;
  tokens: TokenService;
  startedAt: Date;
  apiPlugins?: FastifyPluginAsync[];
  rootPlugins?: FastifyPluginAsync[];
  /** Parts beyond database, queue and hot store (the bot in `all`). */
  extraChecks?: ReadinessCheck[];
}

export function readinessChecks(
  parts: Pick<ApiParts, 'db' | 'hot' | 'queue' | 'startedAt'>,
): ReadinessCheck[] {
  const heartbeats = createHeartbeatRepository(parts.db);
  return [
    {
      name: 'database',
      check: async () => ({ latencyMs: await parts.db.ping(), details: { kind: parts.db.kind } }),
    },
    {
      name: 'queue',
      check: async () => {
        if (!parts.queue) throw new Error('this process has no job queue');
        const latencyMs = await parts.queue.ping();
        const lastRun = await heartbeats.lastRun(HEARTBEAT_QUEUE);
        const beat = heartbeatStatus(lastRun, new Date(), parts.startedAt);
        return {
          latencyMs,
          status: beat.status,
          ...(beat.message ? { message: beat.message } : {}),
          details: { lastHeartbeatAt: lastRun?.toISOString() ?? null },
        };
      },
    },
    {
      name: 'hotStore',
      check: async () => ({ latencyMs: await parts.hot.ping(), details: { kind: parts.hot.kind } }),
    },
  ];
}

/**
 * The API app as `startApi` serves it, not listening: the OpenAPI document (and the dashboard's
 * generated types, scripts/gen-api-types.ts) come from exactly the routes a role mounts.
 */
export function buildApiApp(
  config: Config,
  logger: Logger,
  parts: ApiParts,
  serverFactory?: EarlyServer['factory'],
): Promise<FastifyInstance> {
  return buildApp({
    ...(serverFactory ? { serverFactory } : {}),
    config,
    logger,
    metrics: parts.metrics,
    tokens: parts.tokens,
    rootPlugins: [
      healthRoutes({
        checks: [...readinessChecks(parts), ...(parts.extraChecks ?? [])],
        metrics: parts.metrics,
        startedAt: parts.startedAt,
        version: VERSION,
      }),
      ...(parts.rootPlugins ?? []),
    ],
    apiPlugins: parts.apiPlugins ?? [],
    rateLimitStore: hotStoreRateLimit(parts.hot),
  });
}

export async function startApi(
  config: Config,
  logger: Logger,
  lifecycle: Lifecycle,
  parts: ApiParts,
  early?: EarlyServer,
): Promise<{ app: FastifyInstance; address: string }> {
  const app = await buildApiApp(config, logger, parts, early?.factory);
  const closeTimeout = Math.max(500, config.SHUTDOWN_TIMEOUT_MS - 1000);
  if (early) {
    await app.ready();
    early.activate();
    lifecycle.add('http server', async () => {
      await closeGracefully(app, closeTimeout);
      await early.close();
    });
    logger.info(`Hearth API listening on ${early.address}`);
    return { app, address: early.address };
  }
  const address = await listen(app, { port: config.PORT, host: config.HOST });
  lifecycle.add('http server', () => closeGracefully(app, closeTimeout));
  return { app, address };
}

/** One pipeline per process; it drains before the database closes. */
export function startPipeline(
  db: Db,
  features: PipelineFeature[],
  logger: Logger,
  metrics: Registry,
  lifecycle: Lifecycle,
): Pipeline {
  const pipeline = new Pipeline({
    db,
    features,
    logger: logger.child({ part: 'pipeline' }),
    metrics: createPipelineMetrics(metrics),
  });
  lifecycle.add('pipeline', () => pipeline.close(2000));
  return pipeline;
}

export { createMetrics };
