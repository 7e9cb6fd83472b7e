import type {
  HitResult,
  HotStore,
  RangeByScoreOptions,
  ScoredMember,
  SetOptions,
  SortOrder,
  TouchLimit,
  TouchResult,
} from './port.ts';
import { SortedSet } from './sorted-set.ts';
import {
  expireTtl,
  integer,
  NAN_SCORE_MESSAGE,
  NOT_INTEGER_MESSAGE,
  nonNegativeInteger,
  positiveTtl,
  score,
  WRONGTYPE_MESSAGE,
} from './validate.ts';

export interface MemoryHotStoreOptions {
  /** Clock in epoch milliseconds; tests inject a fake one to cross TTLs instantly. */
  readonly now?: () => number;
  /** How often dead keys are swept without being read. Default 15 s; 0 disables the timer. */
  readonly sweepIntervalMs?: number;
}

export interface MemoryHotStore extends HotStore {
  readonly kind: 'memory';
  /** Keys held, including expired ones not yet swept. */
  readonly size: number;
  /** Drops every expired key now; returns how many were dropped. */
  sweep(): number;
}

interface Entry {
  value: string | SortedSet;
  /** Epoch ms; the key is alive while now <= expiresAt, as in Redis. */
  expiresAt: number | null;
}

const DEFAULT_SWEEP_INTERVAL_MS = 15_000;
/** Redis's INCRBY accepts only canonical integers: no sign on 0, no leading zeros, no spaces. */
const INTEGER_PATTERN = /^(?:0|-?[1-9][0-9]*)$/;

function parseInteger(value: string): number {
  const parsed = INTEGER_PATTERN.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) throw new Error(NOT_INTEGER_MESSAGE);
  return parsed;
}

function addIntegers(current: number, by: number): number {
  const next = current + by;
  if (!Number.isSafeInteger(next)) throw new Error('ERR increment or decrement would overflow');
  return next;
}

/**
 * In-process HotStore for single-process deployments and tests. Every operation runs synchronously
 * inside its promise, so each is atomic, as the Redis commands and scripts are. Expired keys vanish
 * on access, and a periodic unref'd sweep drops the ones nobody reads again (O(keys) per sweep).
 */
class MemoryStore implements MemoryHotStore {
  readonly kind = 'memory' as const;
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: MemoryHotStoreOptions) {
    this.#now = options.now ?? (() => Date.now());
    const interval = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    if (interval > 0) {
      this.#timer = setInterval(() => this.sweep(), interval);
      this.#timer.unref();
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  sweep(): number {
    const now = this.#now();
    let dropped = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt !== null && now > entry.expiresAt) {
        this.#entries.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  async get(key: string): Promise<string | null> {
    return this.#string(key)?.value ?? null;
  }

  async set(key: string, value: string, options: SetOptions = {}): Promise<boolean> {
    this.#open();
    const ttl = options.ttlMs === undefined ? undefined : positiveTtl(options.ttlMs);
    if (options.onlyIfAbsent && this.#live(key)) return false;
    this.#entries.set(key, { value, expiresAt: ttl === undefined ? null : this.#now() + ttl });
    return true;
  }

  async del(...keys: readonly string[]): Promise<number> {
    this.#open();
    let removed = 0;
    for (const key of keys) {
      if (this.#live(key)) {
        this.#entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    this.#open();
    const ttl = expireTtl(ttlMs);
    const entry = this.#live(key);
    if (!entry) return false;
    if (ttl <= 0) this.#entries.delete(key);
    else entry.expiresAt = this.#now() + ttl;
    return true;
  }

  async ttl(key: string): Promise<number | null> {
    this.#open();
    const entry = this.#live(key);
    if (!entry || entry.expiresAt === null) return null;
    return entry.expiresAt - this.#now();
  }

  async incr(key: string, by = 1, ttlMs?: number): Promise<number> {
    this.#open();
    integer(by, 'by');
    const ttl = ttlMs === undefined ? undefined : positiveTtl(ttlMs);
    const entry = this.#string(key);
    if (entry) {
      const next = addIntegers(parseInteger(entry.value), by);
      entry.value = String(next);
      return next;
    }
    this.#entries.set(key, { value: String(by), expiresAt: ttl === undefined ? null : this.#now() + ttl });
    return by;
  }

  async zadd(key: string, entries: readonly ScoredMember[]): Promise<number> {
    this.#open();
    for (const entry of entries) score(entry.score);
    if (entries.length === 0) return 0;
    const set = this.#zsetForWrite(key);
    let added = 0;
    for (const entry of entries) if (set.set(entry.member, entry.score)) added++;
    return added;
  }

  async zincrby(key: string, member: string, by: number): Promise<number> {
    this.#open();
    score(by, 'by');
    const current = this.#zset(key)?.score(member) ?? 0;
    const next = current + by;
    if (Number.isNaN(next)) throw new Error(NAN_SCORE_MESSAGE);
    this.#zsetForWrite(key).set(member, next);
    return next;
  }

  async zscore(key: string, member: string): Promise<number | null> {
    return this.#zset(key)?.score(member) ?? null;
  }

  async zrem(key: string, ...members: readonly string[]): Promise<number> {
    this.#open();
    if (members.length === 0) return 0;
    const set = this.#zset(key);
    if (!set) return 0;
    let removed = 0;
    for (const member of members) if (set.delete(member)) removed++;
    this.#dropIfEmpty(key, set);
    return removed;
  }

  async zcard(key: string): Promise<number> {
    return this.#zset(key)?.size ?? 0;
  }

  async zrank(key: string, member: string, order: SortOrder = 'asc'): Promise<number | null> {
    const set = this.#zset(key);
    const rank = set?.rank(member) ?? null;
    if (set === undefined || rank === null) return null;
    return order === 'asc' ? rank : set.size - 1 - rank;
  }

  async zrange(key: string, start: number, stop: number, order: SortOrder = 'asc'): Promise<ScoredMember[]> {
    this.#open();
    integer(start, 'start');
    integer(stop, 'stop');
    const set = this.#zset(key);
    if (!set) return [];
    // Redis's normalisation: negatives count from the end, then clamp to the set.
    const n = set.size;
    const from = Math.max(start < 0 ? n + start : start, 0);
    const to = Math.min(stop < 0 ? n + stop : stop, n - 1);
    if (from > to || from >= n) return [];
    if (order === 'asc') return set.slice(from, to + 1);
    return set.slice(n - 1 - to, n - from).reverse();
  }

  async zrangeByScore(
    key: string,
    min: number,
    max: number,
    options: RangeByScoreOptions = {},
  ): Promise<ScoredMember[]> {
    this.#open();
    score(min, 'min');
    score(max, 'max');
    const offset = nonNegativeInteger(options.offset ?? 0, 'offset');
    const limit = options.limit === undefined ? Infinity : nonNegativeInteger(options.limit, 'limit');
    const set = this.#zset(key);
    if (!set) return [];
    const lo = set.lowerBound(min);
    const hi = set.upperBound(max);
    const available = Math.max(hi - lo - offset, 0);
    const count = Math.min(available, limit);
    if (count === 0) return [];
    if ((options.order ?? 'asc') === 'asc') return set.slice(lo + offset, lo + offset + count);
    return set.slice(hi - offset - count, hi - offset).reverse();
  }

  async zcount(key: string, min: number, max: number): Promise<number> {
    this.#open();
    score(min, 'min');
    score(max, 'max');
    const set = this.#zset(key);
    return set ? Math.max(set.upperBound(max) - set.lowerBound(min), 0) : 0;
  }

  async zremRangeByScore(key: string, min: number, max: number): Promise<number> {
    this.#open();
    score(min, 'min');
    score(max, 'max');
    const set = this.#zset(key);
    if (!set) return 0;
    const removed = set.deleteRange(set.lowerBound(min), set.upperBound(max));
    this.#dropIfEmpty(key, set);
    return removed;
  }

  async ztouch(
    key: string,
    member: string,
    value: number,
    countMin: number,
    limit?: TouchLimit,
  ): Promise<TouchResult> {
    this.#open();
    score(value);
    score(countMin, 'countMin');
    if (limit) {
      nonNegativeInteger(limit.limit, 'limit');
      positiveTtl(limit.windowMs, 'windowMs');
    }
    const set = this.#zset(key);
    const present = set?.score(member) !== undefined;
    let hit: HitResult | null = null;
    if (set && present) {
      if (limit) hit = this.#hit(limit.key, limit.limit, limit.windowMs);
      if (hit === null || hit.allowed) set.set(member, value);
    }
    const count = set ? Math.max(set.upperBound(Infinity) - set.lowerBound(countMin), 0) : 0;
    return { present, hit, count };
  }

  async hit(key: string, limit: number, windowMs: number): Promise<HitResult> {
    this.#open();
    return this.#hit(key, limit, windowMs);
  }

  /** Synchronous, so that ztouch's hit and write happen in one step as the Redis script's do. */
  #hit(key: string, limit: number, windowMs: number): HitResult {
    nonNegativeInteger(limit, 'limit');
    const window = positiveTtl(windowMs, 'windowMs');
    const now = this.#now();
    const entry = this.#string(key);
    let count = 1;
    let expiresAt = now + window;
    if (entry) {
      count = addIntegers(parseInteger(entry.value), 1);
      entry.value = String(count);
      // A counter left without expiry (written by plain set/incr) would block forever: give it a window.
      entry.expiresAt ??= expiresAt;
      expiresAt = entry.expiresAt;
    } else {
      this.#entries.set(key, { value: '1', expiresAt });
    }
    return {
      allowed: count <= limit,
      count,
      remaining: Math.max(limit - count, 0),
      resetInMs: expiresAt - now,
    };
  }

  async ping(): Promise<number> {
    const started = performance.now();
    this.#open();
    return performance.now() - started;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#entries.clear();
  }

  #open(): void {
    if (this.#closed) throw new Error('HotStore is closed');
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry?.expiresAt != null && this.#now() > entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #string(key: string): { value: string; expiresAt: number | null } | undefined {
    this.#open();
    const entry = this.#live(key);
    if (!entry) return undefined;
    if (typeof entry.value !== 'string') throw new Error(WRONGTYPE_MESSAGE);
    return entry as { value: string; expiresAt: number | null };
  }

  #zset(key: string): SortedSet | undefined {
    this.#open();
    const entry = this.#live(key);
    if (!entry) return undefined;
    if (typeof entry.value === 'string') throw new Error(WRONGTYPE_MESSAGE);
    return entry.value;
  }

  #zsetForWrite(key: string): SortedSet {
    const existing = this.#zset(key);
    if (existing) return existing;
    const created = new SortedSet();
    this.#entries.set(key, { value: created, expiresAt: null });
    return created;
  }

  /** Redis deletes a sorted set with its last member, TTL included. */
  #dropIfEmpty(key: string, set: SortedSet): void {
    if (set.size === 0) this.#entries.delete(key);
  }
}

export function createMemoryHotStore(options: MemoryHotStoreOptions = {}): MemoryHotStore {
  return new MemoryStore(options);
}
