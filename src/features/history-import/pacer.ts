/**
 * Hands out the token's global request budget (Discord: 50 a second) among channel readers, the one
 * with the most work left first.
 *
 * Why not leave it to @discordjs/rest alone: it serves the global budget first come, first served,
 * so fifty channels get a fiftieth each and the biggest channel, whose own bucket (5 pages per 5 s)
 * decides when the import can end, misses its windows.
 *
 * Slots go out evenly (a token bucket of `perSecond` with a burst of `burst`), never in the bursts
 * of a fixed window: Discord's window and the client's never start at the same moment, so fifty
 * requests at the start of the client's window can be fifty-one in Discord's, a global 429 that
 * costs a whole second. The client's own budget (`GlobalBudget`), which every other request the
 * worker sends also draws from, is respected on top, so the client never holds a granted request.
 * Readers ask once their channel's bucket has room, so a slot given is a request sent at once.
 */

export interface GlobalBudget {
  /** Requests that may go out now without waiting on the global limit. */
  available(now: number): number;
  /** When the budget is refilled, if it is empty now. */
  refillAt(now: number): number;
}

interface Waiter {
  priority: () => number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export interface PacerOptions {
  /** The client's global budget, respected on top of the pacer's own pace. */
  budget: GlobalBudget;
  /** Slots a second, on average. */
  perSecond: number;
  /** Slots that may go at once after a quiet spell. */
  burst: number;
  now?: () => number;
}

export class RequestPacer {
  readonly #budget: GlobalBudget;
  readonly #perMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #filledAt: number;
  readonly #waiting = new Set<Waiter>();
  /**
   * Slots given in this turn of the event loop: the budget sees a request only when the client
   * sends it, a few microtasks after the grant, so until then they are subtracted here.
   */
  #unseen = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: PacerOptions) {
    if (!(options.perSecond > 0) || !(options.burst >= 1)) {
      throw new RangeError('perSecond must be positive and burst at least 1');
    }
    this.#budget = options.budget;
    this.#perMs = options.perSecond / 1000;
    this.#burst = options.burst;
    this.#now = options.now ?? Date.now;
    this.#tokens = options.burst;
    this.#filledAt = this.#now();
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
      this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#filledAt) * this.#perMs);
      this.#filledAt = now;
      if (this.#tokens < 1) {
        this.#schedule((1 - this.#tokens) / this.#perMs);
        return;
      }
      if (this.#budget.available(now) - this.#unseen <= 0) {
        // Empty until the refill; or, with grants of this turn unseen, until the client has sent them.
        this.#schedule(this.#unseen > 0 ? 1 : this.#budget.refillAt(now) - now);
        return;
      }
      const next = this.#best();
      if (!next) return;
      this.#waiting.delete(next);
      next.signal?.removeEventListener('abort', next.onAbort);
      this.#tokens -= 1;
      if (this.#unseen++ === 0) setImmediate(() => (this.#unseen = 0));
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
export function pacerFor(client: object, options: () => PacerOptions): RequestPacer {
  let pacer = pacers.get(client);
  if (!pacer) {
    pacer = new RequestPacer(options());
    pacers.set(client, pacer);
  }
  return pacer;
}
