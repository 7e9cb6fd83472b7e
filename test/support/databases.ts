import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite } from '../../src/platform/db/pglite.ts';
import type { Db } from '../../src/platform/db/port.ts';
import { openPostgres } from '../../src/platform/db/postgres.ts';
import { postgresAvailable, TEST_POSTGRES_URL } from './services.ts';

export interface TestDatabase {
  db: Db;
  /** Connection string of the throwaway PostgreSQL database; undefined for PGlite. */
  url: string | undefined;
  dispose(): Promise<void>;
}

/** A throwaway database on the shared server, so test files can run in parallel without clashing. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hearth_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface DbBackend {
  name: 'pglite' | 'postgres';
  available: boolean;
  create(): Promise<TestDatabase>;
}

/** Both database backends; contract suites run once per entry. */
export const dbBackends: DbBackend[] = [
  {
    name: 'pglite',
    available: true,
    async create() {
      const db = await openPglite();
      return { db, url: undefined, dispose: () => db.close() };
    },
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    async create() {
      const { url, drop } = await createPostgresDatabase();
      const db = openPostgres({ url, poolMax: 4 });
      return {
        db,
        url,
        async dispose() {
          await db.close();
          await drop();
        },
      };
    },
  },
];
