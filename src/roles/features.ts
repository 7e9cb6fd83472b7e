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
import { levelJobs } from '../features/levels/jobs.ts';
import { handlePresenceInteraction, liveCommand } from '../features/presence/discord.ts';
import { presenceRoutes } from '../features/presence/http.ts';
import { presenceJobs } from '../features/presence/jobs.ts';
import { presencePipelineFeature } from '../features/presence/pipeline.ts';
import { closeOrphanedSessions } from '../features/presence/upkeep.ts';
import { QUEST_CATCH_UP_QUEUE, questJobs } from '../features/quests/jobs.ts';
import { LEVEL_DISPATCH_QUEUE } from '../features/rewards/context.ts';
import { syncRoutes } from '../features/sync/http.ts';
import { syncJob } from '../features/sync/jobs.ts';
import { syncPipelineFeature } from '../features/sync/pipeline.ts';
import type { PipelineFeature } from '../pipeline/feature.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { TokenService } from '../platform/auth/token.ts';
import type { Db } from '../platform/db/port.ts';
import type { REST } from '../platform/discord/rest.ts';
import type { HotStore } from '../platform/hot/port.ts';
import type { Logger } from '../platform/logger.ts';
import type { JobDefinition, Queue } from '../platform/queue/index.ts';
import { type FeatureServices, presenceDirectory, presenceKarma } from './feature-services.ts';
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
    presencePipelineFeature({
      hot: deps.hot,
      karma: presenceKarma(deps.rewards.voice),
      directory: presenceDirectory,
    }),
    ...rewardsPipelineFeatures(deps.rewards),
  ];
}

/**
 * Every rule of the product over `db`, for tools and tests that run a pipeline without a role;
 * `now` fixes karma's clock (quest periods), for tests that compare runs.
 */
export function productPipelineFeatures(
  db: Db,
  hot: HotStore,
  logger: Logger,
  now?: () => Date,
): PipelineFeature[] {
  return pipelineFeatures({ hot, rewards: createRewards({ db, hot, queue: undefined, logger, now }) });
}

export interface ApiDeps {
  db: Db;
  hot: HotStore;
  queue: Queue | undefined;
  rewards: RewardsServices;
  services: FeatureServices;
  logger: Logger;
}

export interface RootDeps {
  services: FeatureServices;
  tokens: TokenService;
  oauth: () => OAuthConfig | undefined;
  listedAdmins: readonly string[];
  secureCookies: boolean;
}

/** Routes outside /api/v1: sign-in (and the dashboard, which the app serves itself). */
export function rootPlugins(deps: RootDeps): FastifyPluginAsync[] {
  const { services, ...auth } = deps;
  return [
    authRoutes({ ...auth, guilds: services.signInGuilds }),
    dashboardRoutes({ distDir: DEFAULT_DIST_DIR }),
  ];
}

export function apiPlugins(deps: ApiDeps): FastifyPluginAsync[] {
  return [
    activityRoutes({ db: deps.db }),
    syncRoutes({ service: deps.services.sync }),
    presenceRoutes({ service: deps.services.presence }),
    ...rewardsApiPlugins(deps.rewards),
    historyImportRoutes({ service: deps.services.historyImport }),
  ];
}

export interface WorkerDeps {
  db: Db;
  hot: HotStore;
  pipeline: Pipeline;
  rest: REST | undefined;
  logger: Logger;
  rewards: RewardsServices;
  services: FeatureServices;
  queue: Queue | undefined;
}

export function workerJobs(deps: WorkerDeps): JobDefinition[] {
  return [
    heartbeatJob(createHeartbeatRepository(deps.db)),
    syncJob({ db: deps.db, pipeline: deps.pipeline, rest: deps.rest, logger: deps.logger }) as JobDefinition,
    ...presenceJobs({ upkeep: deps.services.presenceUpkeep, logger: deps.logger }),
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
 * the sweeper pays them, with the process's own rewards (its queue is not started yet, so level
 * changes wait for the dispatcher's cron).
 */
export async function workerStartup(deps: { services: FeatureServices; logger: Logger }): Promise<void> {
  const report = await closeOrphanedSessions(deps.services.presenceUpkeep);
  deps.logger.debug({ ...report }, 'presence sessions settled at start');
}

/**
 * Jobs sent once when a worker starts, so runs missed while no worker was up are caught up (and
 * history imports a dead worker left behind find a runner).
 */
export const CATCH_UP_QUEUES = [QUEST_CATCH_UP_QUEUE, LEVEL_DISPATCH_QUEUE, HISTORY_WATCHDOG_QUEUE];

/** Asks a worker to sync a guild from Discord's REST API (once while one is pending). */
export function requestSync(services: FeatureServices, guildId: string, logger: Logger): void {
  services.sync.requestSync(guildId).catch((error: unknown) => {
    logger.warn({ err: error, guildId }, 'could not enqueue the member sync of a large guild');
  });
}

/** Slash commands every bot registers (bulk overwrite at start). */
export function botCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...rewardsCommands(), liveCommand()];
}

export interface InteractionDeps {
  rewards: RewardsServices;
  services: FeatureServices;
}

/** Routes interactions to the feature that owns them; unknown ones are left alone. */
export function interactionHandler(deps: InteractionDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    if (await handleRewardsInteraction(interaction, deps.rewards)) return;
    await handlePresenceInteraction(interaction, { presence: deps.services.presence });
  };
}
