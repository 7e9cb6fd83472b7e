import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type QueryResult as KyselyResult,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { DbError, type Queryable } from './port.ts';
import type { DB } from './schema.gen.ts';

/**
 * Kysely over the Db port: the typed query builder runs its compiled SQL through a `Queryable`, the
 * Db itself or the transaction a caller was handed, never through a connection pool of its own. So
 * a repository function that gets `tx` from the pipeline's batch transaction writes inside that
 * transaction whether it builds its SQL with Kysely or writes it by hand, and rows come back in the
 * adapters' shapes (int8/numeric/date as strings, timestamptz as Date, json parsed) that
 * `schema.gen.ts` describes.
 *
 * Transactions stay the port's: `db.transaction(async (tx) => kyselyOf(tx)...)`. Kysely's own
 * `transaction()` refuses. Over the Db a `BEGIN` and its `COMMIT` could land on two different pool
 * connections, and over a `tx` it would nest a second `BEGIN`; the port already owns the rules that
 * matter (PGlite's one connection, a broken connection not going back to the pool).
 */
export type Database = Kysely<DB>;

class QueryableConnection implements DatabaseConnection {
  readonly #target: Queryable;

  constructor(target: Queryable) {
    this.#target = target;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<KyselyResult<R>> {
    const result = await this.#target.query<R & object>(compiled.sql, compiled.parameters);
    // Kysely reads the count only for INSERT/UPDATE/DELETE without RETURNING, where the port's
    // rowCount is the number of affected rows.
    return { rows: result.rows, numAffectedRows: BigInt(result.rowCount) };
  }

  /** The port has no cursors; a query that would stream pages with a keyset instead. */
  streamQuery<R>(): AsyncIterableIterator<KyselyResult<R>> {
    const refusal = new DbError('the Db port has no cursors: page with a keyset query instead of .stream()');
    const iterator: AsyncIterableIterator<KyselyResult<R>> = {
      next: () => Promise.reject(refusal),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

function refuseTransaction(): Promise<void> {
  return Promise.reject(
    new DbError("Kysely's transaction() is not used in Hearth: run kyselyOf(tx) inside db.transaction()"),
  );
}

class QueryableDriver implements Driver {
  readonly #connection: QueryableConnection;

  constructor(target: Queryable) {
    this.#connection = new QueryableConnection(target);
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async releaseConnection(): Promise<void> {}
  beginTransaction = refuseTransaction;
  commitTransaction = refuseTransaction;
  rollbackTransaction = refuseTransaction;
  // The Db's lifetime belongs to whoever opened it; destroying a Kysely instance must not close it.
  async destroy(): Promise<void> {}
}

// Shared by every instance, as one Kysely instance shares them between all its queries: the adapter
// holds no state and the compiler compiles synchronously. A transaction's instance costs ~2 µs.
const adapter = new PostgresAdapter();
const compiler = new PostgresQueryCompiler();

/** A Kysely dialect whose every query runs through `target`. */
export function queryableDialect(target: Queryable): Dialect {
  return {
    createAdapter: () => adapter,
    createDriver: () => new QueryableDriver(target),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => compiler,
  };
}

/** Kysely over `target` typed by any schema: for tools such as the type generator, which runs before one exists. */
export function kyselyOver<S>(target: Queryable): Kysely<S> {
  return new Kysely<S>({ dialect: queryableDialect(target) });
}

const instances = new WeakMap<Queryable, Database>();

/**
 * The typed query builder over the Db or a transaction, typed by the tables the migrations create.
 * One instance per `Queryable`, kept as long as it lives (a transaction's goes with it).
 */
export function kyselyOf(target: Queryable): Database {
  let instance = instances.get(target);
  if (!instance) {
    instance = kyselyOver<DB>(target);
    instances.set(target, instance);
  }
  return instance;
}
