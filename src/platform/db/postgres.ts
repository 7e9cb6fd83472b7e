import pg from 'pg';
import { createPgListener } from './pg-listener.ts';
import type { Db, Queryable, QueryResult, Row } from './port.ts';
import { keepAsText, PG_TYPES } from './types.ts';

export interface PostgresOptions {
  url: string;
  poolMax?: number;
  applicationName?: string;
  /** First wait before the LISTEN connection reconnects (doubling up to 30 s); default 1 s. */
  listenRetryMs?: number;
  /** Called for errors on idle connections, which would otherwise crash the process. */
  onError?: (error: Error) => void;
}

const typeParsers: Record<number, (value: string) => unknown> = {
  [PG_TYPES.INT8]: keepAsText,
  [PG_TYPES.NUMERIC]: keepAsText,
  [PG_TYPES.DATE]: keepAsText,
};

// Per-pool parsers rather than pg.types.setTypeParser, so Hearth never changes the global parsing
// of another pg user in the same process (pg-boss has its own pool).
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    return typeParsers[oid] ?? pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R extends object = Row>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<QueryResult<R>> {
      const result = await client.query<R & pg.QueryResultRow>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters node-postgres uses the simple protocol, which runs several statements.
      await client.query(sql);
    },
  };
}

export function openPostgres(options: PostgresOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // A runaway statement must not hold a connection forever; imports batch well below this.
    statement_timeout: 60_000,
    idle_in_transaction_session_timeout: 60_000,
    application_name: options.applicationName ?? 'hearth',
    types,
  });
  pool.on('error', (error) => options.onError?.(error));
  const base = queryable(pool);
  const listener = createPgListener({
    url: options.url,
    applicationName: options.applicationName ?? 'hearth',
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.listenRetryMs !== undefined ? { retryMs: options.listenRetryMs } : {}),
  });
  return {
    kind: 'postgres',
    listen: listener.listen,
    query: base.query,
    exec: base.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          // The connection itself failed; do not return it to the pool.
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async ping() {
      const started = performance.now();
      await pool.query('SELECT 1');
      return performance.now() - started;
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
