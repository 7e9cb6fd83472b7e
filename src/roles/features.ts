import type { FastifyPluginAsync } from 'fastify';
import { activityRoutes } from '../features/activity/http.ts';
import { activityPipelineFeature } from '../features/activity/pipeline.ts';
import { authRoutes } from '../features/auth/http.ts';
import type { OAuthConfig } from '../features/auth/oauth.ts';
import { heartbeatJob } from '../features/health/jobs.ts';
import { createHeartbeatRepository } from '../features/health/repository.ts';
import { presenceRoutes } from '../features/presence/http.ts';
import { presenceJobs } from '../features/presence/jobs.ts';
import { presencePipelineFeature } from '../features/presence/pipeline.ts';
import { syncRoutes } from '../features/sync/http.ts';
import { SYNC_QUEUE, type SyncJobData, syncJob } from '../features/sync/jobs.ts';
import { syncPipelineFeature } from '../features/sync/pipeline.ts';
import type { PipelineFeature } from '../pipeline/feature.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { TokenService } from '../platform/auth/token.ts';
import type { Db } from '../platform/db/port.ts';
import type { REST } from '../platform/discord/rest.ts';
import type { HotStore } from '../platform/hot/port.ts';
import type { Logger } from '../platform/logger.ts';
import type { JobDefinition, Queue } from '../platform/queue/index.ts';

/**
 * The one place that lists what each feature contributes: its rules in the pipeline, its routes
 * in the API and its jobs in the worker. Roles pick from here; features never wire themselves.
 */

export interface PipelineDeps {
  hot: HotStore;
}

export function pipelineFeatures(deps: PipelineDeps): PipelineFeature[] {
  return [syncPipelineFeature, activityPipelineFeature, presencePipelineFeature({ hot: deps.hot })];
}

export interface ApiDeps {
  db: Db;
  hot: HotStore;
  queue: () => Queue | undefined;
}

export interface RootDeps {
  db: Db;
  tokens: TokenService;
  oauth: () => OAuthConfig | undefined;
  listedAdmins: readonly string[];
  secureCookies: boolean;
}

/** Routes outside /api/v1: sign-in (and the dashboard, which the app serves itself). */
export function rootPlugins(deps: RootDeps): FastifyPluginAsync[] {
  return [authRoutes(deps)];
}

export function apiPlugins(deps: ApiDeps): FastifyPluginAsync[] {
  return [
    activityRoutes({ db: deps.db }),
    syncRoutes({ queue: deps.queue, db: deps.db }),
    presenceRoutes({ db: deps.db, hot: deps.hot }),
  ];
}

export interface WorkerDeps {
  db: Db;
  hot: HotStore;
  pipeline: Pipeline;
  rest: REST | undefined;
  logger: Logger;
}

export function workerJobs(deps: WorkerDeps): JobDefinition[] {
  return [
    heartbeatJob(createHeartbeatRepository(deps.db)),
    syncJob({ db: deps.db, pipeline: deps.pipeline, rest: deps.rest, logger: deps.logger }) as JobDefinition,
    ...presenceJobs({ db: deps.db, hot: deps.hot, logger: deps.logger }),
  ];
}

/** Asks a worker to sync a guild from Discord's REST API (once while one is pending). */
export function requestSync(queue: Queue, guildId: string, logger: Logger): void {
  queue.send<SyncJobData>(SYNC_QUEUE, { guildId }, { singletonKey: guildId }).catch((error: unknown) => {
    logger.warn({ err: error, guildId }, 'could not enqueue the member sync of a large guild');
  });
}
