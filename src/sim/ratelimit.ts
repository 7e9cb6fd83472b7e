import { createHash } from 'node:crypto';

export interface BucketLimit {
  limit: number;
  windowMs: number;
}

export interface RateLimitConfig {
  /** Requests per window per token across all routes (Discord: 50 per second per bot). */
  global: BucketLimit | false;
  /** Per-route buckets by name; each is counted per token and major parameter (channel, guild, webhook). */
  routes: Record<string, BucketLimit>;
  /** Bucket for routes without an entry in `routes`. */
  defaultRoute: BucketLimit;
  /** Discord's invalid request limit: 401, 403 and 429 answers counted per token; 10,000 per 10 minutes. */
  invalidRequests: BucketLimit & { ban: boolean };
  /** Discord sends Retry-After in whole seconds (rounded up); 'float' keeps milliseconds for fast tests. */
  retryAfterHeader: 'seconds' | 'float';
}

export type RateLimitOverrides = Partial<Omit<RateLimitConfig, 'routes'>> & {
  routes?: Record<string, BucketLimit>;
};

/** Discord-like defaults, documented in docs/simulator.md. */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  global: { limit: 50, windowMs: 1000 },
  routes: {
    'messages.history': { limit: 5, windowMs: 5000 },
    'messages.get': { limit: 5, windowMs: 1000 },
    'messages.create': { limit: 5, windowMs: 5000 },
    'messages.edit': { limit: 5, windowMs: 5000 },
    'messages.delete': { limit: 5, windowMs: 1000 },
    reactions: { limit: 1, windowMs: 250 },
    'members.list': { limit: 10, windowMs: 10000 },
    'members.roles': { limit: 10, windowMs: 10000 },
    'members.get': { limit: 5, windowMs: 1000 },
    'guilds.get': { limit: 5, windowMs: 1000 },
    'channels.get': { limit: 5, windowMs: 1000 },
    threads: { limit: 5, windowMs: 1000 },
    'dm.open': { limit: 5, windowMs: 1000 },
    commands: { limit: 5, windowMs: 20000 },
    webhooks: { limit: 5, windowMs: 2000 },
    'users.me': { limit: 5, windowMs: 1000 },
    oauth2: { limit: 5, windowMs: 1000 },
  },
  defaultRoute: { limit: 10, windowMs: 10000 },
  invalidRequests: { limit: 10000, windowMs: 600_000, ban: true },
  retryAfterHeader: 'seconds',
};

export function resolveRateLimits(overrides: RateLimitOverrides | undefined): RateLimitConfig {
  return {
    ...DEFAULT_RATE_LIMITS,
    ...overrides,
    routes: { ...DEFAULT_RATE_LIMITS.routes, ...overrides?.routes },
  };
}

export type RateLimitScope = 'user' | 'global' | 'shared';

export interface LimitDecision {
  ok: boolean;
  headers: Record<string, string>;
  /** Set when refused. */
  retryAfterMs?: number;
  global?: boolean;
  scope?: RateLimitScope;
}

interface Window {
  count: number;
  resetAt: number;
}

const secs = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/**
 * Fixed windows that start at a bucket's first request, as Discord's do: the headers tell a client
 * exactly when it may continue, so a well-behaved client (discord.js) waits instead of hitting 429.
 */
export class RateLimiter {
  readonly config: RateLimitConfig;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();
  readonly #invalid = new Map<string, Window>();
  readonly #hashes = new Map<string, string>();
  #limited = 0;

  constructor(config: RateLimitConfig, now: () => number = Date.now) {
    this.config = config;
    this.#now = now;
  }

  get limitedCount(): number {
    return this.#limited;
  }

  bucketHash(bucket: string): string {
    let hash = this.#hashes.get(bucket);
    if (!hash) {
      hash = createHash('md5').update(`hearth-sim:${bucket}`).digest('hex');
      this.#hashes.set(bucket, hash);
    }
    return hash;
  }

  #window(map: Map<string, Window>, key: string, windowMs: number, now: number): Window {
    let w = map.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      map.set(key, w);
      if (map.size > 50_000) this.#sweep(map, now);
    }
    return w;
  }

  #sweep(map: Map<string, Window>, now: number): void {
    for (const [key, w] of map) if (w.resetAt <= now) map.delete(key);
  }

  #retryAfter(ms: number): string {
    return this.config.retryAfterHeader === 'float' ? secs(ms) : String(Math.ceil(ms / 1000));
  }

  /** Consumes one request from the global and route buckets, or says how long to wait. */
  check(
    identity: string,
    bucket: string,
    major: string,
    options: { exemptGlobal?: boolean } = {},
  ): LimitDecision {
    const now = this.#now();
    const rule = this.config.routes[bucket] ?? this.config.defaultRoute;
    const route = this.#window(this.#windows, `${identity}\0${bucket}\0${major}`, rule.windowMs, now);
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Bucket': this.bucketHash(bucket),
    };
    const global = this.config.global && !options.exemptGlobal ? this.config.global : null;
    const globalWindow = global
      ? this.#window(this.#windows, `${identity}\0@global`, global.windowMs, now)
      : null;
    if (route.count >= rule.limit) {
      const wait = route.resetAt - now;
      this.#limited += 1;
      return {
        ok: false,
        retryAfterMs: wait,
        global: false,
        scope: 'user',
        headers: {
          ...headers,
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': secs(route.resetAt),
          'X-RateLimit-Reset-After': secs(wait),
          'X-RateLimit-Scope': 'user',
          'Retry-After': this.#retryAfter(wait),
        },
      };
    }
    if (global && globalWindow && globalWindow.count >= global.limit) {
      const wait = globalWindow.resetAt - now;
      this.#limited += 1;
      return {
        ok: false,
        retryAfterMs: wait,
        global: true,
        scope: 'global',
        headers: {
          'X-RateLimit-Global': 'true',
          'X-RateLimit-Scope': 'global',
          'Retry-After': this.#retryAfter(wait),
        },
      };
    }
    route.count += 1;
    if (globalWindow) globalWindow.count += 1;
    return {
      ok: true,
      headers: {
        ...headers,
        'X-RateLimit-Remaining': String(rule.limit - route.count),
        'X-RateLimit-Reset': secs(route.resetAt),
        'X-RateLimit-Reset-After': secs(route.resetAt - now),
      },
    };
  }

  /** Counts a 401, 403 or non-shared 429 toward the invalid request limit. */
  recordInvalid(identity: string): void {
    const rule = this.config.invalidRequests;
    const w = this.#window(this.#invalid, identity, rule.windowMs, this.#now());
    w.count += 1;
  }

  invalidCount(identity?: string): number {
    const now = this.#now();
    if (identity !== undefined) {
      const w = this.#invalid.get(identity);
      return w && w.resetAt > now ? w.count : 0;
    }
    let total = 0;
    for (const w of this.#invalid.values()) if (w.resetAt > now) total += w.count;
    return total;
  }

  /** Milliseconds left of a ban for an identity past the invalid request limit, or 0. */
  banRemaining(identity: string): number {
    const rule = this.config.invalidRequests;
    if (!rule.ban) return 0;
    const w = this.#invalid.get(identity);
    const now = this.#now();
    return w && w.resetAt > now && w.count >= rule.limit ? w.resetAt - now : 0;
  }

  reset(): void {
    this.#windows.clear();
    this.#invalid.clear();
  }
}
