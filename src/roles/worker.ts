import type { Config } from '../platform/config.ts';
import { createDiscordRest } from '../platform/discord/rest.ts';
import type { Logger } from '../platform/logger.ts';
import { createFeatureServices } from './feature-services.ts';
import { pipelineFeatures, workerJobs, workerStartup } from './features.ts';
import { createRewards } from './rewards.ts';
import { type Lifecycle, requireServerDatabase } from './runtime.ts';
import { createMetrics, prepareQueue, startDatabase, startHotStore, startPipeline } from './services.ts';

/** pg-boss queues and cron schedules; run N of them, each schedule still fires once. */
export async function runWorker(config: Config, logger: Logger, lifecycle: Lifecycle): Promise<void> {
  requireServerDatabase(config, 'worker');
  const db = await startDatabase(config, logger, lifecycle, { migrate: false, role: 'worker' });
  const hot = await startHotStore(config, logger, lifecycle);
  const prepared = prepareQueue(config, db, logger, lifecycle, {
    work: true,
    jobs: () => workerJobs({ db, hot, pipeline, rest, logger, rewards, services, queue }),
    startup: () => workerStartup({ services, logger }),
  });
  const queue = prepared.queue;
  const rewards = createRewards({ db, hot, queue, logger });
  const services = createFeatureServices({ db, hot, queue, logger, rewards });
  const pipeline = startPipeline(
    db,
    pipelineFeatures({ hot, rewards }),
    logger,
    createMetrics('worker'),
    lifecycle,
  );
  const rest = config.DISCORD_TOKEN
    ? createDiscordRest({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL })
    : undefined;
  if (!rest)
    logger.warn('DISCORD_TOKEN is not set: jobs that call Discord (sync, imports, role rewards) will fail');
  await prepared.start();
  logger.info('Hearth worker running');
}
