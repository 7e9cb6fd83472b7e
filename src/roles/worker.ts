import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { type Lifecycle, requireServerDatabase } from './runtime.ts';
import { prepareQueue, startDatabase, startHotStore } from './services.ts';

/** pg-boss queues and cron schedules; run N of them, each schedule still fires once. */
export async function runWorker(config: Config, logger: Logger, lifecycle: Lifecycle): Promise<void> {
  requireServerDatabase(config, 'worker');
  const db = await startDatabase(config, logger, lifecycle, { migrate: false, role: 'worker' });
  await startHotStore(config, logger, lifecycle);
  const { start } = prepareQueue(config, db, logger, lifecycle, { work: true });
  await start();
  logger.info('Hearth worker running');
}
