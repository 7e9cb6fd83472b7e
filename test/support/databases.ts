import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPglite, type PgliteDb } from '../../src/platform/db/pglite.ts';
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

/**
 * A fresh PGlite runs initdb, which takes seconds on this machine; loading a dump of one takes a
 * fraction of that. Each test process keeps two dumps: an empty database and a migrated one.
 */
const templates = new Map<'empty' | 'migrated', Promise<Blob>>();

function template(kind: 'empty' | 'migrated'): Promise<Blob> {
  let dump = templates.get(kind);
  if (!dump) {
    dump = (async () => {
      const db = await openPglite();
      if (kind === 'migrated') await migrate(db);
      const blob = await db.pglite.dumpDataDir('none');
      await db.close();
      return blob;
    })();
    templates.set(kind, dump);
  }
  return dump;
}

/** An in-memory PGlite, migrated to the current schema unless `migrated: false`. */
export async function openTestPglite(options: { migrated?: boolean } = {}): Promise<PgliteDb> {
  return openPglite(undefined, {
    loadDataDir: await template(options.migrated === false ? 'empty' : 'migrated'),
  });
}

export interface DbBackend {
  name: 'pglite' | 'postgres';
  available: boolean;
  /** `migrated: true` gives the current schema (cheaply, from a template on PGlite). */
  create(options?: { migrated?: boolean }): Promise<TestDatabase>;
}

/** Both database backends; contract suites run once per entry. */
export const dbBackends: DbBackend[] = [
  {
    name: 'pglite',
    available: true,
    async create(options = {}) {
      const db = await openTestPglite({ migrated: options.migrated === true });
      return { db, url: undefined, dispose: () => db.close() };
    },
  },
  {
    name: 'postgres',
    available: postgresAvailable,
    async create(options = {}) {
      const { url, drop } = await createPostgresDatabase();
      const db = openPostgres({ url, poolMax: 4 });
      if (options.migrated) await migrate(db);
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
