import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './port.ts';

export interface Migration {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: Migration[];
  /** Highest version now in the database. */
  version: number;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any constant works; it only has to be the same in every Hearth process.
const MIGRATION_LOCK = 48_151_623;

export function checksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const match = FILE_NAME.exec(file);
    if (!match) {
      throw new MigrationError(`migration file ${file} must be named NNNN_snake_case_name.sql`);
    }
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new MigrationError(`two migration files share version ${match[1]} (${file})`);
    }
    const sql = readFileSync(path.join(dir, file), 'utf8');
    migrations.push({ version, name: match[2] ?? file, file, sql, checksum: checksum(sql) });
  }
  return migrations;
}

interface AppliedRow extends Record<string, unknown> {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Applies what is missing, each migration in its own transaction, under an advisory lock so that
 * several processes starting at once migrate exactly once. Refuses to run when an applied migration
 * was edited afterwards, or when the database is newer than this code.
 */
export async function migrate(db: Db, migrations: Migration[] = loadMigrations()): Promise<MigrationReport> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS hearth_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      checksum   text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });

  const applied: Migration[] = [];
  let version = 0;
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const { rows } = await tx.query<AppliedRow>(
        'SELECT version, name, checksum FROM hearth_migrations ORDER BY version',
      );
      verify(rows, migrations);
      if (rows.some((row) => row.version === migration.version)) return false;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new MigrationError(`migration ${migration.file} failed: ${(error as Error).message}`);
      }
      await tx.query('INSERT INTO hearth_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (ran) applied.push(migration);
    version = migration.version;
  }
  if (migrations.length === 0) {
    const { rows } = await db.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM hearth_migrations',
    );
    version = rows[0]?.version ?? 0;
  }
  return { applied, version };
}

function verify(rows: AppliedRow[], migrations: Migration[]): void {
  for (const row of rows) {
    const known = migrations.find((m) => m.version === row.version);
    if (!known) {
      throw new MigrationError(
        `the database has migration ${String(row.version).padStart(4, '0')}_${row.name}, which this version of Hearth does not know: it was migrated by a newer Hearth; run that version or restore a backup`,
      );
    }
    if (known.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${known.file} was edited after it was applied (checksum ${row.checksum.slice(0, 12)} in the database, ${known.checksum.slice(0, 12)} on disk); restore the original file and put the change in a new migration`,
      );
    }
  }
}

export async function migrationStatus(
  db: Db,
  migrations: Migration[] = loadMigrations(),
): Promise<{ applied: number[]; pending: Migration[] }> {
  const exists = await db.query<{ present: boolean }>(
    "SELECT to_regclass('hearth_migrations') IS NOT NULL AS present",
  );
  if (!exists.rows[0]?.present) return { applied: [], pending: migrations };
  const { rows } = await db.query<AppliedRow>('SELECT version, name, checksum FROM hearth_migrations');
  verify(rows, migrations);
  const applied = rows.map((r) => r.version).sort((a, b) => a - b);
  return { applied, pending: migrations.filter((m) => !applied.includes(m.version)) };
}
