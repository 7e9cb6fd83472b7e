import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import {
  checksum,
  loadMigrations,
  type Migration,
  MigrationError,
  migrate,
  migrationStatus,
} from './migrate.ts';

function migration(version: number, name: string, sql: string): Migration {
  return {
    version,
    name,
    file: `${String(version).padStart(4, '0')}_${name}.sql`,
    sql,
    checksum: checksum(sql),
  };
}

const first = migration(1, 'create_a', 'CREATE TABLE a (id int PRIMARY KEY); INSERT INTO a VALUES (1);');
const second = migration(2, 'create_b', 'CREATE TABLE b (id int PRIMARY KEY);');

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`migrations on ${backend.name}`, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await backend.create();
    });
    afterEach(async () => {
      await t?.dispose();
    });

    it('applies every migration to a fresh database and records it', async () => {
      const report = await migrate(t.db, [first, second]);
      expect(report.applied.map((m) => m.version)).toEqual([1, 2]);
      expect(report.version).toBe(2);
      const { rows } = await t.db.query('SELECT version, name FROM hearth_migrations ORDER BY version');
      expect(rows).toEqual([
        { version: 1, name: 'create_a' },
        { version: 2, name: 'create_b' },
      ]);
    });

    it('applies nothing the second time', async () => {
      await migrate(t.db, [first, second]);
      const again = await migrate(t.db, [first, second]);
      expect(again.applied).toEqual([]);
      expect((await t.db.query('SELECT count(*)::int AS n FROM a')).rows).toEqual([{ n: 1 }]);
    });

    it('applies only the new migration after an upgrade', async () => {
      await migrate(t.db, [first]);
      const report = await migrate(t.db, [first, second]);
      expect(report.applied.map((m) => m.file)).toEqual(['0002_create_b.sql']);
    });

    it('refuses an applied migration that was edited afterwards', async () => {
      await migrate(t.db, [first]);
      const edited = migration(1, 'create_a', 'CREATE TABLE a (id int PRIMARY KEY, extra text);');
      await expect(migrate(t.db, [edited])).rejects.toThrow(MigrationError);
      await expect(migrate(t.db, [edited])).rejects.toThrow(
        /0001_create_a\.sql was edited after it was applied/,
      );
    });

    it('refuses a database migrated by a newer Hearth', async () => {
      await migrate(t.db, [first, second]);
      await expect(migrate(t.db, [first])).rejects.toThrow(
        /does not know: it was migrated by a newer Hearth/,
      );
    });

    it('rolls back a failing migration completely and names its file', async () => {
      const broken = migration(2, 'broken', 'CREATE TABLE c (id int); SELECT no_such_function();');
      await migrate(t.db, [first]);
      await expect(migrate(t.db, [first, broken])).rejects.toThrow(/migration 0002_broken\.sql failed/);
      const status = await migrationStatus(t.db, [first, broken]);
      expect(status.applied).toEqual([1]);
      expect((await t.db.query("SELECT to_regclass('c') AS c")).rows).toEqual([{ c: null }]);
    });

    it('migrates exactly once when several processes start together', async () => {
      await Promise.all([
        migrate(t.db, [first, second]),
        migrate(t.db, [first, second]),
        migrate(t.db, [first]),
      ]);
      expect((await t.db.query('SELECT count(*)::int AS n FROM a')).rows).toEqual([{ n: 1 }]);
    });

    it("applies Hearth's own migrations cleanly", async () => {
      const report = await migrate(t.db);
      expect(report.applied.length).toBe(loadMigrations().length);
      expect((await migrationStatus(t.db)).pending).toEqual([]);
    });
  });
}

describe('migration files', () => {
  it('rejects a file that does not follow the naming scheme', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hearth-mig-'));
    writeFileSync(path.join(dir, 'init.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/must be named NNNN_snake_case_name\.sql/);
  });

  it('rejects two files with the same version', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hearth-mig-'));
    writeFileSync(path.join(dir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(path.join(dir, '0001_b.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/share version 0001/);
  });

  it('ignores line-ending differences in checksums', () => {
    expect(checksum('a;\r\nb;')).toBe(checksum('a;\nb;'));
  });
});
