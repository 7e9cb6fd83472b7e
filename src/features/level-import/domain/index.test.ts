import { describe, expect, it } from 'vitest';
import { levelTable } from '../../levels/domain/index.ts';
import {
  compareIds,
  decodeText,
  type ImportFormat,
  type ImportRow,
  MAX_IMPORT_BYTES,
  type PlanInput,
  POLARIS_DEFAULT_CURVE,
  parseImport,
  parseText,
  planImport,
  polarisLevels,
  polarisRequired,
} from './index.ts';

const A = '100000000000000001';
const B = '100000000000000002';
const C = '100000000000000003';

const bytes = (text: string) => new TextEncoder().encode(text);

function rows(format: ImportFormat, input: unknown): ImportRow[] {
  const result = parseText(format, typeof input === 'string' ? input : JSON.stringify(input));
  if (!result.ok) throw new Error(`expected rows, got ${result.problem.message}`);
  return result.value;
}

function problem(format: ImportFormat, input: unknown) {
  const result = parseText(format, typeof input === 'string' ? input : JSON.stringify(input));
  if (result.ok) throw new Error('expected a problem');
  return result.problem;
}

const player = (id: string, xp: number, extra: Record<string, unknown> = {}) => ({
  id,
  username: `user${id.slice(-2)}`,
  discriminator: '0',
  avatar: null,
  xp,
  level: 3,
  message_count: 40,
  detailed_xp: [10, 255, xp],
  ...extra,
});

describe('MEE6 leaderboard exports', () => {
  it('reads an API page: id, xp, level and message count, ignoring the other fields', () => {
    const page = { admin: false, page: 0, guild: { id: '1' }, players: [player(A, 900), player(B, 120)] };
    expect(rows('mee6', page)).toEqual([
      { userId: A, xp: 900, level: 3, messages: 40, at: 'players[0]' },
      { userId: B, xp: 120, level: 3, messages: 40, at: 'players[1]' },
    ]);
  });

  it('reads a bare array of players', () => {
    expect(rows('mee6', [player(A, 5)]).map((r) => [r.userId, r.at])).toEqual([[A, '[0]']]);
  });

  it('reads pages saved one after another, naming places by page', () => {
    const pages = [{ players: [player(A, 9)] }, { players: [player(B, 8), player(C, 7)] }];
    expect(rows('mee6', pages).map((r) => r.at)).toEqual([
      '[0].players[0]',
      '[1].players[0]',
      '[1].players[1]',
    ]);
  });

  it('accepts players without the optional fields, and digit strings for numbers', () => {
    expect(rows('mee6', { players: [{ id: A, xp: '1200' }] })).toEqual([
      { userId: A, xp: 1200, at: 'players[0]' },
    ]);
  });

  it.each([
    [
      '{"players": [{"id": 100000000000000001, "xp": 1}]}',
      'bad_user_id',
      'players[0].id',
      /string of digits/,
    ],
    [{ players: [player(A, 1, { id: 'abc' })] }, 'bad_user_id', 'players[0].id', /15 to 20 digits/],
    [{ players: [player(A, 1, { id: '12345' })] }, 'bad_user_id', 'players[0].id', /15 to 20 digits/],
    [{ players: [player(A, 1, { id: '99999999999999999999' })] }, 'bad_user_id', 'players[0].id', /larger/],
    [{ players: [player(A, 1), player(B, -5)] }, 'bad_xp', 'players[1].xp', /must not be negative/],
    [{ players: [player(A, 12.5)] }, 'bad_xp', 'players[0].xp', /whole number/],
    [{ players: [{ id: A }] }, 'bad_xp', 'players[0].xp', /is missing/],
    [{ players: [player(A, 1, { xp: 'lots' })] }, 'bad_xp', 'players[0].xp', /must be a number/],
    [{ players: [player(A, 3_000_000_000)] }, 'bad_xp', 'players[0].xp', /at most 2,147,483,647/],
    [{ players: [player(A, 1, { level: -1 })] }, 'bad_level', 'players[0].level', /negative/],
    [
      { players: [player(A, 1, { message_count: 1.5 })] },
      'bad_messages',
      'players[0].message_count',
      /whole/,
    ],
    [{ players: [player(A, 1, { detailed_xp: [1, 2] })] }, 'bad_xp', 'players[0].detailed_xp', /three/],
  ])('refuses a bad field, naming it (%#)', (input, code, at, message) => {
    const found = problem('mee6', input);
    expect(found).toMatchObject({ code, at });
    expect(found.message.startsWith(`${at}: `)).toBe(true);
    expect(found.message).toMatch(message);
  });

  it('refuses a member listed twice, naming both places', () => {
    expect(problem('mee6', { players: [player(A, 1), player(B, 1), player(A, 2)] })).toMatchObject({
      code: 'duplicate_user',
      message: `players[2]: user ${A} already appears at players[0]`,
    });
    expect(problem('mee6', [{ players: [player(A, 1)] }, { players: [player(A, 1)] }]).message).toBe(
      `[1].players[0]: user ${A} already appears at [0].players[0]`,
    );
  });

  it.each([
    [{ players: [] }, 'empty_file', 'file'],
    [[], 'empty_file', 'file'],
    [{ users: [] }, 'bad_shape', 'file'],
    ['"just text"', 'bad_shape', 'file'],
    [{ players: {} }, 'bad_shape', 'players'],
    [{ players: [player(A, 1), 'x'] }, 'bad_shape', 'players[1]'],
    [[{ players: [] }, 7], 'bad_shape', '[1]'],
    [[{ players: [] }, { page: 1 }], 'bad_shape', '[1].players'],
  ])('refuses files of the wrong shape (%#)', (input, code, at) => {
    expect(problem('mee6', input)).toMatchObject({ code, at });
  });

  it('names the line and column of a JSON syntax error', () => {
    const text = '{\n  "players": [\n    {"id": x}\n  ]\n}';
    expect(problem('mee6', text)).toMatchObject({
      code: 'bad_json',
      at: 'line 3, column 12',
      message: "line 3, column 12: not valid JSON (Unexpected token 'x')",
    });
    expect(problem('mee6', '{"players": [1, 2,]}')).toMatchObject({ at: 'line 1, column 19' });
    expect(problem('mee6', '{"players": []} trailing')).toMatchObject({ at: 'line 1, column 17' });
    expect(problem('mee6', '{"players": [')).toMatchObject({ code: 'bad_json', at: 'line 1, column 14' });
  });
});

describe('Polaris exports', () => {
  it('derives levels from Polaris’s default curve when the export has no settings', () => {
    // Polaris: required(L) = x³ + 50x² + 100x rounded to 100: 200, 400, 800, ...
    expect([1, 2, 3].map((l) => polarisRequired(POLARIS_DEFAULT_CURVE, l))).toEqual([200, 400, 800]);
    const found = rows('polaris', {
      users: { [A]: { xp: 399, cooldown: 0 }, [B]: { xp: 400, hidden: true } },
    });
    expect(found).toEqual([
      { userId: A, xp: 399, level: 1, at: `users["${A}"]` },
      { userId: B, xp: 400, level: 2, at: `users["${B}"]` },
    ]);
  });

  it("uses the export's own curve, rounding and level cap", () => {
    const settings = { curve: { 1: 100 }, rounding: 1, maxLevel: 3 };
    const found = rows('polaris', {
      settings,
      users: { [A]: { xp: 250 }, [B]: { xp: 99_999 }, [C]: { xp: 0 } },
    });
    expect(found.map((r) => r.level)).toEqual([2, 3, 0]);
  });

  it('matches Polaris’s own level loop for any XP', () => {
    const curve = {
      terms: [
        [3, 1.5],
        [2, 20],
        [1, 7],
        [0, 3],
      ] as const,
      rounding: 50,
      maxLevel: 40,
    };
    const loop = (xp: number) => {
      // Polaris's getLevel, transcribed.
      let level = 0;
      let required = 0;
      while (xp >= required && level <= curve.maxLevel) {
        level++;
        required = polarisRequired(curve, Math.min(level, curve.maxLevel));
      }
      return level - 1;
    };
    const levelOf = polarisLevels(curve);
    for (let xp = 0; xp < 120_000; xp += 37) expect(levelOf(xp)).toBe(loop(xp));
  });

  it.each([
    [{ [A]: { xp: 5 } }, A, '["100000000000000001"]'],
    [{ xp: { [A]: { xp: 5 } } }, A, 'xp["100000000000000001"]'],
    [[{ id: A, xp: 5 }], A, '[0]'],
    [{ users: [{ user_id: A, xp: 5 }] }, A, 'users[0]'],
    [{ users: { [A]: 5 } }, A, 'users["100000000000000001"]'],
  ])('reads the shapes people have (%#)', (input, userId, at) => {
    expect(rows('polaris', input)).toEqual([{ userId, xp: 5, level: 0, at }]);
  });

  it.each([
    [{ users: { abc: { xp: 1 } } }, 'bad_user_id', 'users["abc"]'],
    [{ users: { [A]: { xp: -1 } } }, 'bad_xp', `users["${A}"].xp`],
    [{ users: { [A]: { cooldown: 3 } } }, 'bad_xp', `users["${A}"].xp`],
    [{ users: { [A]: 2.5 } }, 'bad_xp', `users["${A}"]`],
    [{ users: { [A]: true } }, 'bad_shape', `users["${A}"]`],
    [
      {
        users: [
          { id: A, xp: 1 },
          { id: A, xp: 2 },
        ],
      },
      'duplicate_user',
      'users[1]',
    ],
    [{ users: [5] }, 'bad_shape', 'users[0]'],
    [{ users: 'none' }, 'bad_shape', 'users'],
    [{ settings: {} }, 'bad_shape', 'users'],
    [{ users: {} }, 'empty_file', 'file'],
    [{ settings: { rounding: 0 }, users: { [A]: { xp: 1 } } }, 'bad_settings', 'settings.rounding'],
    [{ settings: { curve: { 3: -1 } }, users: { [A]: { xp: 1 } } }, 'bad_settings', 'settings.curve.3'],
    [{ settings: { curve: { 9: 1 } }, users: { [A]: { xp: 1 } } }, 'bad_settings', 'settings.curve.9'],
    [{ settings: 'x', users: { [A]: { xp: 1 } } }, 'bad_settings', 'settings'],
    [7, 'bad_shape', 'file'],
  ])('refuses bad values and shapes, naming the place (%#)', (input, code, at) => {
    expect(problem('polaris', input)).toMatchObject({ code, at });
  });
});

describe('file bytes', () => {
  it('refuses empty, oversized, UTF-16 and non-UTF-8 files', () => {
    expect(decodeText(new Uint8Array())).toMatchObject({ ok: false, problem: { code: 'empty_file' } });
    expect(decodeText(bytes('  \n '))).toMatchObject({ ok: false, problem: { code: 'empty_file' } });
    expect(decodeText(new Uint8Array(MAX_IMPORT_BYTES + 1))).toMatchObject({
      ok: false,
      problem: { code: 'too_large', at: 'file' },
    });
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0]))).toMatchObject({
      ok: false,
      problem: { code: 'not_utf8', message: expect.stringMatching(/UTF-16/) },
    });
    expect(decodeText(new Uint8Array([0x41, 0xc3, 0x28]))).toMatchObject({
      ok: false,
      problem: { code: 'not_utf8' },
    });
  });

  it('parses through the format chosen', () => {
    expect(parseImport('mee6', bytes(JSON.stringify({ players: [player(A, 5)] })))).toMatchObject({
      ok: true,
    });
    expect(parseImport('polaris', bytes('{"users": {}}'))).toMatchObject({ ok: false });
  });
});

describe('import plans', () => {
  const mee6 = levelTable({ kind: 'mee6' });
  const linear = levelTable({ kind: 'linear', step: 1000 });
  const row = (userId: string, xp: number, level?: number): ImportRow => ({
    userId,
    xp,
    ...(level === undefined ? {} : { level }),
    at: `line ${userId.slice(-1)}`,
  });
  const plan = (input: Partial<PlanInput> & Pick<PlanInput, 'rows'>) => {
    const result = planImport({ table: mee6, mode: 'xp', current: new Map(), ...input });
    if (!result.ok) throw new Error(result.problem.message);
    return result.value;
  };

  it('credits XP as karma, only up to the imported amount, never taking any away', () => {
    const result = plan({
      rows: [row(A, 1150), row(B, 500), row(C, 300)],
      current: new Map([
        [B, 200],
        [C, 900],
      ]),
    });
    expect(result.rows).toEqual([
      {
        userId: A,
        importedXp: 1150,
        importedLevel: null,
        currentKarma: 0,
        importedKarma: 1150,
        delta: 1150,
        newTotal: 1150,
        oldLevel: 0,
        newLevel: 5,
        status: 'raise',
      },
      expect.objectContaining({
        userId: B,
        currentKarma: 200,
        delta: 300,
        newTotal: 500,
        oldLevel: 1,
        newLevel: 3,
      }),
      expect.objectContaining({ userId: C, currentKarma: 900, delta: 0, newTotal: 900, status: 'keep' }),
    ]);
    expect(result.summary).toEqual({
      usersInFile: 3,
      usersChanged: 2,
      usersKept: 1,
      alreadyImported: 0,
      karmaAdded: 1450,
      levelChanges: 2,
      levelsCapped: 0,
    });
  });

  it("keeps members' levels in level mode, whatever the guild's curve", () => {
    const onMee6 = plan({ rows: [row(A, 1, 5)], mode: 'level' });
    expect(onMee6.rows[0]).toMatchObject({ importedKarma: 1150, newLevel: 5 });
    const onLinear = plan({ rows: [row(A, 1, 5), row(B, 99, 0)], mode: 'level', table: linear });
    expect(onLinear.rows.map((r) => [r.userId, r.importedKarma, r.newLevel, r.status])).toEqual([
      [A, 5000, 5, 'raise'],
      [B, 0, 0, 'keep'],
    ]);
  });

  it('credits the highest level to members above it, and counts them', () => {
    const result = plan({ rows: [row(A, 1, 150)], mode: 'level' });
    expect(result.rows[0]).toMatchObject({ importedLevel: 150, newLevel: 100, importedKarma: 1_899_250 });
    expect(result.summary.levelsCapped).toBe(1);
  });

  it('refuses level mode for rows without a level, naming the row', () => {
    const result = planImport({
      rows: [row(A, 5, 1), row(B, 5)],
      table: mee6,
      mode: 'level',
      current: new Map(),
    });
    expect(result).toMatchObject({
      ok: false,
      problem: {
        code: 'level_missing',
        at: 'line 2',
        message: 'line 2: has no level; import with mode "xp" or add a "level" column',
      },
    });
    const json = planImport({
      rows: [{ userId: A, xp: 1, at: 'players[0]' }],
      table: mee6,
      mode: 'level',
      current: new Map(),
    });
    expect(json).toMatchObject({
      ok: false,
      problem: { message: 'players[0]: has no level; import with mode "xp"' },
    });
  });

  it('refuses a level whose karma does not fit one ledger row', () => {
    const steep = levelTable({ kind: 'linear', step: 10_000_000 }, { maxLevel: 1000 });
    const result = planImport({ rows: [row(A, 1, 900)], table: steep, mode: 'level', current: new Map() });
    expect(result).toMatchObject({ ok: false, problem: { code: 'karma_too_large', at: 'line 1' } });
  });

  it('pays nothing more to members this file already credited', () => {
    const result = plan({
      rows: [row(A, 500), row(B, 500)],
      alreadyImported: new Set([A]),
      current: new Map([[A, 100]]),
    });
    expect(result.rows.map((r) => [r.userId, r.delta, r.status])).toEqual([
      [A, 0, 'already_imported'],
      [B, 500, 'raise'],
    ]);
    expect(result.summary).toMatchObject({ usersChanged: 1, alreadyImported: 1, karmaAdded: 500 });
  });

  it('orders the plan by imported karma, then by user id numerically', () => {
    const short = '99999999999999999';
    const result = plan({ rows: [row(B, 5), row(A, 5), row(short, 5), row(C, 9)] });
    expect(result.rows.map((r) => r.userId)).toEqual([C, short, A, B]);
    expect(compareIds(short, A)).toBeLessThan(0);
    expect(compareIds(A, A)).toBe(0);
  });
});
