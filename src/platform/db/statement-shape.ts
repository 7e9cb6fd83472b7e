import type { Db, Queryable } from './port.ts';

/**
 * What PostgreSQL itself says about a hand-written statement, for the tests of the hot paths that
 * stay raw SQL: the types it infers for the parameters (`bigint[]`, `date[]`, ...), and the types of
 * a table's columns written the same way. A test compares the two, so an `unnest($1::int[])` that no
 * longer matches its column fails on the real schema instead of at run time.
 */

let prepared = 0;

/** The parameter types of `statement` as PostgreSQL infers them, in `$1, $2, ...` order. */
export async function parameterTypes(db: Db, statement: string): Promise<string[]> {
  // A prepared statement belongs to its connection: prepare, read and drop it on one. Its own name,
  // so that one left behind by a failed check cannot clash with the next.
  const name = `hearth_shape_${process.pid}_${++prepared}`;
  return db.transaction(async (tx) => {
    await tx.exec(`PREPARE ${name} AS ${statement}`);
    try {
      const { rows } = await tx.query<{ types: string[] }>(
        'SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = $1',
        [name],
      );
      return rows[0]?.types ?? [];
    } finally {
      await tx.exec(`DEALLOCATE ${name}`);
    }
  });
}

/** Each column of a table in the public schema with its type (`bigint`, `integer`, `date`, ...). */
export async function columnTypes(db: Queryable, table: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [`public.${table}`],
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.type]));
}
