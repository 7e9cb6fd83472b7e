import { describe, expect, it } from 'vitest';
import { curveProblem, curveSchema, type LevelCurve, mee6Step, parseCurve, requiredKarma } from './curve.ts';

const MEE6: LevelCurve = { kind: 'mee6' };
const LURKR: LevelCurve = { kind: 'lurkr' };

describe('MEE6 curve', () => {
  it('matches the published MEE6 totals', () => {
    expect(requiredKarma(MEE6, 1)).toBe(100);
    expect(requiredKarma(MEE6, 2)).toBe(255);
    expect(requiredKarma(MEE6, 10)).toBe(4675);
    expect(requiredKarma(MEE6, 50)).toBe(268_375);
    expect(requiredKarma(MEE6, 100)).toBe(1_899_250);
  });

  it('equals the running sum of 5l² + 50l + 100 at every level up to 1000', () => {
    let sum = 0;
    for (let level = 1; level <= 1000; level++) {
      sum += mee6Step(level - 1);
      expect(requiredKarma(MEE6, level)).toBe(sum);
    }
  });

  it('needs nothing for level 0', () => {
    expect(requiredKarma(MEE6, 0)).toBe(0);
  });
});

describe('linear curve', () => {
  it('needs step karma per level', () => {
    const curve = parseCurve({ kind: 'linear', step: 500 });
    expect([1, 10, 100].map((l) => requiredKarma(curve, l))).toEqual([500, 5000, 50_000]);
  });

  it('defaults its step to 1000', () => {
    expect(parseCurve({ kind: 'linear' })).toEqual({ kind: 'linear', step: 1000 });
  });
});

describe('Lurkr curve', () => {
  it('follows 50L² − 100L + 150', () => {
    expect([1, 2, 10, 50, 100].map((l) => requiredKarma(LURKR, l))).toEqual([
      100, 150, 4150, 120_150, 490_150,
    ]);
  });
});

describe('custom polynomial curve', () => {
  it('evaluates c0 + c1·L + c2·L² ... and rounds to whole karma', () => {
    const curve = parseCurve({ kind: 'polynomial', coefficients: [10, 100, 2.5] });
    expect(requiredKarma(curve, 1)).toBe(113); // 112.5 rounds up
    expect(requiredKarma(curve, 10)).toBe(1260);
  });

  it.each([
    ['a negative coefficient', [-5, 100]],
    ['a single coefficient', [100]],
    ['six coefficients', [1, 1, 1, 1, 1, 1]],
    ['a constant curve', [100, 0, 0]],
    ['an all-zero curve', [0, 0]],
    ['a curve whose rounding repeats a value', [0, 0.3]],
    ['a curve that overflows exact integers', [0, 0, 0, 0, 1e12]],
    ['an infinite coefficient', [0, Number.POSITIVE_INFINITY]],
  ])('rejects %s', (_label, coefficients) => {
    expect(curveSchema.safeParse({ kind: 'polynomial', coefficients }).success).toBe(false);
  });

  it('accepts a slow but strictly increasing curve', () => {
    expect(curveSchema.safeParse({ kind: 'polynomial', coefficients: [0, 1] }).success).toBe(true);
  });
});

describe('curveProblem', () => {
  it('explains why level 1 cannot be free', () => {
    expect(curveProblem({ kind: 'polynomial', coefficients: [0, 0.4] }, 10)).toBe(
      'level 1 must need more than 0 karma',
    );
  });

  it('names the first level that does not increase', () => {
    expect(curveProblem({ kind: 'polynomial', coefficients: [0, 0.6] }, 10)).toMatch(/^level 2 /);
  });

  it('finds every preset valid up to level 1000', () => {
    for (const curve of [MEE6, LURKR, parseCurve({ kind: 'linear' })])
      expect(curveProblem(curve, 1000)).toBeNull();
  });
});

describe('requiredKarma', () => {
  it('refuses negative or fractional levels', () => {
    expect(() => requiredKarma(MEE6, -1)).toThrow(RangeError);
    expect(() => requiredKarma(MEE6, 1.5)).toThrow(RangeError);
  });

  it('rejects an unknown curve kind', () => {
    expect(curveSchema.safeParse({ kind: 'exponential' }).success).toBe(false);
  });
});
