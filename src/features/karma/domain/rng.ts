/** A source of uniform numbers in [0, 1). Rules take one instead of calling Math.random(). */
export type Rng = () => number;

/**
 * A uniform integer in [min, max]. The draw is clamped so that a misbehaving rng (returning 1, a
 * negative number or NaN) still yields a value inside the range rather than min - 1 or max + 1.
 */
export function randomInt(min: number, max: number, rng: Rng): number {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
    throw new RangeError(`randomInt needs integers min <= max, got ${min}..${max}`);
  }
  const draw = rng();
  const unit = Number.isFinite(draw) ? Math.min(Math.max(draw, 0), 1 - Number.EPSILON) : 0;
  return min + Math.floor(unit * (max - min + 1));
}

/**
 * mulberry32: a small deterministic generator for tests, the simulator and replays. Not for secrets.
 */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
