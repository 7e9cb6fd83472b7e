/**
 * HotStore: the hot-data port (presence, leaderboards, cooldowns, spam windows, rate limits).
 *
 * Nothing here is durable: PostgreSQL is the system of record and every structure can be rebuilt
 * from it. Both adapters (memory, Redis) follow Redis semantics, including the corner cases, so that
 * code tested on the zero-setup store behaves the same in production:
 * - values are strings; a key holds either a string or a sorted set, and using it as the other
 *   kind rejects with a `WRONGTYPE` error;
 * - a sorted set whose last member is removed no longer exists (its TTL goes with it);
 * - equal scores are ordered by member, comparing UTF-8 bytes (Unicode code point order);
 *   descending order is the exact reverse of ascending order, ties included;
 * - TTLs are whole milliseconds (fractions round up). `set`, `incr` and `hit` reject a TTL that is
 *   not a positive finite number with a `RangeError`; `expire` with a TTL <= 0 deletes the key,
 *   as PEXPIRE does.
 */

export type HotStoreKind = 'memory' | 'redis';

/** `asc`: lowest score first (rank 0 = lowest). `desc`: highest first, as in a leaderboard. */
export type SortOrder = 'asc' | 'desc';

export interface ScoredMember {
  readonly member: string;
  readonly score: number;
}

export interface SetOptions {
  /** Expire the key after this many milliseconds. Without it the key never expires (any old TTL is cleared). */
  readonly ttlMs?: number;
  /** Only set when the key does not exist (SET NX): the cooldown primitive. */
  readonly onlyIfAbsent?: boolean;
}

export interface RangeByScoreOptions {
  /** Members to skip (in the requested order) before collecting. Default 0. */
  readonly offset?: number;
  /** Maximum number of members to return. Default: all. */
  readonly limit?: number;
  /** Default `asc`. With `desc`, members come highest score first, still limited to [min, max]. */
  readonly order?: SortOrder;
}

export interface HitResult {
  /** Whether this hit is within the limit. Denied hits still count. */
  readonly allowed: boolean;
  /** Hits in the current window, this one included. */
  readonly count: number;
  /** Hits still allowed in the current window. */
  readonly remaining: number;
  /** Milliseconds until the window (and the count) resets. */
  readonly resetInMs: number;
}

/** The rate limit a `ztouch` counts against, as `hit` does. */
export interface TouchLimit {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

export interface TouchResult {
  /** Whether the member was in the set. An absent member is never added, and no hit is counted. */
  readonly present: boolean;
  /** The hit counted on the limit; null without a limit or when the member was absent. */
  readonly hit: HitResult | null;
  /** Members with `countMin <= score <= +inf` once the touch is applied. */
  readonly count: number;
}

export interface HotStore {
  readonly kind: HotStoreKind;

  /** The string at `key`, or null when absent or expired. */
  get(key: string): Promise<string | null>;
  /** Returns whether the value was written (false only when `onlyIfAbsent` found the key). */
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  /** Returns the number of keys that existed and were removed. */
  del(...keys: readonly string[]): Promise<number>;
  /** Returns whether the key existed. A TTL <= 0 deletes the key. */
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Remaining milliseconds, or null when the key is absent or has no expiry. */
  ttl(key: string): Promise<number | null>;
  /**
   * Adds the integer `by` (default 1) and returns the new value; a missing key counts from 0.
   * `ttlMs` applies only when this call creates the key, so a window is never extended.
   */
  incr(key: string, by?: number, ttlMs?: number): Promise<number>;

  /** Adds or updates members; returns how many members are new. Scores may be +/-Infinity, never NaN. */
  zadd(key: string, entries: readonly ScoredMember[]): Promise<number>;
  /** Adds `by` to the member's score (from 0 when absent) and returns the new score. */
  zincrby(key: string, member: string, by: number): Promise<number>;
  zscore(key: string, member: string): Promise<number | null>;
  /** Returns how many of the members existed and were removed. */
  zrem(key: string, ...members: readonly string[]): Promise<number>;
  zcard(key: string): Promise<number>;
  /** 0-based rank in the given order (default `asc`), or null when the member is absent. */
  zrank(key: string, member: string, order?: SortOrder): Promise<number | null>;
  /** Members from rank `start` to `stop` inclusive; negative ranks count from the end (-1 = last). */
  zrange(key: string, start: number, stop: number, order?: SortOrder): Promise<ScoredMember[]>;
  /** Members with min <= score <= max. */
  zrangeByScore(
    key: string,
    min: number,
    max: number,
    options?: RangeByScoreOptions,
  ): Promise<ScoredMember[]>;
  /** How many members have min <= score <= max: e.g. viewers seen since `now - ttl`. */
  zcount(key: string, min: number, max: number): Promise<number>;
  /** Removes members with min <= score <= max and returns how many were removed. */
  zremRangeByScore(key: string, min: number, max: number): Promise<number>;

  /**
   * A heartbeat in one atomic step (one round trip on Redis): when `member` is in the sorted set,
   * counts a hit on `limit` (if given) and, unless that hit is over the limit, sets the member's
   * score to `score` (ZADD XX: an absent member is never added back); then counts the members
   * scored from `countMin` to +inf. Nothing is written for an absent member, so unknown members
   * cost no key.
   */
  ztouch(
    key: string,
    member: string,
    score: number,
    countMin: number,
    limit?: TouchLimit,
  ): Promise<TouchResult>;

  /**
   * Fixed-window rate limit: counts a hit in the window that the first hit opened (`windowMs` long)
   * and says whether it is within `limit`. Atomic: concurrent hits never over-admit.
   */
  hit(key: string, limit: number, windowMs: number): Promise<HitResult>;

  /** Round-trip latency in milliseconds; rejects when the store is unreachable or closed. */
  ping(): Promise<number>;
  /** Releases connections and timers. Idempotent; later calls reject. */
  close(): Promise<void>;
}
