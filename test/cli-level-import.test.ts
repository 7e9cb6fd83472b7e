import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mee6Export } from '../src/features/level-import/test-kit.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPglite } from '../src/platform/db/pglite.ts';
import type { Db } from '../src/platform/db/port.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createPostgresDatabase } from './support/databases.ts';
import { runHearth, tempDir } from './support/process.ts';
import { addGuild } from './support/rewards-fixtures.ts';
import { postgresAvailable } from './support/services.ts';

const GUILD = '500000000000000001';
const ALICE = '600000000000000001';
const BOB = '600000000000000002';
const CAROL = '600000000000000003';

function writeFile(name: string, text: string): string {
  const file = path.join(tempDir('hearth-import-'), name);
  writeFileSync(file, text);
  return file;
}

const leaderboard = writeFile(
  'leaderboard.json',
  mee6Export([
    { id: ALICE, xp: 1150 },
    { id: BOB, xp: 4675 },
    { id: CAROL, xp: 40 },
  ]),
);

const importLevels = (args: string[], env: Record<string, string> = {}) =>
  runHearth(['import', 'levels', ...args], { DATA_DIR: tempDir(), ...env });

describe('hearth import levels: bad flags and files', () => {
  it('is listed under `hearth import`', async () => {
    const result = await runHearth(['import', 'levels', '--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--guild <id>', '--format <format>', '--file <path>', '--mode <mode>', '--dry-run']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it.each([
    [
      ['--guild', 'abc', '--format', 'mee6', '--file', leaderboard],
      "option '--guild <id>' argument 'abc' is invalid",
    ],
    [
      ['--guild', GUILD, '--format', 'mee7', '--file', leaderboard],
      "option '--format <format>' argument 'mee7' is invalid",
    ],
    [
      ['--guild', GUILD, '--format', 'mee6', '--file', leaderboard, '--mode', 'rank'],
      "'--mode <mode>' argument 'rank'",
    ],
    [['--guild', GUILD, '--format', 'mee6'], "required option '--file <path>' not specified"],
    [
      ['--guild', GUILD, '--format', 'csv', '--file', '/nonexistent/x.csv'],
      '--file /nonexistent/x.csv cannot be read (ENOENT)',
    ],
  ])('exits 2 naming the flag (%#)', async (args, message) => {
    const result = await importLevels(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("exits 2 with the parser's message for a bad file, before opening any database", async () => {
    const bad = writeFile('bad.csv', `user_id,xp\n${ALICE},10\n${BOB},ten\n`);
    const result = await importLevels(['--guild', GUILD, '--format', 'csv', '--file', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `hearth: --file ${bad}: line 3, column "xp": must be a number (total XP)`,
    );
  });
});

describe.skipIf(!postgresAvailable)('hearth import levels on PostgreSQL', () => {
  let url: string;
  let drop: () => Promise<void>;
  let db: Db;

  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
    db = openPostgres({ url, poolMax: 2 });
    await migrate(db);
    await addGuild(db, GUILD);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  const importRows = async () =>
    (
      await db.query<{ user_id: string; delta: number; actor_id: string | null }>(
        "SELECT user_id, delta, actor_id FROM karma_ledger WHERE source = 'import' ORDER BY user_id",
      )
    ).rows;

  it('prints the plan on a dry run and writes nothing', async () => {
    const result = await importLevels(
      ['--guild', GUILD, '--format', 'mee6', '--file', leaderboard, '--dry-run'],
      {
        DATABASE_URL: url,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`dry run: mee6 file ${leaderboard}`);
    expect(result.stdout).toMatch(/members in file\s+3/);
    expect(result.stdout).toMatch(/karma to add\s+5865/);
    expect(result.stdout).toMatch(new RegExp(`${BOB}\\s+4675\\s+10\\s+0\\s+4675\\s+4675\\s+0->10\\s+raise`));
    expect(result.stdout).toContain('nothing was written');
    expect(await importRows()).toEqual([]);
  });

  it('imports, and pays nothing when the same file is imported again', async () => {
    const first = await importLevels(['--guild', GUILD, '--format', 'mee6', '--file', leaderboard], {
      DATABASE_URL: url,
    });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('imported: 3 members credited, 5865 karma, 2 level-ups');
    expect(await importRows()).toEqual([
      { user_id: ALICE, delta: 1150, actor_id: null },
      { user_id: BOB, delta: 4675, actor_id: null },
      { user_id: CAROL, delta: 40, actor_id: null },
    ]);
    const again = await importLevels(['--guild', GUILD, '--format', 'mee6', '--file', leaderboard], {
      DATABASE_URL: url,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already imported\s+3/);
    expect(again.stdout).toContain('imported: 0 members credited, 0 karma');
    expect(await importRows()).toHaveLength(3);
  });

  it('exits 2 naming --guild for a guild Hearth does not know', async () => {
    const result = await importLevels(
      ['--guild', '500000000000000999', '--format', 'mee6', '--file', leaderboard],
      {
        DATABASE_URL: url,
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--guild 500000000000000999: guild 500000000000000999 is not known to Hearth',
    );
  });
});

describe('hearth import levels on the embedded database', () => {
  it('imports into a migrated DATA_DIR, and asks for migrations on a fresh one', async () => {
    const dataDir = tempDir();
    const args = [
      '--guild',
      GUILD,
      '--format',
      'csv',
      '--file',
      writeFile('levels.csv', `userId,xp,level\n${ALICE},1150,5\n`),
    ];
    const fresh = await importLevels(args, { DATA_DIR: dataDir });
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toContain('run `hearth migrate` first');
    const db = await openPglite(path.join(dataDir, 'pgdata'));
    await migrate(db);
    await addGuild(db, GUILD);
    await db.close();
    const result = await importLevels([...args, '--mode', 'level'], { DATA_DIR: dataDir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('imported: 1 members credited, 1150 karma, 1 level-ups');
  }, 90_000);
});
