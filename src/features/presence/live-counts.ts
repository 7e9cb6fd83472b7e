/**
 * A stage's live count for `GET /stages/{id}/viewers/stream`: a live feed (platform/http/live-feed.ts)
 * of exact counts. Joins and leaves this process handles are pushed at once; the others arrive with
 * the next tick.
 */
import { createLiveFeed, type FeedListener, type LiveFeed } from '../../platform/http/live-feed.ts';

export type CountListener = FeedListener<number>;

export interface LiveCountsOptions {
  /** The stage's exact count, or null once the stage is gone (its streams then end). */
  count(stageId: string): Promise<number | null>;
  intervalMs: number;
  onError?: (error: unknown) => void;
}

export interface LiveCounts extends LiveFeed<number> {
  readonly watchedStages: number;
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
