import { type LevelTable, levelForKarma, rowForLevel } from '../../levels/domain/index.ts';
import { parseJsonText } from './json-text.ts';
import { parseCsv } from './parse-csv.ts';
import { parseMee6, parsePolaris } from './parse-json.ts';
import {
  type ImportProblem,
  ImportProblemError,
  type ImportRow,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_KARMA,
} from './rows.ts';

/**
 * Levels from another bot (MEE6, Polaris, a CSV) as Hearth karma. Pure: parse a file into rows,
 * then plan what each member would be credited given the guild's level table and their current
 * karma. An import only ever raises a member to the imported amount: it never takes karma away,
 * and members already above it keep what they have.
 */

export { POLARIS_DEFAULT_CURVE, polarisLevels, polarisRequired } from './parse-json.ts';
export {
  IMPORT_PROBLEMS,
  type ImportProblem,
  type ImportProblemCode,
  type ImportRow,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_KARMA,
  MAX_IMPORT_ROWS,
} from './rows.ts';

export const IMPORT_FORMATS = ['mee6', 'polaris', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * `xp`: karma = the member's XP. `level`: karma = what Hearth's curve needs for the level they had,
 * so members keep their level number even when the guild's curve differs from the other bot's.
 */
export const IMPORT_MODES = ['xp', 'level'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export type Result<T> = { ok: true; value: T } | { ok: false; problem: ImportProblem };

function attempt<T>(run: () => T): Result<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (error instanceof ImportProblemError) return { ok: false, problem: error.problem };
    throw error;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text; a UTF-8 byte order mark is dropped, UTF-16 is refused with a way out. */
export function decodeText(bytes: Uint8Array): Result<string> {
  return attempt(() => {
    if (bytes.length === 0) throw new ImportProblemError('empty_file', 'file', 'the file is empty');
    if (bytes.length > MAX_IMPORT_BYTES) {
      throw new ImportProblemError(
        'too_large',
        'file',
        `the file is ${bytes.length.toLocaleString('en-US')} bytes; at most ${MAX_IMPORT_BYTES.toLocaleString('en-US')} are accepted`,
      );
    }
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      throw new ImportProblemError('not_utf8', 'file', 'the file is UTF-16; save it as UTF-8');
    }
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      throw new ImportProblemError('not_utf8', 'file', 'the file is not UTF-8 text');
    }
    if (text.trim() === '') throw new ImportProblemError('empty_file', 'file', 'the file is empty');
    return text;
  });
}

export function parseText(format: ImportFormat, text: string): Result<ImportRow[]> {
  return attempt(() => {
    switch (format) {
      case 'mee6':
        return parseMee6(parseJsonText(text));
      case 'polaris':
        return parsePolaris(parseJsonText(text));
      case 'csv':
        return parseCsv(text);
    }
  });
}

/** Bytes of an uploaded or read file to rows, or the first problem with its place in the file. */
export function parseImport(format: ImportFormat, bytes: Uint8Array): Result<ImportRow[]> {
  const text = decodeText(bytes);
  return text.ok ? parseText(format, text.value) : text;
}

export const PLAN_STATUSES = ['raise', 'keep', 'already_imported'] as const;
/** `raise`: credited the difference; `keep`: already at or above it; `already_imported`: this file paid them. */
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface PlanRow {
  userId: string;
  importedXp: number;
  importedLevel: number | null;
  currentKarma: number;
  /** The karma the import brings the member up to. */
  importedKarma: number;
  delta: number;
  newTotal: number;
  oldLevel: number;
  newLevel: number;
  status: PlanStatus;
}

export interface PlanSummary {
  usersInFile: number;
  usersChanged: number;
  usersKept: number;
  alreadyImported: number;
  karmaAdded: number;
  /** Members whose level goes up. */
  levelChanges: number;
  /** `level` mode: members whose level is above the guild's highest, credited the highest. */
  levelsCapped: number;
}

export interface ImportPlan {
  /** Ordered by imported karma, highest first (the other bot's leaderboard order), then user id. */
  rows: PlanRow[];
  summary: PlanSummary;
}

export interface PlanInput {
  rows: readonly ImportRow[];
  table: LevelTable;
  mode: ImportMode;
  /** Current karma per user id; members not in it have none. */
  current: ReadonlyMap<string, number>;
  /** Members this very file already credited (their ledger row exists): nothing more for them. */
  alreadyImported?: ReadonlySet<string>;
}

/** The karma a row stands for in this guild (throws the problem when it cannot be computed). */
function targetOf(row: ImportRow, table: LevelTable, mode: ImportMode): { karma: number; capped: boolean } {
  if (mode === 'xp') return { karma: row.xp, capped: false };
  if (row.level === undefined) {
    throw new ImportProblemError(
      'level_missing',
      row.at,
      `has no level; import with mode "xp"${row.at.startsWith('line') ? ' or add a "level" column' : ''}`,
    );
  }
  const capped = row.level > table.length;
  const karma = rowForLevel(table, Math.min(row.level, table.length)).requiredKarma;
  if (karma > MAX_IMPORT_KARMA) {
    throw new ImportProblemError(
      'karma_too_large',
      row.at,
      `level ${row.level} needs ${karma.toLocaleString('en-US')} karma on this guild's curve, more than one import can credit (${MAX_IMPORT_KARMA.toLocaleString('en-US')})`,
    );
  }
  return { karma, capped };
}

export function planImport(input: PlanInput): Result<ImportPlan> {
  return attempt(() => {
    const summary: PlanSummary = {
      usersInFile: input.rows.length,
      usersChanged: 0,
      usersKept: 0,
      alreadyImported: 0,
      karmaAdded: 0,
      levelChanges: 0,
      levelsCapped: 0,
    };
    const rows = input.rows.map((row): PlanRow => {
      const target = targetOf(row, input.table, input.mode);
      if (target.capped) summary.levelsCapped += 1;
      const currentKarma = input.current.get(row.userId) ?? 0;
      const done = input.alreadyImported?.has(row.userId) === true;
      const delta = done ? 0 : Math.max(0, target.karma - currentKarma);
      const oldLevel = levelForKarma(input.table, currentKarma);
      const newLevel = levelForKarma(input.table, currentKarma + delta);
      const status: PlanStatus = done ? 'already_imported' : delta > 0 ? 'raise' : 'keep';
      if (status === 'raise') summary.usersChanged += 1;
      else if (status === 'keep') summary.usersKept += 1;
      else summary.alreadyImported += 1;
      summary.karmaAdded += delta;
      if (newLevel > oldLevel) summary.levelChanges += 1;
      return {
        userId: row.userId,
        importedXp: row.xp,
        importedLevel: row.level ?? null,
        currentKarma,
        importedKarma: target.karma,
        delta,
        newTotal: currentKarma + delta,
        oldLevel,
        newLevel,
        status,
      };
    });
    rows.sort((a, b) => b.importedKarma - a.importedKarma || compareIds(a.userId, b.userId));
    return { rows, summary };
  });
}

/** Snowflakes in numeric order without BigInt: shorter is smaller, then digit by digit. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
