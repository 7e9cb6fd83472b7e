import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { openPglite } from './pglite.ts';
import type { Db } from './port.ts';
import { openPostgres } from './postgres.ts';

export type { Db, DbKind, Queryable, QueryResult, Row } from './port.ts';

export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'DATA_DIR'>,
  logger: Logger,
  applicationName = 'hearth',
): Promise<Db> {
  if (config.DATABASE_URL !== undefined) {
    const db = openPostgres({
      url: config.DATABASE_URL,
      poolMax: config.DATABASE_POOL_MAX,
      applicationName,
      onError: (error) => logger.warn({ err: error }, 'idle PostgreSQL connection failed'),
    });
    try {
      await db.ping();
    } catch (error) {
      await db.close().catch(() => {});
      throw new Error(`cannot connect to PostgreSQL at DATABASE_URL: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return db;
  }
  return openPglite(path.resolve(config.DATA_DIR, 'pgdata'));
}
