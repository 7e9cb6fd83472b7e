import type { Interaction } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { FastifyPluginAsync } from 'fastify';
import { activityRoutes } from '../features/activity/http.ts';
import { activityPipelineFeature } from '../features/activity/pipeline.ts';
import { authRoutes } from '../features/auth/http.ts';
import type { OAuthConfig } from '../features/auth/oauth.ts';
import { DEFAULT_DIST_DIR, dashboardRoutes } from '../features/dashboard/http.ts';
import { heartbeatJob } from '../features/health/jobs.ts';
import { createHeartbeatRepository } from '../features/health/repository.ts';
import { historyImportRoutes } from '../features/history-import/http.ts';
import { HISTORY_WATCHDOG_QUEUE, historyImportJobs } from '../features/history-import/jobs.ts';
import { HistoryImportService } from '../features/history-import/service.ts';
import { levelJobs } from '../features/levels/jobs.ts';
import { handlePresenceInteraction, liveCommand } from '../features/presence/discord.ts';
import { presenceRoutes } from '../features/presence/http.ts';
import { presenceJobs } from '../features/presence/jobs.ts';
import { presenceKarma } from '../features/presence/karma.ts';
import { presencePipelineFeature } from '../features/presence/pipeline.ts';
import { createPresenceService } from '../features/presence/service.ts';
import { closeOrphanedSessions } from '../features/presence/upkeep.ts';
import { QUEST_CATCH_UP_QUEUE, questJobs } from '../features/quests/jobs.ts';
import { LEVEL_DISPATCH_QUEUE } from '../features/rewards/context.ts';
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
import {
  createRewards,
  handleRewardsInteraction,
  type RewardsServices,
  rewardsApiPlugins,
  rewardsCommands,
  rewardsPipelineFeatures,
} from './rewards.ts';

/**
 * The one place that lists what each feature contributes: its rules in the pipeline, its routes
 * in the API and its jobs in the worker. Roles pick from here; features never wire themselves.
 */

export interface PipelineDeps {
  hot: HotStore;
  rewards: RewardsServices;
}

/** Order matters: sync first, so rules see the member roles that arrived in the same batch. */
export function pipelineFeatures(deps: PipelineDeps): PipelineFeature[] {
  return [
    syncPipelineFeature,
    activityPipelineFeature,
    presencePipelineFeature({ hot: deps.hot, karma: presenceKarma(deps.rewards.voice) }),
    ...rewardsPipelineFeatures(deps.rewards),
  ];
}

/** Every rule of the product over `db`, for tools and tests that run a pipeline without a role. */
export function productPipelineFeatures(db: Db, hot: HotStore, logger: Logger): PipelineFeature[] {
  return pipelineFeatures({ hot, rewards: createRewards({ db, hot, queue: () => undefined, logger }) });
}

export interface ApiDeps {
  db: Db;
  hot: HotStore;
  queue: () => Queue | undefined;
  rewards: RewardsServices;
  logger: Logger;
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
  return [authRoutes(deps), dashboardRoutes({ distDir: DEFAULT_DIST_DIR })];
}

export function apiPlugins(deps: ApiDeps): FastifyPluginAsync[] {
  return [
    activityRoutes({ db: deps.db }),
    syncRoutes({ queue: deps.queue, db: deps.db }),
    presenceRoutes({ db: deps.db, hot: deps.hot, karma: presenceKarma(deps.rewards.voice) }),
    ...rewardsApiPlugins(deps.rewards),
    historyImportRoutes({
      service: new HistoryImportService({ db: deps.db, queue: deps.queue, logger: deps.logger }),
    }),
  ];
}

export interface WorkerDeps {
  db: Db;
  hot: HotStore;
  pipeline: Pipeline;
  rest: REST | undefined;
  logger: Logger;
  rewards: RewardsServices;
  queue: () => Queue | undefined;
}

export function workerJobs(deps: WorkerDeps): JobDefinition[] {
  return [
    heartbeatJob(createHeartbeatRepository(deps.db)),
    syncJob({ db: deps.db, pipeline: deps.pipeline, rest: deps.rest, logger: deps.logger }) as JobDefinition,
    ...presenceJobs({
      db: deps.db,
      hot: deps.hot,
      logger: deps.logger,
      karma: presenceKarma(deps.rewards.voice),
    }),
    ...levelJobs({ context: deps.rewards.context, queue: deps.queue, rest: deps.rest, logger: deps.logger }),
    ...questJobs({ db: deps.db, logger: deps.logger }),
    ...historyImportJobs({
      db: deps.db,
      rest: deps.rest,
      pipeline: deps.pipeline,
      logger: deps.logger,
      queue: deps.queue,
    }),
  ];
}

/**
 * Once when a worker starts: viewer sessions a shutdown left open are settled from their last
 * heartbeat, so a restart never leaves phantom viewers, and paid (stream watching, voice spans) as
 * the sweeper pays them, by the role's own rewards.
 */
export async function workerStartup(deps: {
  db: Db;
  hot: HotStore;
  logger: Logger;
  rewards: RewardsServices;
}): Promise<void> {
  const report = await closeOrphanedSessions({
    db: deps.db,
    hot: deps.hot,
    karma: presenceKarma(deps.rewards.voice),
  });
  deps.logger.debug({ ...report }, 'presence sessions settled at start');
}

/**
 * Jobs sent once when a worker starts, so runs missed while no worker was up are caught up (and
 * history imports a dead worker left behind find a runner).
 */
export const CATCH_UP_QUEUES = [QUEST_CATCH_UP_QUEUE, LEVEL_DISPATCH_QUEUE, HISTORY_WATCHDOG_QUEUE];

/** Asks a worker to sync a guild from Discord's REST API (once while one is pending). */
export function requestSync(queue: Queue, guildId: string, logger: Logger): void {
  queue.send<SyncJobData>(SYNC_QUEUE, { guildId }, { singletonKey: guildId }).catch((error: unknown) => {
    logger.warn({ err: error, guildId }, 'could not enqueue the member sync of a large guild');
  });
}

/** Slash commands every bot registers (bulk overwrite at start). */
export function botCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...rewardsCommands(), liveCommand()];
}

export interface InteractionDeps {
  db: Db;
  hot: HotStore;
  rewards: RewardsServices;
}

/** Routes interactions to the feature that owns them; unknown ones are left alone. */
export function interactionHandler(deps: InteractionDeps): (interaction: Interaction) => Promise<void> {
  const presence = createPresenceService({ db: deps.db, hot: deps.hot });
  return async (interaction) => {
    if (await handleRewardsInteraction(interaction, deps.rewards)) return;
    await handlePresenceInteraction(interaction, { db: deps.db, presence });
  };
}
