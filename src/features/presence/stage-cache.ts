/**
 * Stage settings for the heartbeat path, without PostgreSQL in the request: a stage read once is
 * served from memory, and once it is `freshMs` old the next request still gets it at once while one
 * read refreshes it in the background (a PATCH reaches other processes within about freshMs). Only
 * a stage this process has never seen waits for the database. Bounded, so that heartbeats for
 * invented stage ids cannot grow it without end.
 */
import type { Stage } from './domain/index.ts';

interface Entry {
  stage: Stage | null;
  freshUntil: number;
  refreshing: boolean;
}

export interface StageCache {
  /** The cached stage (null: known not to exist), or undefined when this process never read it. */
  peek(id: string): Stage | null | undefined;
  /** peek, else one read; concurrent misses of the same id share it. */
  get(id: string): Promise<Stage | null>;
  remember(id: string, stage: Stage | null): void;
  forget(id: string): void;
}

export function createStageCache(options: {
  load: (id: string) => Promise<Stage | null>;
  now: () => number;
  freshMs: number;
  maxEntries?: number;
  /** A background refresh that failed: the stale copy stays and the next request tries again. */
  onError?: (error: unknown) => void;
}): StageCache {
  const { load, now, freshMs } = options;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<Stage | null>>();

  const remember = (id: string, stage: Stage | null) => {
    if (!entries.has(id) && entries.size >= maxEntries) {
      // Maps iterate in insertion order: drop the entry read longest ago.
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(id, { stage, freshUntil: now() + freshMs, refreshing: false });
  };

  const read = (id: string): Promise<Stage | null> => {
    const pending = loading.get(id);
    if (pending) return pending;
    const promise = load(id).then(
      (stage) => {
        loading.delete(id);
        remember(id, stage);
        return stage;
      },
      (error: unknown) => {
        loading.delete(id);
        const entry = entries.get(id);
        if (entry) entry.refreshing = false;
        throw error;
      },
    );
    loading.set(id, promise);
    return promise;
  };

  const peek = (id: string): Stage | null | undefined => {
    const entry = entries.get(id);
    if (!entry) return undefined;
    if (entry.freshUntil <= now() && !entry.refreshing) {
      entry.refreshing = true;
      read(id).catch((error: unknown) => options.onError?.(error));
    }
    return entry.stage;
  };

  return {
    peek,
    get(id) {
      const hit = peek(id);
      return hit === undefined ? read(id) : Promise.resolve(hit);
    },
    remember,
    forget(id) {
      entries.delete(id);
    },
  };
}
