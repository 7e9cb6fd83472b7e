import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult, Row } from './port.ts';
import { keepAsText, PG_TYPES } from './types.ts';

export interface PgliteDb extends Db {
  readonly kind: 'pglite';
  /** The raw instance, for pg-boss's `fromPglite` adapter; nothing else should need it. */
  readonly pglite: PGlite;
}

const parsers = {
  [PG_TYPES.INT8]: keepAsText,
  [PG_TYPES.NUMERIC]: keepAsText,
  [PG_TYPES.DATE]: keepAsText,
};

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

function queryable(target: PgliteLike): Queryable {
  return {
    async query<R extends object = Row>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<QueryResult<R>> {
      const result = await target.query<R>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

/**
 * Embedded PostgreSQL. `dataDir` undefined means in memory (tests); otherwise the files live there
 * and survive restarts. PGlite has a single connection and queues concurrent queries itself; a
 * transaction holds that connection until it ends.
 */
export async function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): Promise<PgliteDb> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers,
  });
  const base = queryable(pglite);
  return {
    kind: 'pglite',
    pglite,
    query: base.query,
    exec: base.exec,
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => pglite.transaction((tx) => fn(queryable(tx))),
    // One connection: the process hears its own notifications, and there is no connection to lose.
    listen: (channel, onMessage) => pglite.listen(channel, onMessage),
    async ping() {
      const started = performance.now();
      if (pglite.closed) throw new Error('embedded database is closed');
      await pglite.query('SELECT 1');
      return performance.now() - started;
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
