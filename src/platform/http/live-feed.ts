/**
 * Live values for Server-Sent Events: one reader per watched key in this process, however many
 * dashboards watch it, so N streams cost one read per tick. A change this process learns of (its
 * own write, a database notification) is a `poke`: read now and push when the value moved.
 */

export type FeedListener<T> = (value: T) => void;

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

interface Watch<T> {
  listeners: Map<FeedListener<T>, () => void>;
  timer: NodeJS.Timeout;
  busy: boolean;
  /** Poked while a read was under way: that read may predate the change, so read once more. */
  dirty: boolean;
  last: T | null;
}

export function createLiveFeed<T>(options: LiveFeedOptions<T>): LiveFeed<T> {
  const watches = new Map<string, Watch<T>>();
  const same = options.same ?? ((a: T, b: T) => a === b);

  async function refresh(key: string, only: 'always' | 'changed'): Promise<void> {
    const watch = watches.get(key);
    if (!watch) return;
    if (watch.busy) {
      if (only === 'changed') watch.dirty = true;
      return;
    }
    watch.busy = true;
    watch.dirty = false;
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
      if (watch.dirty && watches.get(key) === watch) void refresh(key, 'changed');
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
        watch = { listeners: new Map(), timer, busy: false, dirty: false, last: null };
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

export interface Coalescer {
  /** Calls the function for `key` once `delayMs` from the first call not yet served. */
  (key: string): void;
  close(): void;
}

/**
 * Many changes to one key within `delayMs` cost one call: a crowd joining a stage, or a guild's
 * pipeline batches every ~50 ms, should cost one read of what the streams show, not one each.
 */
export function coalesce(delayMs: number, fn: (key: string) => void): Coalescer {
  const pending = new Map<string, NodeJS.Timeout>();
  const call = (key: string) => {
    if (pending.has(key)) return;
    const timer = setTimeout(() => {
      pending.delete(key);
      fn(key);
    }, delayMs);
    timer.unref();
    pending.set(key, timer);
  };
  call.close = () => {
    for (const timer of pending.values()) clearTimeout(timer);
    pending.clear();
  };
  return call;
}
