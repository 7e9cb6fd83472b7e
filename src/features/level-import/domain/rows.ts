import { z } from 'zod';

/**
 * What every level-import parser produces and how it refuses a file. Pure: no I/O, no SDK. A refusal
 * names the place in the file (`players[3].xp`, `line 4, column "xp"`) so an admin can fix the one
 * row instead of guessing.
 */

/** One member's standing in the other bot. */
export interface ImportRow {
  userId: string;
  /** Total XP (the other bot's cumulative experience). */
  xp: number;
  /** The level the other bot showed, when the file has it (or it can be derived, as for Polaris). */
  level?: number;
  /** Messages counted by the other bot, when the file has them (shown, not imported). */
  messages?: number;
  /** Where the row is in the file, for messages: `players[3]`, `users["123"]`, `line 4`. */
  at: string;
}

export const IMPORT_PROBLEMS = [
  'empty_file',
  'too_large',
  'not_utf8',
  'bad_json',
  'bad_shape',
  'bad_user_id',
  'bad_xp',
  'bad_level',
  'bad_messages',
  'bad_settings',
  'duplicate_user',
  'missing_column',
  'bad_csv',
  'too_many_rows',
  'level_missing',
  'karma_too_large',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEMS)[number];

export interface ImportProblem {
  code: ImportProblemCode;
  /** The place in the file: a JSON path or `line N` (with the column for CSV); `file` for the whole. */
  at: string;
  /** A sentence that starts with the place, ready for an HTTP 400 or a CLI's stderr. */
  message: string;
}

/** 32 MiB: a MEE6 export of 100,000 players is about 25 MB of JSON. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 1_000_000;
/** The ledger stores one import row per member as a 32-bit integer. */
export const MAX_IMPORT_KARMA = 2_147_483_647;
export const MAX_IMPORT_LEVEL = 1_000_000;

/** Thrown inside the parsers and turned into a result at their public edge. */
export class ImportProblemError extends Error {
  readonly problem: ImportProblem;
  constructor(code: ImportProblemCode, at: string, detail: string) {
    const message = at === 'file' ? detail : `${at}: ${detail}`;
    super(message);
    this.name = 'ImportProblemError';
    this.problem = { code, at, message };
  }
}

export function fail(code: ImportProblemCode, at: string, detail: string): never {
  throw new ImportProblemError(code, at, detail);
}

/** PostgreSQL's bigint bound: a larger "id" could not be stored, so it cannot be a Discord id. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

const userIdSchema = z
  .string({ error: 'must be a Discord user id as a string of digits (JSON numbers cannot hold one exactly)' })
  .trim()
  .regex(/^[1-9][0-9]{14,19}$/, { error: 'must be a Discord user id (15 to 20 digits)' })
  .refine((id) => !/^\d+$/.test(id) || BigInt(id) <= MAX_BIGINT, {
    error: 'is larger than any Discord user id',
  });

/** Whole numbers, also written as digit strings (CSV cells, some hand-edited JSON). */
function count(max: number, what: string) {
  return z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: `must be a number (${what})` })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must not be negative' })
      .max(max, { error: `must be at most ${max.toLocaleString('en-US')}` }),
  );
}

const xpSchema = count(MAX_IMPORT_KARMA, 'total XP');
const levelSchema = count(MAX_IMPORT_LEVEL, 'the level');
const messagesSchema = count(MAX_IMPORT_KARMA, 'messages counted');

function check<T>(schema: z.ZodType<T>, value: unknown, at: string, code: ImportProblemCode): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = value === undefined ? 'is missing' : (result.error.issues[0]?.message ?? 'is invalid');
  return fail(code, at, detail);
}

/** `at` is the row's place; field places are `at.field` (JSON) unless `fieldAt` says otherwise. */
export interface RowFields {
  at: string;
  id: unknown;
  xp: unknown;
  level?: unknown;
  messages?: unknown;
  fieldAt?: (field: string) => string;
}

export function readRow(fields: RowFields): ImportRow {
  const place = fields.fieldAt ?? ((field: string) => `${fields.at}.${field}`);
  const row: ImportRow = {
    userId: check(userIdSchema, fields.id, place('id'), 'bad_user_id'),
    xp: check(xpSchema, fields.xp, place('xp'), 'bad_xp'),
    at: fields.at,
  };
  if (fields.level !== undefined && fields.level !== null && fields.level !== '') {
    row.level = check(levelSchema, fields.level, place('level'), 'bad_level');
  }
  if (fields.messages !== undefined && fields.messages !== null && fields.messages !== '') {
    row.messages = check(messagesSchema, fields.messages, place('messages'), 'bad_messages');
  }
  return row;
}

/** Collects rows, refusing a member twice (two rows would make the file's meaning ambiguous). */
export class RowCollector {
  readonly rows: ImportRow[] = [];
  readonly #seen = new Map<string, string>();

  add(row: ImportRow): void {
    const first = this.#seen.get(row.userId);
    if (first !== undefined) {
      fail('duplicate_user', row.at, `user ${row.userId} already appears at ${first}`);
    }
    if (this.rows.length >= MAX_IMPORT_ROWS) {
      fail(
        'too_many_rows',
        row.at,
        `a file may hold at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} members`,
      );
    }
    this.#seen.set(row.userId, row.at);
    this.rows.push(row);
  }

  done(): ImportRow[] {
    if (this.rows.length === 0) fail('empty_file', 'file', 'the file holds no members');
    return this.rows;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
