import { z } from 'zod';
import { fail, type ImportRow, isRecord, kindOf, RowCollector, readRow } from './rows.ts';

/**
 * MEE6 and Polaris exports. Both are read liberally (the shapes people actually have: one API page,
 * pages saved one after another, a bare list) but every value that is used is validated.
 */

const detailedXpSchema = z.tuple([z.int().min(0), z.int().min(0), z.int().min(0)]);

/**
 * MEE6's public leaderboard API (`/api/plugins/levels/leaderboard/{guild}`): `{players: [{id,
 * username, xp, level, message_count, detailed_xp: [into level, level span, total]}...]}`. Also a
 * bare array of players, or an array of pages as a script that walks `?page=` would save them.
 */
export function parseMee6(value: unknown): ImportRow[] {
  const rows = new RowCollector();
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    if (isRecord(first) && 'players' in first) {
      for (const [p, page] of value.entries()) {
        if (!isRecord(page)) fail('bad_shape', `[${p}]`, `must be a leaderboard page, got ${kindOf(page)}`);
        if (!Array.isArray(page.players)) {
          fail('bad_shape', `[${p}].players`, `must be an array of players, got ${kindOf(page.players)}`);
        }
        addPlayers(rows, page.players, `[${p}].players`);
      }
    } else {
      addPlayers(rows, value, '');
    }
  } else if (isRecord(value) && 'players' in value) {
    if (!Array.isArray(value.players)) {
      fail('bad_shape', 'players', `must be an array of players, got ${kindOf(value.players)}`);
    }
    addPlayers(rows, value.players, 'players');
  } else {
    fail(
      'bad_shape',
      'file',
      `not a MEE6 leaderboard: expected an object with "players", an array of players or an array of pages, got ${kindOf(value)}`,
    );
  }
  return rows.done();
}

function addPlayers(rows: RowCollector, players: readonly unknown[], path: string): void {
  for (const [i, player] of players.entries()) {
    const at = `${path}[${i}]`;
    if (!isRecord(player)) fail('bad_shape', at, `must be a player object, got ${kindOf(player)}`);
    const row = readRow({
      at,
      id: player.id,
      xp: player.xp,
      level: player.level,
      messages: player.message_count,
      fieldAt: (field) => `${at}.${field === 'messages' ? 'message_count' : field}`,
    });
    // Not used (xp is the total), but a malformed one means the file is not what it claims to be.
    if (player.detailed_xp !== undefined && !detailedXpSchema.safeParse(player.detailed_xp).success) {
      fail('bad_xp', `${at}.detailed_xp`, 'must be three whole numbers [into level, level span, total]');
    }
    rows.add(row);
  }
}

/**
 * Polaris's level curve: required(L) = Σ curve[n]·Lⁿ, rounded to `rounding`, levels capped at
 * `maxLevel`. Its defaults (x³ + 50x² + 100x, rounding 100, 1000 levels) apply when the export has
 * no settings.
 */
export interface PolarisCurve {
  terms: readonly (readonly [power: number, coefficient: number])[];
  rounding: number;
  maxLevel: number;
}

export const POLARIS_DEFAULT_CURVE: PolarisCurve = {
  terms: [
    [3, 1],
    [2, 50],
    [1, 100],
  ],
  rounding: 100,
  maxLevel: 1000,
};

const polarisSettingsSchema = z.object({
  curve: z
    .record(
      z.string().regex(/^[0-4]$/, { error: 'curve powers are 0 to 4' }),
      z.number().min(0).max(1_000_000),
    )
    .optional(),
  rounding: z.int().min(1).max(1000).optional(),
  maxLevel: z.int().min(1).max(1000).optional(),
});

function polarisCurve(settings: unknown): PolarisCurve {
  if (settings === undefined) return POLARIS_DEFAULT_CURVE;
  const parsed = polarisSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['settings', ...(issue?.path ?? []).map(String)].join('.');
    return fail('bad_settings', path, issue?.message ?? 'is invalid');
  }
  const { curve, rounding, maxLevel } = parsed.data;
  return {
    terms: curve
      ? Object.entries(curve).map(([power, coefficient]) => [Number(power), coefficient] as const)
      : POLARIS_DEFAULT_CURVE.terms,
    rounding: rounding ?? POLARIS_DEFAULT_CURVE.rounding,
    maxLevel: maxLevel ?? POLARIS_DEFAULT_CURVE.maxLevel,
  };
}

export function polarisRequired(curve: PolarisCurve, level: number): number {
  const raw = curve.terms.reduce((sum, [power, coefficient]) => sum + coefficient * level ** power, 0);
  return curve.rounding > 1 ? curve.rounding * Math.round(raw / curve.rounding) : Math.round(raw);
}

/** Polaris's level for an XP total: the highest level whose requirement the XP meets, up to maxLevel. */
export function polarisLevels(curve: PolarisCurve): (xp: number) => number {
  const required = Array.from({ length: curve.maxLevel }, (_, i) => polarisRequired(curve, i + 1));
  return (xp) => {
    let low = 0;
    let high = required.length - 1;
    let level = 0;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if ((required[mid] ?? Number.POSITIVE_INFINITY) <= xp) {
        level = mid + 1;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return level;
  };
}

/**
 * Polaris's "export XP" JSON: `{settings, users: {<id>: {xp, cooldown?, hidden?}}}`. Also the users
 * map alone, `xp` instead of `users` (Polaris's own importer accepts both), or an array of `{id, xp}`.
 * Polaris files carry no levels: they are derived from the export's own curve.
 */
export function parsePolaris(value: unknown): ImportRow[] {
  const rows = new RowCollector();
  let users: unknown = value;
  let path = '';
  let settings: unknown;
  if (isRecord(value)) {
    settings = value.settings;
    if ('users' in value) {
      users = value.users;
      path = 'users';
    } else if (isRecord(value.xp)) {
      users = value.xp;
      path = 'xp';
    } else if ('settings' in value) {
      fail('bad_shape', 'users', 'is missing: a Polaris export has "users" beside "settings"');
    }
  }
  const levelOf = polarisLevels(polarisCurve(settings));
  if (Array.isArray(users)) {
    for (const [i, entry] of users.entries()) {
      const at = `${path}[${i}]`;
      if (!isRecord(entry)) fail('bad_shape', at, `must be an object with id and xp, got ${kindOf(entry)}`);
      rows.add(readRow({ at, id: entry.id ?? entry.user_id ?? entry.userId, xp: entry.xp }));
    }
  } else if (isRecord(users)) {
    for (const [id, entry] of Object.entries(users)) {
      const at = `${path}[${JSON.stringify(id)}]`;
      if (!isRecord(entry) && typeof entry !== 'number' && typeof entry !== 'string') {
        fail('bad_shape', at, `must be an object with xp, got ${kindOf(entry)}`);
      }
      const xp = isRecord(entry) ? entry.xp : entry;
      rows.add(
        readRow({
          at,
          id,
          xp,
          fieldAt: (field) => (field === 'id' ? at : isRecord(entry) ? `${at}.xp` : at),
        }),
      );
    }
  } else {
    fail(
      'bad_shape',
      path || 'file',
      `not a Polaris export: expected {"users": {<user id>: {"xp": …}}} or an array of {id, xp}, got ${kindOf(users)}`,
    );
  }
  return rows.done().map((row) => ({ ...row, level: levelOf(row.xp) }));
}
