/**
 * Live values for Server-Sent Events: one poller per watched key in this process, however many
 * dashboards watch it, so N streams cost one read per tick. Changes made by this process (joins,
 * leaves) are pushed at once; changes made elsewhere arrive with the next tick. A stage's count
 * (`createLiveCounts`) and a guild's counts (http-live.ts) are both such feeds.
 */

export type FeedListener<T> = (value: T) => void;
export type CountListener = FeedListener<number>;

export interface LiveFeedOptions<T> {
  /** The key's current value, or null once it is gone (its streams then end). */
  read(key: string): Promise<T | null>;
  intervalMs: number;
  /** Whether a poke found nothing new (default `===`): only changes are pushed then. */
  same?: (a: T, b: T) => boolean;
  onError?: (error: unknown) => void;
}

export interface LiveFeed<T> {
  /** Sends the current value at once, then every tick; `onGone` when the key disappears. */
  subscribe(key: string, listener: FeedListener<T>, onGone: () => void): () => void;
  /** Something changed on this key: read now and push when the value moved. */
  poke(key: string): void;
  readonly watchedKeys: number;
  close(): void;
}

export interface LiveCountsOptions {
  /** The stage's exact count, or null once the stage is gone (its streams then end). */
  count(stageId: string): Promise<number | null>;
  intervalMs: number;
  onError?: (error: unknown) => void;
}

export interface LiveCounts extends LiveFeed<number> {
  readonly watchedStages: number;
}

interface Watch<T> {
  listeners: Map<FeedListener<T>, () => void>;
  timer: NodeJS.Timeout;
  busy: boolean;
  last: T | null;
}

export function createLiveFeed<T>(options: LiveFeedOptions<T>): LiveFeed<T> {
  const watches = new Map<string, Watch<T>>();
  const same = options.same ?? ((a: T, b: T) => a === b);

  async function refresh(key: string, only: 'always' | 'changed'): Promise<void> {
    const watch = watches.get(key);
    if (!watch || watch.busy) return;
    watch.busy = true;
    try {
      const value = await options.read(key);
      if (value === null) {
        for (const gone of [...watch.listeners.values()]) gone();
        return;
      }
      if (only === 'changed' && watch.last !== null && same(value, watch.last)) return;
      watch.last = value;
      for (const listener of watch.listeners.keys()) listener(value);
    } catch (error) {
      options.onError?.(error);
    } finally {
      watch.busy = false;
    }
  }

  function stop(key: string): void {
    const watch = watches.get(key);
    if (!watch) return;
    clearInterval(watch.timer);
    watches.delete(key);
  }

  return {
    subscribe(key, listener, onGone) {
      let watch = watches.get(key);
      if (!watch) {
        const timer = setInterval(() => void refresh(key, 'always'), options.intervalMs);
        timer.unref();
        watch = { listeners: new Map(), timer, busy: false, last: null };
        watches.set(key, watch);
      }
      watch.listeners.set(listener, onGone);
      // The first value for this subscriber alone, so that it never waits a whole tick.
      void options
        .read(key)
        .then((value) => {
          const current = watches.get(key);
          if (!current?.listeners.has(listener)) return;
          if (value === null) return onGone();
          current.last = value;
          listener(value);
        })
        .catch((error: unknown) => options.onError?.(error));
      return () => {
        const current = watches.get(key);
        current?.listeners.delete(listener);
        if (current && current.listeners.size === 0) stop(key);
      };
    },
    poke(key) {
      void refresh(key, 'changed');
    },
    get watchedKeys() {
      return watches.size;
    },
    close() {
      for (const key of [...watches.keys()]) stop(key);
    },
  };
}

/** A stage's exact count, for `GET /stages/{id}/viewers/stream`. */
export function createLiveCounts(options: LiveCountsOptions): LiveCounts {
  const feed = createLiveFeed<number>({
    read: options.count,
    intervalMs: options.intervalMs,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return {
    subscribe: feed.subscribe,
    poke: feed.poke,
    close: feed.close,
    get watchedKeys() {
      return feed.watchedKeys;
    },
    get watchedStages() {
      return feed.watchedKeys;
    },
  };
}
