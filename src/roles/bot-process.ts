import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { startBot } from './bot.ts';
import { resolveDiscord } from './discord.ts';
import { createFeatureServices } from './feature-services.ts';
import { botCommands, interactionHandler, pipelineFeatures, requestSync } from './features.ts';
import { createRewards } from './rewards.ts';
import { type Lifecycle, requireServerDatabase, UsageError } from './runtime.ts';
import { createMetrics, prepareQueue, startDatabase, startHotStore, startPipeline } from './services.ts';

export interface BotProcessOptions {
  shards?: number[] | undefined;
  shardCount?: number | undefined;
}

/** `hearth bot`: gateway connection(s) for a range of shards, feeding the pipeline. */
export async function runBot(
  config: Config,
  logger: Logger,
  lifecycle: Lifecycle,
  options: BotProcessOptions,
): Promise<void> {
  requireServerDatabase(config, 'bot');
  if (options.shards && options.shardCount === undefined) {
    throw new UsageError('--shards needs --shard-count: the total number of shards across all bot processes');
  }
  const { shards, shardCount } = options;
  if (shards && shardCount !== undefined && shards.some((id) => id >= shardCount)) {
    throw new UsageError(`--shards must all be below --shard-count ${shardCount}`);
  }
  const discord = await resolveDiscord(config, logger, lifecycle, { allowDemo: false, role: 'bot' });
  const db = await startDatabase(config, logger, lifecycle, { migrate: false, role: 'bot' });
  const hot = await startHotStore(config, logger, lifecycle);
  // Send-only: the bot asks workers to fetch the members of large guilds and to apply level rewards.
  const { queue, start } = prepareQueue(config, db, logger, lifecycle, { work: false });
  await start();
  const rewards = createRewards({ db, hot, queue, logger });
  const services = createFeatureServices({ db, hot, queue, logger, rewards });
  const pipeline = startPipeline(
    db,
    pipelineFeatures({ hot, rewards }),
    logger,
    createMetrics('bot'),
    lifecycle,
  );
  await startBot(logger, lifecycle, {
    commands: botCommands(),
    onInteraction: interactionHandler({ rewards, services }),
    onPartialGuild: (guildId) => requestSync(services, guildId, logger),
    discord,
    pipeline,
    shards: options.shards,
    shardCount: options.shardCount,
  });
}
