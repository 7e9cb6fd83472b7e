import type { Client } from 'discord.js';
import { type Config, ensureDataDir } from '../platform/config.ts';
import { createDiscordRest, type REST } from '../platform/discord/rest.ts';
import { listenEarly } from '../platform/http/early.ts';
import type { Logger } from '../platform/logger.ts';
import type { DiscordConnection } from './bot.ts';
import { botReadiness, startBot } from './bot.ts';
import { oauthConfig, resolveDiscord } from './discord.ts';
import { createFeatureServices } from './feature-services.ts';
import {
  apiPlugins,
  botCommands,
  interactionHandler,
  pipelineFeatures,
  requestSync,
  rootPlugins,
  workerJobs,
  workerStartup,
} from './features.ts';
import { createRewards } from './rewards.ts';
import { type Lifecycle, lockDataDir } from './runtime.ts';
import {
  createMetrics,
  prepareQueue,
  startApi,
  startDatabase,
  startHotStore,
  startPipeline,
  tokenService,
} from './services.ts';

/**
 * Everything in one process: the zero-setup way to run Hearth, and fine for small communities.
 * The port listens before anything else starts, so liveness answers within moments of the start
 * while /ready (and every other route, with 503 until the app is built) reports what is starting.
 */
export async function runAll(
  config: Config,
  logger: Logger,
  lifecycle: Lifecycle,
): Promise<{ address: string }> {
  const startedAt = new Date();
  // DATA_DIR first: a start that cannot write it must say so before anything else runs.
  if (config.DATABASE_URL === undefined) {
    const unlock = lockDataDir(config.DATA_DIR);
    lifecycle.add('data dir lock', async () => unlock());
  } else if (config.JWT_SECRET === undefined) {
    ensureDataDir(config.DATA_DIR);
  }
  // Liveness answers from here on, even while a first start creates the embedded database.
  const early = await listenEarly({ port: config.PORT, host: config.HOST });
  lifecycle.add('early listener', () => early.close());
  const metrics = createMetrics('all');
  const db = await startDatabase(config, logger, lifecycle, { migrate: true, role: 'all' });
  const hot = await startHotStore(config, logger, lifecycle);
  let rest: REST | undefined;
  // The queue exists now and starts once the API listens: everything is built with it, and a send
  // made before the start waits for it.
  const prepared = prepareQueue(config, db, logger, lifecycle, {
    work: true,
    jobs: () => workerJobs({ db, hot, pipeline, rest, logger, rewards, services, queue }),
    startup: () => workerStartup({ services, logger }),
  });
  const queue = prepared.queue;
  const rewards = createRewards({ db, hot, queue, logger });
  const services = createFeatureServices({ db, hot, queue, logger, rewards });
  const pipeline = startPipeline(db, pipelineFeatures({ hot, rewards }), logger, metrics, lifecycle);
  let client: Client | undefined;
  let discord: DiscordConnection | undefined;
  let listening: string | undefined;
  const tokens = tokenService(config);
  const { address } = await startApi(
    config,
    logger,
    lifecycle,
    {
      db,
      hot,
      queue,
      metrics,
      tokens,
      startedAt,
      apiPlugins: apiPlugins({ db, hot, queue, rewards, services, logger }),
      rootPlugins: rootPlugins({
        services,
        tokens,
        oauth: () => (discord ? oauthConfig(config, discord, listening) : undefined),
        listedAdmins: config.HEARTH_ADMINS,
        secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false,
      }),
      extraChecks: [botReadiness(() => client)],
    },
    early,
  );
  listening = address;
  discord = await resolveDiscord(config, logger, lifecycle, { allowDemo: true, role: 'all' });
  rest = createDiscordRest({ token: discord.token, apiUrl: discord.apiUrl });
  await prepared.start();
  client = await startBot(logger.child({ part: 'bot' }), lifecycle, {
    discord,
    pipeline,
    onPartialGuild: (guildId) => requestSync(services, guildId, logger),
    commands: botCommands(),
    onInteraction: interactionHandler({ rewards, services }),
  });
  return { address };
}
