import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { oauthConfig } from './discord.ts';
import { createFeatureServices } from './feature-services.ts';
import { apiPlugins, rootPlugins } from './features.ts';
import { createRewards } from './rewards.ts';
import { type Lifecycle, requireServerDatabase, UsageError } from './runtime.ts';
import {
  createMetrics,
  prepareQueue,
  startApi,
  startDatabase,
  startHotStore,
  tokenService,
} from './services.ts';

/** REST API, OpenAPI docs and dashboard; run N of them behind a load balancer. */
export async function runApi(
  config: Config,
  logger: Logger,
  lifecycle: Lifecycle,
): Promise<{ address: string }> {
  requireServerDatabase(config, 'api');
  if (config.JWT_SECRET === undefined) {
    throw new UsageError(
      'hearth api needs JWT_SECRET: every API process must sign and verify tokens with the same secret (at least 32 characters, e.g. `openssl rand -hex 32`)',
    );
  }
  if (config.REDIS_URL === undefined) {
    logger.warn(
      'REDIS_URL is not set: rate limits and hot data are per process; set it when running several API processes',
    );
  }
  const startedAt = new Date();
  const db = await startDatabase(config, logger, lifecycle, { migrate: false, role: 'api' });
  const hot = await startHotStore(config, logger, lifecycle);
  const { queue, start } = prepareQueue(config, db, logger, lifecycle, { work: false });
  await start();
  const tokens = tokenService(config);
  const rewards = createRewards({ db, hot, queue, logger });
  const services = createFeatureServices({ db, hot, queue, logger, rewards });
  let listening: string | undefined;
  const started = await startApi(config, logger, lifecycle, {
    db,
    hot,
    queue,
    metrics: createMetrics('api'),
    tokens,
    startedAt,
    apiPlugins: apiPlugins({
      db,
      hot,
      queue,
      rewards,
      services,
      logger,
    }),
    rootPlugins: rootPlugins({
      services,
      tokens,
      oauth: () => oauthConfig(config, undefined, listening),
      listedAdmins: config.HEARTH_ADMINS,
      secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false,
    }),
  });
  listening = started.address;
  return started;
}
