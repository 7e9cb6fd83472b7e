import { describe, expect, it } from 'vitest';
import { randomInt, seededRng } from './rng.ts';

describe('randomInt', () => {
  it('maps the lowest draw to min and the highest draw to max', () => {
    expect(randomInt(15, 25, () => 0)).toBe(15);
    expect(randomInt(15, 25, () => 0.999_999_999)).toBe(25);
  });

  it('stays inside the range when the rng misbehaves', () => {
    expect(randomInt(15, 25, () => 1)).toBe(25);
    expect(randomInt(15, 25, () => -0.5)).toBe(15);
    expect(randomInt(15, 25, () => Number.NaN)).toBe(15);
  });

  it('returns the only value of a one-value range', () => {
    expect(randomInt(7, 7, () => 0.5)).toBe(7);
  });

  it('reaches every value of the range with roughly equal frequency', () => {
    const rng = seededRng(42);
    const counts = new Map<number, number>();
    for (let i = 0; i < 11_000; i++) {
      const value = randomInt(15, 25, rng);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
  });

  it('refuses an inverted or fractional range', () => {
    expect(() => randomInt(5, 4, () => 0)).toThrow(RangeError);
    expect(() => randomInt(1.5, 4, () => 0)).toThrow(RangeError);
  });
});

describe('seededRng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = seededRng(7);
    const b = seededRng(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('draws numbers in [0, 1)', () => {
    const rng = seededRng(1);
    for (let i = 0; i < 1000; i++) {
      const x = rng();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
