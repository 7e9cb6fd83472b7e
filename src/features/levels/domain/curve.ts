import { z } from 'zod';

/**
 * Level curves. A curve maps a level L >= 1 to the cumulative karma needed to reach it. Level 0 is
 * implicit: every member starts there with 0 karma, and `user_levels` holds the 100 levels one can
 * reach (1..100). This matches MEE6 exactly (level 1 at 100 XP), so a leaderboard migrated from MEE6
 * keeps its level numbers.
 *
 * Presets:
 * - `mee6`: going from l to l+1 costs 5l² + 50l + 100, so required(L) = Σ_{l=0}^{L-1} (5l² + 50l + 100).
 * - `linear`: required(L) = step · L.
 * - `lurkr`: Lurkr's default cumulative polynomial required(L) = 50L² − 100L + 150.
 * - `polynomial`: required(L) = round(c0 + c1·L + c2·L² + c3·L³ + c4·L⁴), guild-defined coefficients.
 */

export const MAX_LEVEL_LIMIT = 1000;
export const DEFAULT_MAX_LEVEL = 100;

const coefficientsSchema = z.array(z.number().min(0).finite()).min(2).max(5);

export const curveSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('mee6') }),
    z.object({ kind: z.literal('linear'), step: z.int().min(1).max(10_000_000).default(1000) }),
    z.object({ kind: z.literal('lurkr') }),
    z.object({ kind: z.literal('polynomial'), coefficients: coefficientsSchema }),
  ])
  .superRefine((curve, ctx) => {
    const problem = curveProblem(curve, DEFAULT_MAX_LEVEL);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['coefficients'] });
  });

export type LevelCurve = z.output<typeof curveSchema>;
export type LevelCurveInput = z.input<typeof curveSchema>;

export const DEFAULT_CURVE: LevelCurve = { kind: 'mee6' };

/** The MEE6 step cost: karma needed to go from level l to l + 1. */
export function mee6Step(level: number): number {
  return 5 * level * level + 50 * level + 100;
}

/** Closed form of Σ_{l=0}^{L-1} (5l² + 50l + 100); exact in integers since (L-1)L(2L-1) is divisible by 6. */
function mee6Required(level: number): number {
  const n = level;
  return (5 * (n - 1) * n * (2 * n - 1)) / 6 + 25 * (n - 1) * n + 100 * n;
}

function polynomial(coefficients: readonly number[], level: number): number {
  let value = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) value = value * level + (coefficients[i] ?? 0);
  return Math.round(value);
}

/** Cumulative karma needed to reach `level` (>= 1). Level 0 needs 0. */
export function requiredKarma(curve: LevelCurve, level: number): number {
  if (!Number.isInteger(level) || level < 0) throw new RangeError(`not a level: ${level}`);
  if (level === 0) return 0;
  switch (curve.kind) {
    case 'mee6':
      return mee6Required(level);
    case 'linear':
      return curve.step * level;
    case 'lurkr':
      return 50 * level * level - 100 * level + 150;
    case 'polynomial':
      return polynomial(curve.coefficients, level);
  }
}

/**
 * Why a curve cannot be used up to `maxLevel`, or null. Non-negative coefficients alone are not enough:
 * rounding can make neighbouring levels equal (c1 = 0.3 gives 0, 1, 1, 1, 2...), and level 1 must need
 * more than the 0 karma of level 0. So the actual values are checked.
 */
export function curveProblem(curve: LevelCurve, maxLevel: number): string | null {
  // Checked before the walk: a request's maxLevel of a billion must not cost a billion steps.
  if (!Number.isInteger(maxLevel) || maxLevel < 1 || maxLevel > MAX_LEVEL_LIMIT) {
    return `maxLevel must be a whole number from 1 to ${MAX_LEVEL_LIMIT}`;
  }
  let previous = 0;
  for (let level = 1; level <= maxLevel; level++) {
    const value = requiredKarma(curve, level);
    if (!Number.isSafeInteger(value)) return `level ${level} needs more karma than can be counted exactly`;
    if (value <= previous) {
      return level === 1
        ? 'level 1 must need more than 0 karma'
        : `level ${level} must need more karma than level ${level - 1} (${value} <= ${previous})`;
    }
    previous = value;
  }
  return null;
}

export function parseCurve(input: unknown): LevelCurve {
  return curveSchema.parse(input);
}
