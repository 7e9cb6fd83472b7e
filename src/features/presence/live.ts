/**
 * Live counts for Server-Sent Events: one poller per watched stage in this process, however many
 * dashboards watch it, so N streams cost one hot-store count per tick. Changes made by this
 * process (joins, leaves) are pushed at once; changes made elsewhere arrive with the next tick.
 */

export type CountListener = (count: number) => void;

export interface LiveCountsOptions {
  /** The stage's exact count, or null once the stage is gone (its streams then end). */
  count(stageId: string): Promise<number | null>;
  intervalMs: number;
  onError?: (error: unknown) => void;
}

export interface LiveCounts {
  /** Sends the current count at once, then every tick; `onGone` when the stage is deleted. */
  subscribe(stageId: string, listener: CountListener, onGone: () => void): () => void;
  /** Something changed on this stage: count now and push when the count moved. */
  poke(stageId: string): void;
  readonly watchedStages: number;
  close(): void;
}

interface Watch {
  listeners: Map<CountListener, () => void>;
  timer: NodeJS.Timeout;
  busy: boolean;
  last: number | null;
}

export function createLiveCounts(options: LiveCountsOptions): LiveCounts {
  const watches = new Map<string, Watch>();

  async function refresh(stageId: string, only: 'always' | 'changed'): Promise<void> {
    const watch = watches.get(stageId);
    if (!watch || watch.busy) return;
    watch.busy = true;
    try {
      const count = await options.count(stageId);
      if (count === null) {
        for (const gone of [...watch.listeners.values()]) gone();
        return;
      }
      if (only === 'changed' && count === watch.last) return;
      watch.last = count;
      for (const listener of watch.listeners.keys()) listener(count);
    } catch (error) {
      options.onError?.(error);
    } finally {
      watch.busy = false;
    }
  }

  function stop(stageId: string): void {
    const watch = watches.get(stageId);
    if (!watch) return;
    clearInterval(watch.timer);
    watches.delete(stageId);
  }

  return {
    subscribe(stageId, listener, onGone) {
      let watch = watches.get(stageId);
      if (!watch) {
        const timer = setInterval(() => void refresh(stageId, 'always'), options.intervalMs);
        timer.unref();
        watch = { listeners: new Map(), timer, busy: false, last: null };
        watches.set(stageId, watch);
      }
      watch.listeners.set(listener, onGone);
      // The first count for this subscriber alone, so that it never waits a whole tick.
      void options
        .count(stageId)
        .then((count) => {
          const current = watches.get(stageId);
          if (!current?.listeners.has(listener)) return;
          if (count === null) return onGone();
          current.last = count;
          listener(count);
        })
        .catch((error: unknown) => options.onError?.(error));
      return () => {
        const current = watches.get(stageId);
        current?.listeners.delete(listener);
        if (current && current.listeners.size === 0) stop(stageId);
      };
    },
    poke(stageId) {
      void refresh(stageId, 'changed');
    },
    get watchedStages() {
      return watches.size;
    },
    close() {
      for (const stageId of [...watches.keys()]) stop(stageId);
    },
  };
}
