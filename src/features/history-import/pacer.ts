/**
 * Hands out the token's global request budget (Discord: 50 a second) among channel readers, the one
 * with the most work left first.
 *
 * Why not leave it to @discordjs/rest alone: it shares the global budget first come, first served,
 * so fifty channels get a fiftieth each and the biggest channel, whose own bucket (5 pages per 5 s)
 * decides when the import can end, misses its windows. Readers ask here only once their own bucket
 * is ready (from the response headers), so a slot given is a request sent at once; @discordjs/rest
 * still applies its limits after us, and nothing else the worker sends goes through this queue.
 */

export interface PacerOptions {
  /** Requests allowed in any `windowMs` (the token's global limit). */
  limit: number;
  /** The window, with a margin over Discord's second for the trip to Discord. */
  windowMs: number;
  now?: () => number;
}

interface Waiter {
  priority: () => number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class RequestPacer {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  /** When the slots of the last `limit` grants were given, oldest first. */
  readonly #granted: number[] = [];
  readonly #waiting = new Set<Waiter>();
  #timer: NodeJS.Timeout | null = null;

  constructor(options: PacerOptions) {
    if (!(options.limit >= 1)) throw new RangeError('limit must be at least 1');
    this.#limit = Math.floor(options.limit);
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? (() => performance.now());
  }

  /** How many readers are waiting for a slot. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /**
   * Resolves when the caller may send one request. `priority` is read when a slot frees, so it can
   * follow the caller's progress; the highest goes first, ties in arrival order.
   */
  acquire(priority: () => number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#waiting.delete(waiter);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiting.add(waiter);
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#waiting.size > 0) {
      const now = this.#now();
      while (this.#granted.length > 0 && (this.#granted[0] ?? 0) <= now - this.#windowMs)
        this.#granted.shift();
      if (this.#granted.length >= this.#limit) {
        this.#schedule((this.#granted[0] ?? now) + this.#windowMs - now);
        return;
      }
      const next = this.#best();
      if (!next) return;
      this.#waiting.delete(next);
      next.signal?.removeEventListener('abort', next.onAbort);
      this.#granted.push(now);
      next.resolve();
    }
  }

  #best(): Waiter | undefined {
    let best: Waiter | undefined;
    let bestPriority = Number.NEGATIVE_INFINITY;
    for (const waiter of this.#waiting) {
      const priority = waiter.priority();
      if (best === undefined || priority > bestPriority) {
        best = waiter;
        bestPriority = priority;
      }
    }
    return best;
  }

  #schedule(delayMs: number): void {
    if (this.#timer) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#pump();
      },
      Math.max(1, Math.ceil(delayMs)),
    );
  }
}

const pacers = new WeakMap<object, RequestPacer>();

/** One pacer per REST client: imports running side by side in one worker share its budget. */
export function pacerFor(client: object, options: PacerOptions): RequestPacer {
  let pacer = pacers.get(client);
  if (!pacer) {
    pacer = new RequestPacer(options);
    pacers.set(client, pacer);
  }
  return pacer;
}
