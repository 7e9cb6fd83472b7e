import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { type Lifecycle, lockDataDir } from './runtime.ts';
import {
  createMetrics,
  prepareQueue,
  startApi,
  startDatabase,
  startHotStore,
  tokenService,
} from './services.ts';

/**
 * Everything in one process: the zero-setup way to run Hearth, and fine for small communities.
 * The server listens before the queue starts so liveness answers within moments of the start.
 */
export async function runAll(
  config: Config,
  logger: Logger,
  lifecycle: Lifecycle,
): Promise<{ address: string }> {
  const startedAt = new Date();
  if (config.DATABASE_URL === undefined) {
    const unlock = lockDataDir(config.DATA_DIR);
    lifecycle.add('data dir lock', async () => unlock());
  }
  const db = await startDatabase(config, logger, lifecycle, { migrate: true, role: 'all' });
  const hot = await startHotStore(config, logger, lifecycle);
  const { queue, start } = prepareQueue(config, db, logger, lifecycle, { work: true });
  let queueReady = false;
  const { address } = await startApi(config, logger, lifecycle, {
    db,
    hot,
    queue: () => (queueReady ? queue : undefined),
    metrics: createMetrics('all'),
    tokens: tokenService(config),
    startedAt,
  });
  await start();
  queueReady = true;
  return { address };
}
