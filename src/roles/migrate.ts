import type { Config } from '../platform/config.ts';
import { openDatabase } from '../platform/db/index.ts';
import { migrate, migrationStatus } from '../platform/db/migrate.ts';
import type { Logger } from '../platform/logger.ts';
import { lockDataDir } from './runtime.ts';

/** `hearth migrate`: the one-shot step before starting new versions of api, worker and bot. */
export async function runMigrate(
  config: Config,
  logger: Logger,
  options: { status: boolean },
  print: (line: string) => void,
): Promise<void> {
  const unlock = config.DATABASE_URL === undefined ? lockDataDir(config.DATA_DIR) : () => {};
  const db = await openDatabase(config, logger, 'hearth-migrate');
  try {
    if (options.status) {
      const status = await migrationStatus(db);
      print(`applied: ${status.applied.length === 0 ? 'none' : status.applied.join(', ')}`);
      print(
        `pending: ${status.pending.length === 0 ? 'none' : status.pending.map((m) => m.file).join(', ')}`,
      );
      return;
    }
    const report = await migrate(db);
    print(
      report.applied.length === 0
        ? `database is up to date (version ${report.version})`
        : `applied ${report.applied.map((m) => m.file).join(', ')}; database is at version ${report.version}`,
    );
  } finally {
    await db.close();
    unlock();
  }
}
