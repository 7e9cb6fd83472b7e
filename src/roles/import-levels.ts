import { readFileSync, statSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  IMPORT_FORMATS,
  IMPORT_MODES,
  type ImportFormat,
  type ImportMode,
  MAX_IMPORT_BYTES,
  parseImport,
} from '../features/level-import/domain/index.ts';
import { DEFAULT_PREVIEW, type LevelImportReport } from '../features/level-import/service.ts';
import type { Config } from '../platform/config.ts';
import { openDatabase } from '../platform/db/index.ts';
import { migrationStatus } from '../platform/db/migrate.ts';
import { ServiceError } from '../platform/errors.ts';
import { createHotStore, type HotStore } from '../platform/hot/index.ts';
import { createLogger } from '../platform/logger.ts';
import { createRewards } from './rewards.ts';

/**
 * `hearth import levels`: the API's import from a shell on the server, for files too big to upload
 * comfortably or before the dashboard is set up. It opens the database like the other one-shot
 * commands (the embedded one only when no other Hearth holds it) and writes through the same service.
 */

export interface LevelsCommandDeps {
  /** The validated configuration (the caller reports configuration errors). */
  config: () => Config;
  /** The embedded database serves one process: the roles' DATA_DIR lock, released by the function returned. */
  lockDataDir: (dataDir: string) => () => void;
  out?: (line: string) => void;
}

interface LevelsOptions {
  guild: string;
  format: ImportFormat;
  file: string;
  mode: ImportMode;
  dryRun?: boolean;
  preview: number;
}

/** Exit code 2, one line on stderr naming the flag: main exits with the CommanderError's code. */
function usage(message: string): never {
  process.stderr.write(`hearth: ${message}\n`);
  throw new CommanderError(2, 'hearth.usage', message);
}

function guildId(value: string): string {
  if (!/^\d{5,20}$/.test(value)) throw new InvalidArgumentError('must be a Discord id (5 to 20 digits).');
  return value;
}

function previewCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) {
    throw new InvalidArgumentError('must be a whole number from 0 to 100000.');
  }
  return n;
}

function readImportFile(path: string): Uint8Array {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) usage(`--file ${path} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof CommanderError) throw error;
    return usage(`--file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (size > MAX_IMPORT_BYTES) {
    usage(`--file ${path} is ${size} bytes; at most ${MAX_IMPORT_BYTES} are accepted`);
  }
  return readFileSync(path);
}

export function levelsImportCommand(deps: LevelsCommandDeps): Command {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  return new Command('levels')
    .description("import members' levels from MEE6, Polaris or a CSV as karma (never lowers anyone)")
    .requiredOption('--guild <id>', 'the guild to import into', guildId)
    .addOption(
      new Option('--format <format>', 'what wrote the file').choices(IMPORT_FORMATS).makeOptionMandatory(),
    )
    .requiredOption('--file <path>', 'the export: MEE6 leaderboard JSON, Polaris export JSON, or CSV')
    .addOption(
      new Option('--mode <mode>', "xp: karma = XP; level: the karma this guild's curve needs for the level")
        .choices(IMPORT_MODES)
        .default('xp'),
    )
    .option('--dry-run', 'show what would change and write nothing')
    .option('--preview <n>', 'plan rows to print', previewCount, DEFAULT_PREVIEW)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .action(async (options: LevelsOptions) => {
      const bytes = readImportFile(options.file);
      // A bad file is refused before the database is opened (the service checks it again).
      const parsed = parseImport(options.format, bytes);
      if (!parsed.ok) usage(`--file ${options.file}: ${parsed.problem.message}`);
      let report: LevelImportReport;
      try {
        report = await runImport(deps, options, bytes);
      } catch (error) {
        if (error instanceof ServiceError) {
          usage(
            error.kind === 'not_found'
              ? `--guild ${options.guild}: ${error.message}`
              : `--file ${options.file}: ${error.message}`,
          );
        }
        // Usage errors (a locked DATA_DIR, missing migrations) are the caller's to report; anything
        // else failed while running: exit code 1, like `hearth migrate`.
        if (error instanceof CommanderError || (error instanceof Error && error.name === 'UsageError'))
          throw error;
        process.stderr.write(`hearth: import failed: ${(error as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      for (const line of reportLines(report, options.file)) out(line);
    });
}

async function runImport(deps: LevelsCommandDeps, options: LevelsOptions, bytes: Uint8Array) {
  const config = deps.config();
  const logger = createLogger(config).child({ role: 'import' });
  const unlock = config.DATABASE_URL === undefined ? deps.lockDataDir(config.DATA_DIR) : () => {};
  let hot: HotStore | undefined;
  try {
    const db = await openDatabase(config, logger, 'hearth-import');
    try {
      const status = await migrationStatus(db);
      if (status.pending.length > 0) {
        usage(
          `the database is missing migrations ${status.pending.map((m) => m.file).join(', ')}; run \`hearth migrate\` first`,
        );
      }
      // Only Redis is shared: without it the leaderboard cache is a memory of each running process,
      // which this one cannot reach (the API route updates its own; see docs/operations.md).
      if (config.REDIS_URL) hot = await createHotStore({ redisUrl: config.REDIS_URL, keyPrefix: 'hearth:' });
      const { levelImport } = createRewards({ db, hot, logger });
      const progress = process.stderr.isTTY
        ? (p: { members: number; of: number }) =>
            process.stderr.write(`\rimporting ${p.members}/${p.of} members`)
        : undefined;
      const report = await levelImport.run({
        guildId: options.guild,
        format: options.format,
        mode: options.mode,
        bytes,
        dryRun: options.dryRun === true,
        actorId: null,
        preview: options.preview,
        ...(progress ? { onProgress: progress } : {}),
      });
      if (progress && report.applied && report.applied.transactions > 0) process.stderr.write('\n');
      return report;
    } finally {
      await hot?.close().catch(() => {});
      await db.close();
    }
  } finally {
    unlock();
  }
}

const COLUMNS = [
  ['user id', 20],
  ['xp', 11],
  ['level', 6],
  ['current', 11],
  ['+karma', 11],
  ['new total', 11],
  ['level now', 10],
  ['status', 0],
] as const;

function tableLine(cells: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const width = COLUMNS[i]?.[1] ?? 0;
      return i === 0 || i === cells.length - 1 ? cell.padEnd(width) : cell.padStart(width);
    })
    .join('  ')
    .trimEnd();
}

/** The report as a summary and a table of the first plan rows. */
export function reportLines(report: LevelImportReport, file: string): string[] {
  const s = report.summary;
  const lines = [
    `${report.dryRun ? 'dry run: ' : ''}${report.format} file ${file} (hash ${report.fileHash}) into guild ${report.guildId}, mode ${report.mode}`,
    `members in file       ${s.usersInFile}`,
    `to raise              ${s.usersChanged}`,
    `already at or above   ${s.usersKept}`,
    `already imported      ${s.alreadyImported}`,
    `karma to add          ${s.karmaAdded}`,
    `level-ups             ${s.levelChanges}`,
  ];
  if (s.levelsCapped > 0)
    lines.push(`levels capped         ${s.levelsCapped} (above this guild's highest level)`);
  if (report.rows.length > 0) {
    lines.push('', tableLine(COLUMNS.map(([name]) => name)));
    for (const row of report.rows) {
      lines.push(
        tableLine([
          row.userId,
          String(row.importedXp),
          row.importedLevel === null ? '-' : String(row.importedLevel),
          String(row.currentKarma),
          String(row.delta),
          String(row.newTotal),
          `${row.oldLevel}->${row.newLevel}`,
          row.status,
        ]),
      );
    }
    if (report.rows.length < s.usersInFile) lines.push(`... ${s.usersInFile - report.rows.length} more`);
  }
  lines.push('');
  const applied = report.applied;
  lines.push(
    applied
      ? `imported: ${applied.users} members credited, ${applied.karma} karma, ${applied.levelUps} level-ups (${applied.transactions} transactions)`
      : 'dry run: nothing was written; run again without --dry-run to import',
  );
  return lines;
}
