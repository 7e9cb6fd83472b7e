/**
 * Argument checks shared by both adapters, so that a bad argument fails the same way (a RangeError,
 * before anything is written) whether the store is memory or Redis.
 */

/** Redis's wording, so callers and tests can match one message on both adapters. */
export const WRONGTYPE_MESSAGE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const NOT_INTEGER_MESSAGE = 'ERR value is not an integer or out of range';
export const NAN_SCORE_MESSAGE = 'ERR resulting score is not a number (NaN)';

/** A TTL for set/incr/hit: positive and finite; fractions round up so a window is never shortened. */
export function positiveTtl(ttlMs: number, name = 'ttlMs'): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`${name} must be a positive finite number of milliseconds, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}

/** A TTL for expire: any finite number, as PEXPIRE takes (<= 0 deletes). */
export function expireTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs)) throw new RangeError(`ttlMs must be a finite number, got ${ttlMs}`);
  return Math.ceil(ttlMs);
}

export function integer(value: number, name: string): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
  return value;
}

export function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
  return value;
}

/** Scores and score bounds: any number including +/-Infinity, never NaN. */
export function score(value: number, name = 'score'): number {
  if (Number.isNaN(value)) throw new RangeError(`${name} must be a number or +/-Infinity, got NaN`);
  return value;
}
