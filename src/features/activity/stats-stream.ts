import type { Db, Unlisten } from '../../platform/db/port.ts';
import { coalesce, createLiveFeed, type FeedListener } from '../../platform/http/live-feed.ts';
import { STATS_CHANNEL } from './repository.ts';
import { readStats, type StatsBody, type StatsQuerystring } from './stats.ts';

export interface StatsLiveOptions {
  db: Db;
  /** Re-read even without news this often: the day rolls over, a notification may be lost. */
  intervalMs: number;
  /**
   * Notifications of one guild within this window cost one read: under traffic the pipeline
   * commits a batch every ~50 ms, and a dashboard needs no more than a fresh figure a second.
   */
  coalesceMs: number;
  now: () => number;
  onError: (error: unknown) => void;
}

export interface StatsLive {
  /** The stats of `guildId` for `query` at once, then whenever the pipeline commits new ones. */
  subscribe(guildId: string, query: StatsQuerystring, listener: FeedListener<StatsBody>): () => void;
  close(): Promise<void>;
}

function keyOf(guildId: string, query: StatsQuerystring): string {
  return JSON.stringify([guildId, query.from, query.to, query.channel_id, query.user_id, query.limit ?? 10]);
}

/**
 * Live message statistics for `GET /guilds/{id}/stats/live`. Whichever process writes them (the bot,
 * the worker replaying an import), its batch notifies `STATS_CHANNEL` at commit; this process reads a
 * guild's watched queries again, one read per query however many dashboards share it.
 */
export function createStatsLive(options: StatsLiveOptions): StatsLive {
  const queries = new Map<string, { guildId: string; query: StatsQuerystring; subscribers: number }>();
  const keysOfGuild = new Map<string, Set<string>>();
  let unlisten: Promise<Unlisten | undefined> | undefined;

  const feed = createLiveFeed<StatsBody>({
    async read(key) {
      const watched = queries.get(key);
      if (!watched) return null;
      return readStats(options.db, watched.guildId, watched.query, options.now());
    },
    intervalMs: options.intervalMs,
    same: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    onError: options.onError,
  });

  function pokeGuild(guildId: string): void {
    for (const key of keysOfGuild.get(guildId) ?? []) feed.poke(key);
  }

  const pokeSoon = coalesce(options.coalesceMs, pokeGuild);

  function heard(guildId: string): void {
    if (keysOfGuild.has(guildId)) pokeSoon(guildId);
  }

  function listen(): void {
    unlisten ??= options.db
      .listen(STATS_CHANNEL, heard, () => {
        for (const guildId of keysOfGuild.keys()) pokeGuild(guildId);
      })
      .catch((error: unknown) => {
        // The streams still refresh every `intervalMs`; the next subscriber tries to listen again.
        options.onError(error);
        unlisten = undefined;
        return undefined;
      });
  }

  return {
    subscribe(guildId, query, listener) {
      listen();
      const key = keyOf(guildId, query);
      const watched = queries.get(key) ?? { guildId, query, subscribers: 0 };
      watched.subscribers++;
      queries.set(key, watched);
      let keys = keysOfGuild.get(guildId);
      if (!keys) {
        keys = new Set();
        keysOfGuild.set(guildId, keys);
      }
      keys.add(key);
      // Statistics never disappear: `onGone` is never called for them.
      const off = feed.subscribe(key, listener, () => {});
      let done = false;
      return () => {
        if (done) return;
        done = true;
        off();
        if (--watched.subscribers > 0) return;
        queries.delete(key);
        const left = keysOfGuild.get(guildId);
        left?.delete(key);
        if (left?.size === 0) keysOfGuild.delete(guildId);
      };
    },
    async close() {
      pokeSoon.close();
      feed.close();
      const off = await unlisten;
      unlisten = undefined;
      await off?.();
    },
  };
}
