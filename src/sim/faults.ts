/** A fault injected into one REST answer. */
export interface InjectedFailure {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface FaultDecision {
  delayMs: number;
  failure?: InjectedFailure;
}

export interface Storm429Options {
  /** Number of requests to refuse. */
  requests?: number;
  /** Or refuse everything for this long. */
  durationMs?: number;
  retryAfterMs?: number;
  global?: boolean;
}

export interface Burst5xxOptions {
  requests: number;
  /** One status, or a list cycled through (500, 502, 503...). */
  status?: number | number[];
}

export interface LatencyOptions {
  ms: number;
  durationMs?: number;
  requests?: number;
}

export interface FaultSummary {
  storm429: { remaining: number | null; until: number | null; global: boolean } | null;
  burst5xx: { remaining: number; statuses: number[] } | null;
  latency: { ms: number; remaining: number | null; until: number | null } | null;
  injected429: number;
  injected5xx: number;
  delayedRequests: number;
}

interface Countdown {
  remaining: number | null;
  until: number | null;
}

function live(c: Countdown, now: number): boolean {
  return (c.remaining === null || c.remaining > 0) && (c.until === null || c.until > now);
}

/** Neither bound given means "the next request only". */
function countdown(requests: number | undefined, durationMs: number | undefined, now: number): Countdown {
  if (requests === undefined && durationMs === undefined) return { remaining: 1, until: null };
  return { remaining: requests ?? null, until: durationMs !== undefined ? now + durationMs : null };
}

/** REST faults on demand: 429 storms, 5xx bursts and added latency. */
export class RestFaults {
  #storm: (Countdown & { retryAfterMs: number; global: boolean }) | null = null;
  #burst: { remaining: number; statuses: number[]; index: number } | null = null;
  #latency: (Countdown & { ms: number }) | null = null;
  #injected429 = 0;
  #injected5xx = 0;
  #delayed = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  storm429(options: Storm429Options = {}): void {
    this.#storm = {
      ...countdown(options.requests, options.durationMs, this.#now()),
      retryAfterMs: options.retryAfterMs ?? 100,
      global: options.global ?? false,
    };
  }

  burst5xx(options: Burst5xxOptions): void {
    const statuses = Array.isArray(options.status) ? options.status : [options.status ?? 500];
    this.#burst = { remaining: options.requests, statuses: statuses.length > 0 ? statuses : [500], index: 0 };
  }

  latency(options: LatencyOptions): void {
    const c = countdown(options.requests, options.durationMs, this.#now());
    // Latency without a bound stays until cleared.
    if (options.requests === undefined && options.durationMs === undefined) c.remaining = null;
    this.#latency = { ...c, ms: options.ms };
  }

  clear(): void {
    this.#storm = null;
    this.#burst = null;
    this.#latency = null;
  }

  /** Decides the fate of one REST request (control API requests never come here). */
  take(): FaultDecision {
    const now = this.#now();
    const decision: FaultDecision = { delayMs: 0 };
    if (this.#latency && live(this.#latency, now)) {
      decision.delayMs = this.#latency.ms;
      if (this.#latency.remaining !== null) this.#latency.remaining -= 1;
      this.#delayed += 1;
    }
    if (this.#burst && this.#burst.remaining > 0) {
      const status = this.#burst.statuses[this.#burst.index % this.#burst.statuses.length] ?? 500;
      this.#burst.index += 1;
      this.#burst.remaining -= 1;
      this.#injected5xx += 1;
      decision.failure = {
        status,
        headers: {},
        body: {
          message: `${status}: ${status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Internal Server Error'}`,
          code: 0,
        },
      };
      return decision;
    }
    if (this.#storm && live(this.#storm, now)) {
      const { retryAfterMs, global } = this.#storm;
      if (this.#storm.remaining !== null) this.#storm.remaining -= 1;
      this.#injected429 += 1;
      const after = (retryAfterMs / 1000).toFixed(3);
      const headers: Record<string, string> = {
        'Retry-After': after,
        'X-RateLimit-Scope': global ? 'global' : 'user',
      };
      if (global) headers['X-RateLimit-Global'] = 'true';
      else {
        headers['X-RateLimit-Limit'] = '1';
        headers['X-RateLimit-Remaining'] = '0';
        headers['X-RateLimit-Reset-After'] = after;
        headers['X-RateLimit-Reset'] = ((now + retryAfterMs) / 1000).toFixed(3);
      }
      decision.failure = {
        status: 429,
        headers,
        body: { message: 'You are being rate limited.', retry_after: retryAfterMs / 1000, global },
      };
    }
    return decision;
  }

  summary(): FaultSummary {
    const now = this.#now();
    const storm = this.#storm && live(this.#storm, now) ? this.#storm : null;
    const latency = this.#latency && live(this.#latency, now) ? this.#latency : null;
    return {
      storm429: storm ? { remaining: storm.remaining, until: storm.until, global: storm.global } : null,
      burst5xx:
        this.#burst && this.#burst.remaining > 0
          ? { remaining: this.#burst.remaining, statuses: this.#burst.statuses }
          : null,
      latency: latency ? { ms: latency.ms, remaining: latency.remaining, until: latency.until } : null,
      injected429: this.#injected429,
      injected5xx: this.#injected5xx,
      delayedRequests: this.#delayed,
    };
  }
}
