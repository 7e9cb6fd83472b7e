import type { Queryable } from '../../platform/db/port.ts';
import type { HotStore } from '../../platform/hot/port.ts';
import type { Logger } from '../../platform/logger.ts';
import {
  countRanked,
  pageAfterFromSql,
  pageFromSql,
  rankFromSql,
  totalsUpdatedSince,
} from './leaderboard-repository.ts';

/**
 * The guild leaderboard: a HotStore sorted set per guild (rank and page in O(log n)), rebuilt from
 * `user_karma` when missing, and the same order from SQL when the hot store is down or rebuilding
 * (leaderboard-repository.ts: the index for pages, `leaderboard_counts` for counts and ranks). Order: karma
 * descending, then user id ascending (the older account first), the same in both: the set stores -karma as score and the user id zero-padded to 20 digits as member, so that
 * Redis's tie order (member bytes ascending) is numeric order. Members with 0 karma are not ranked.
 */

export type LeaderboardSource = 'hot' | 'database';

export interface RankedEntry {
  rank: number;
  userId: string;
  karma: number;
}

export interface LeaderboardPage {
  source: LeaderboardSource;
  /** Members ranked (karma > 0). */
  total: number;
  entries: RankedEntry[];
}

export interface MemberRank {
  source: LeaderboardSource;
  rank: number | null;
  total: number;
}

export interface LeaderboardDeps {
  db: Queryable;
  hot: HotStore | undefined;
  logger?: Logger | undefined;
  /** How many rows a rebuild loads and writes at a time. */
  rebuildChunk?: number;
}

const setKey = (guildId: string) => `karma:lb:${guildId}`;
const readyKey = (guildId: string) => `karma:lb:${guildId}:ready`;
const lockKey = (guildId: string) => `karma:lb:${guildId}:rebuild`;
const REBUILD_LOCK_MS = 120_000;
/** Rows committed while a rebuild ran are re-read with this margin (transactions start before they commit). */
const REBUILD_MARGIN_MS = 60_000;

export const encodeMember = (userId: string): string => userId.padStart(20, '0');
export const decodeMember = (member: string): string => member.replace(/^0+(?=\d)/, '');

export class Leaderboard {
  readonly #db: Queryable;
  readonly #hot: HotStore | undefined;
  readonly #logger: Logger | undefined;
  readonly #chunk: number;

  constructor(deps: LeaderboardDeps) {
    this.#db = deps.db;
    this.#hot = deps.hot;
    this.#logger = deps.logger;
    this.#chunk = deps.rebuildChunk ?? 10_000;
  }

  /** After commit: moves the members whose totals changed. Sets not built yet are left to the rebuild. */
  async update(totals: readonly { guildId: string; userId: string; total: number }[]): Promise<void> {
    const hot = this.#hot;
    if (!hot || totals.length === 0) return;
    const byGuild = new Map<string, { userId: string; total: number }[]>();
    for (const t of totals) {
      const list = byGuild.get(t.guildId) ?? [];
      list.push(t);
      byGuild.set(t.guildId, list);
    }
    for (const [guildId, list] of byGuild) {
      try {
        if ((await hot.get(readyKey(guildId))) === null) continue;
        const positive = list.filter((t) => t.total > 0);
        const zero = list.filter((t) => t.total <= 0).map((t) => encodeMember(t.userId));
        if (positive.length > 0) {
          await hot.zadd(
            setKey(guildId),
            positive.map((t) => ({ member: encodeMember(t.userId), score: -t.total })),
          );
        }
        if (zero.length > 0) await hot.zrem(setKey(guildId), ...zero);
      } catch (error) {
        // Hot data: a failed update is repaired by the next rebuild; never fail the caller for it.
        this.#logger?.warn({ err: error, guildId }, 'leaderboard update failed');
        await this.#forget(guildId);
      }
    }
  }

  async page(guildId: string, page: number, limit: number): Promise<LeaderboardPage> {
    const offset = (page - 1) * limit;
    const fromHot = await this.#fromHot(guildId, 'page', (hot) =>
      Promise.all([
        hot.zcard(setKey(guildId)),
        hot.zrange(setKey(guildId), offset, offset + limit - 1, 'asc'),
      ]),
    );
    if (fromHot) {
      const [total, members] = fromHot;
      return {
        source: 'hot',
        total,
        entries: members.map((m, i) => ({
          rank: offset + i + 1,
          userId: decodeMember(m.member),
          karma: -m.score,
        })),
      };
    }
    const [total, rows] = await Promise.all([
      countRanked(this.#db, guildId),
      pageFromSql(this.#db, guildId, offset, limit),
    ]);
    return {
      source: 'database',
      total,
      entries: rows.map((row, i) => ({ rank: offset + i + 1, userId: row.userId, karma: row.karma })),
    };
  }

  /**
   * A keyset page after the cursor's (karma, userId), for deep pages without a large OFFSET; always from
   * SQL. The cursor carries the rank of its member, so no count is needed either.
   */
  async after(
    guildId: string,
    cursor: { karma: number; userId: string; rank: number },
    limit: number,
  ): Promise<RankedEntry[]> {
    const rows = await pageAfterFromSql(this.#db, guildId, cursor, limit);
    return rows.map((row, i) => ({ rank: cursor.rank + i + 1, userId: row.userId, karma: row.karma }));
  }

  /** Members ranked (karma > 0). */
  async count(guildId: string): Promise<number> {
    const fromHot = await this.#fromHot(guildId, 'count', (hot) => hot.zcard(setKey(guildId)));
    return fromHot ?? countRanked(this.#db, guildId);
  }

  async rank(guildId: string, userId: string, karma: number): Promise<MemberRank> {
    const fromHot = await this.#fromHot(guildId, 'rank', (hot) =>
      Promise.all([hot.zrank(setKey(guildId), encodeMember(userId), 'asc'), hot.zcard(setKey(guildId))]),
    );
    if (fromHot) {
      const [rank, total] = fromHot;
      return { source: 'hot', rank: rank === null ? null : rank + 1, total };
    }
    const [rank, total] = await Promise.all([
      karma > 0 ? rankFromSql(this.#db, guildId, userId, karma) : Promise.resolve(null),
      countRanked(this.#db, guildId),
    ]);
    return { source: 'database', rank, total };
  }

  /** Rebuilds the guild's set from `user_karma`. Returns false when another process is on it. */
  async rebuild(guildId: string): Promise<boolean> {
    const hot = this.#hot;
    if (!hot) return false;
    const locked = await hot.set(lockKey(guildId), '1', { ttlMs: REBUILD_LOCK_MS, onlyIfAbsent: true });
    if (!locked) return false;
    try {
      const startedAt = Date.now();
      await hot.del(readyKey(guildId), setKey(guildId));
      let cursor: { karma: number; userId: string } | null = null;
      for (;;) {
        const rows: { userId: string; karma: number }[] =
          cursor === null
            ? await pageFromSql(this.#db, guildId, 0, this.#chunk)
            : await pageAfterFromSql(this.#db, guildId, cursor, this.#chunk);
        if (rows.length === 0) break;
        await hot.zadd(
          setKey(guildId),
          rows.map((row) => ({ member: encodeMember(row.userId), score: -row.karma })),
        );
        const last = rows.at(-1);
        if (!last || rows.length < this.#chunk) break;
        cursor = last;
      }
      await hot.set(readyKey(guildId), String(startedAt));
      // Updates committed during the rebuild skipped the set (not ready yet); take them now.
      const recent = await totalsUpdatedSince(this.#db, guildId, new Date(startedAt - REBUILD_MARGIN_MS));
      await this.update(recent.map((r) => ({ guildId, ...r })));
      return true;
    } finally {
      await hot.del(lockKey(guildId)).catch(() => 0);
    }
  }

  /**
   * The hot set's answer, or undefined when SQL must answer (no hot store, it failed, or another
   * process is rebuilding the set). The ready flag is read together with the answer: calls made in
   * one tick leave in one round trip to Redis (auto-pipelining), and the answer is dropped when the
   * set turns out not to be ready, in which case it is rebuilt on the spot and read again.
   */
  async #fromHot<T>(
    guildId: string,
    what: string,
    read: (hot: HotStore) => Promise<T>,
  ): Promise<T | undefined> {
    const hot = this.#hot;
    if (!hot) return undefined;
    try {
      const [ready, value] = await Promise.all([hot.get(readyKey(guildId)), read(hot)]);
      if (ready !== null) return value;
      if (!(await this.rebuild(guildId))) return undefined;
      return await read(hot);
    } catch (error) {
      this.#logger?.warn({ err: error, guildId }, `leaderboard ${what} from the hot store failed; using SQL`);
      return undefined;
    }
  }

  async #forget(guildId: string): Promise<void> {
    await this.#hot?.del(readyKey(guildId)).catch(() => 0);
  }
}
