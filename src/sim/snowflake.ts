/** Discord's epoch (2015-01-01T00:00:00.000Z): every snowflake counts milliseconds from it. */
export const DISCORD_EPOCH = 1_420_070_400_000;

const PROCESS_SHIFT = 12n;
const WORKER_SHIFT = 17n;
const TIMESTAMP_SHIFT = 22n;
const MAX_INCREMENT = 4095;
/** Worker+process+increment give 17 bits of room per millisecond for ids minted in the past. */
const PAST_SEQUENCE_SPACE = 1 << 17;

export function snowflakeFromParts(
  timestampMs: number,
  worker: number,
  proc: number,
  increment: number,
): string {
  const ms = BigInt(Math.max(0, Math.floor(timestampMs) - DISCORD_EPOCH));
  const id =
    (ms << TIMESTAMP_SHIFT) |
    (BigInt(worker & 31) << WORKER_SHIFT) |
    (BigInt(proc & 31) << PROCESS_SHIFT) |
    BigInt(increment & MAX_INCREMENT);
  return id.toString();
}

/** Milliseconds since the Unix epoch encoded in a snowflake. */
export function timestampOf(id: string): number {
  return Number(BigInt(id) >> TIMESTAMP_SHIFT) + DISCORD_EPOCH;
}

/** The smallest snowflake at a given time: what Discord accepts as a `before`/`after` anchor for a date. */
export function snowflakeAt(timestampMs: number): string {
  return snowflakeFromParts(timestampMs, 0, 0, 0);
}

export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,20}$/.test(value) && BigInt(value) < 1n << 64n;
}

/**
 * Snowflakes compare as numbers, but as strings they compare by length first and then
 * lexicographically: this keeps sorting and binary search on 250k messages free of BigInt work.
 */
export function compareSnowflakes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Discord's timestamp format (microseconds and an explicit offset), which Date.parse accepts. */
export function isoFromSnowflake(id: string): string {
  return isoTimestamp(timestampOf(id));
}

export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

/**
 * Mints ids. `next()` is strictly increasing for live traffic (it borrows the next millisecond when
 * 4096 ids were minted in one); `at(ms)` mints ids for history at any past time on a separate worker
 * id so that they never collide with live ids.
 */
export class SnowflakeFactory {
  #lastMs = 0;
  #increment = 0;
  #pastCounter = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  next(): string {
    const now = this.#now();
    if (now > this.#lastMs) {
      this.#lastMs = now;
      this.#increment = 0;
    } else if (this.#increment >= MAX_INCREMENT) {
      this.#lastMs += 1;
      this.#increment = 0;
    } else {
      this.#increment += 1;
    }
    return snowflakeFromParts(this.#lastMs, 0, 0, this.#increment);
  }

  /**
   * An id for a past (or future) moment. A rolling 17-bit counter fills worker, process and increment,
   * so two ids of the same millisecond differ unless 131,072 ids are minted between them.
   */
  at(timestampMs: number): string {
    const seq = this.#pastCounter;
    this.#pastCounter = (this.#pastCounter + 1) % PAST_SEQUENCE_SPACE;
    return snowflakeFromParts(timestampMs, 1, seq >> 12, seq & MAX_INCREMENT);
  }
}
