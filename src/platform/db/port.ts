/**
 * The one way Hearth talks to PostgreSQL. Two adapters implement it: PGlite (embedded, one
 * process) and node-postgres (a pool against a real server). Both return rows in the same shapes:
 * int8/numeric as strings (Discord snowflakes do not fit a JS number), timestamptz as Date,
 * json/jsonb parsed. `db.contract.ts` holds them to it.
 */
export type Row = Record<string, unknown>;

export interface QueryResult<R extends object = Row> {
  rows: R[];
  /** Rows inserted, updated, deleted or returned by the statement. */
  rowCount: number;
}

export interface Queryable {
  /** One statement with `$1`-style parameters. */
  query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several statements separated by semicolons, without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

export type Unlisten = () => Promise<void>;

export type DbKind = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onMessage` with the payload of every `NOTIFY channel` (`pg_notify`), from any process,
   * once the notifying transaction commits. Notifications sent while the connection was lost are
   * gone; `onGap` runs when it is back, so that the listener re-reads what it follows.
   */
  listen(channel: string, onMessage: (payload: string) => void, onGap?: () => void): Promise<Unlisten>;
  /** Round trip to the database in milliseconds; throws when it cannot be reached. */
  ping(): Promise<number>;
  close(): Promise<void>;
}

export class DbError extends Error {
  readonly code: string | undefined;
  constructor(message: string, options: { cause?: unknown; code?: string | undefined } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DbError';
    this.code = options.code;
  }
}
