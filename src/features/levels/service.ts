import type { GuildConfig } from '../rewards/config.ts';
import type { KarmaRuntime } from '../rewards/context.ts';
import type { LeaderboardSource } from '../rewards/leaderboard.ts';
import { levelForKarma, levelProgress, type Milestone, nextMilestone, rowForLevel } from './domain/index.ts';
import { type LevelTableRow, readLevelTable } from './repository.ts';

/** Seed 004's levels: a member's level and progress, rank, next milestone, the leaderboard and the table. */

export interface ProgressBar {
  currentRequired: number;
  nextRequired: number | null;
  intoLevel: number;
  remaining: number;
  fraction: number;
  percent: number;
}

export interface MyLevel {
  guildId: string;
  userId: string;
  karma: number;
  level: number;
  title: string;
  titleKey: string | null;
  /** Only ever shown to the member themselves (seed 004). */
  privileges: readonly string[];
  maxLevel: number;
  progress: ProgressBar;
  next: { level: number; title: string; requiredKarma: number } | null;
}

export interface LeaderboardItem {
  rank: number;
  userId: string;
  username: string | null;
  displayName: string | null;
  avatar: string | null;
  karma: number;
  level: number;
  title: string;
  /** Toward the member's next level, from the guild's level table (the leaderboard's bar). */
  progress: ProgressBar;
}

export interface LeaderboardView {
  guildId: string;
  page: number;
  limit: number;
  total: number;
  source: LeaderboardSource;
  items: LeaderboardItem[];
  /** Pass as `cursor` for the next page without OFFSET (deep pages); null on the last page. */
  nextCursor: string | null;
  /** The name searched for (trimmed), or null for the whole leaderboard. */
  query: string | null;
}

/** The longest name search accepted; Discord names are at most 32 characters. */
export const SEARCH_MAX = 100;

/** `%`, `_` and `\` are literal in a name search, not LIKE patterns. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface Cursor {
  karma: number;
  userId: string;
  rank: number;
}

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.karma}.${cursor.userId}.${cursor.rank}`;
}

export function decodeCursor(value: string): Cursor | null {
  const match = /^(\d{1,16})\.(\d{1,20})\.(\d{1,10})$/.exec(value);
  if (!match) return null;
  return { karma: Number(match[1]), userId: match[2] as string, rank: Number(match[3]) };
}

export class LevelsService {
  readonly #runtime: KarmaRuntime;

  constructor(deps: { runtime: KarmaRuntime }) {
    this.#runtime = deps.runtime;
  }

  async config(guildId: string): Promise<GuildConfig> {
    return this.#runtime.db.transaction((tx) => this.#runtime.configs.one(tx, guildId));
  }

  async karmaOf(guildId: string, userId: string): Promise<number> {
    const { rows } = await this.#runtime.db.query<{ total: string }>(
      'SELECT total FROM user_karma WHERE guild_id = $1 AND user_id = $2',
      [guildId, userId],
    );
    return Number(rows[0]?.total ?? 0);
  }

  async me(guildId: string, userId: string): Promise<MyLevel> {
    const [config, karma] = await Promise.all([this.config(guildId), this.karmaOf(guildId, userId)]);
    const progress = levelProgress(config.table, karma);
    const row = rowForLevel(config.table, progress.level);
    const next = progress.nextLevel === null ? null : rowForLevel(config.table, progress.nextLevel);
    return {
      guildId,
      userId,
      karma,
      level: progress.level,
      title: row.title,
      titleKey: row.titleKey,
      privileges: row.privileges,
      maxLevel: config.table.length,
      progress: bar(progress),
      next: next ? { level: next.level, title: next.title, requiredKarma: next.requiredKarma } : null,
    };
  }

  async rank(
    guildId: string,
    userId: string,
  ): Promise<{
    guildId: string;
    userId: string;
    rank: number | null;
    total: number;
    karma: number;
    level: number;
    percentile: number | null;
    source: LeaderboardSource;
  }> {
    const [config, karma] = await Promise.all([this.config(guildId), this.karmaOf(guildId, userId)]);
    const rank = await this.#runtime.leaderboard.rank(guildId, userId, karma);
    return {
      guildId,
      userId,
      rank: rank.rank,
      total: rank.total,
      karma,
      level: levelForKarma(config.table, karma),
      // Share of ranked members at or below this one: 100 for the first.
      percentile:
        rank.rank === null || rank.total === 0
          ? null
          : Math.round(((rank.total - rank.rank + 1) / rank.total) * 1000) / 10,
      source: rank.source,
    };
  }

  async nextMilestone(
    guildId: string,
    userId: string,
  ): Promise<{ guildId: string; userId: string; karma: number; level: number; milestone: Milestone | null }> {
    const [config, karma] = await Promise.all([this.config(guildId), this.karmaOf(guildId, userId)]);
    return {
      guildId,
      userId,
      karma,
      level: levelForKarma(config.table, karma),
      milestone: nextMilestone(config.table, karma),
    };
  }

  async leaderboard(
    guildId: string,
    options: { page: number; limit: number; cursor?: Cursor | undefined; query?: string | undefined },
  ): Promise<LeaderboardView> {
    if (options.query !== undefined) return this.#search(guildId, options.query, options);
    const config = await this.config(guildId);
    const lb = this.#runtime.leaderboard;
    let entries: { rank: number; userId: string; karma: number }[];
    let total: number;
    let source: LeaderboardSource;
    if (options.cursor) {
      entries = await lb.after(guildId, options.cursor, options.limit);
      total = await lb.count(guildId);
      source = 'database';
    } else {
      const page = await lb.page(guildId, options.page, options.limit);
      entries = page.entries;
      total = page.total;
      source = page.source;
    }
    const names = await this.#names(
      guildId,
      entries.map((e) => e.userId),
    );
    const items = entries.map((entry) => itemOf(config, entry, names.get(entry.userId)));
    const last = entries.at(-1);
    return {
      guildId,
      page: options.cursor ? Math.floor(options.cursor.rank / options.limit) + 1 : options.page,
      limit: options.limit,
      total,
      source,
      items,
      nextCursor:
        last && last.rank < total
          ? encodeCursor({ karma: last.karma, userId: last.userId, rank: last.rank })
          : null,
      query: null,
    };
  }

  /**
   * Ranked members whose display name or username contains `text` (case-insensitive), in leaderboard
   * order, each with its rank on the whole leaderboard. A guild's members are scanned with ILIKE (no
   * trigram index: pg_trgm is not on every PostgreSQL Hearth runs on, PGlite included); the rank of
   * each hit on the page is then looked up like `/levels/me/rank` does (Redis, else leaderboard_counts).
   */
  async #search(
    guildId: string,
    text: string,
    options: { page: number; limit: number },
  ): Promise<LeaderboardView> {
    const pattern = likePattern(text);
    const offset = (options.page - 1) * options.limit;
    const where = `m.guild_id = $1 AND uk.total > 0
         AND (m.display_name ILIKE $2 OR m.username ILIKE $2)`;
    const from = `members m JOIN user_karma uk ON uk.guild_id = m.guild_id AND uk.user_id = m.user_id`;
    const [config, count, hits] = await Promise.all([
      this.config(guildId),
      this.#runtime.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${from} WHERE ${where}`, [
        guildId,
        pattern,
      ]),
      this.#runtime.db.query<{
        user_id: string;
        total: string;
        username: string;
        display_name: string | null;
        avatar: string | null;
      }>(
        `SELECT m.user_id, uk.total, m.username, m.display_name, m.avatar FROM ${from}
         WHERE ${where} ORDER BY uk.total DESC, uk.user_id LIMIT $3 OFFSET $4`,
        [guildId, pattern, options.limit, offset],
      ),
    ]);
    const ranks = await Promise.all(
      hits.rows.map((row) => this.#runtime.leaderboard.rank(guildId, row.user_id, Number(row.total))),
    );
    const items = hits.rows.map((row, i) => {
      const entry = { rank: ranks[i]?.rank ?? 0, userId: row.user_id, karma: Number(row.total) };
      return itemOf(config, entry, row);
    });
    return {
      guildId,
      page: options.page,
      limit: options.limit,
      total: Number(count.rows[0]?.n ?? 0),
      source: ranks.some((r) => r.source === 'database') || ranks.length === 0 ? 'database' : 'hot',
      items,
      // Matches are few pages at most; a keyset cursor over a filtered scan would save nothing.
      nextCursor: null,
      query: text,
    };
  }

  /** The guild's levels as stored in `user_levels` (admin). */
  async table(guildId: string): Promise<{
    guildId: string;
    curve: GuildConfig['levels']['curve'];
    maxLevel: number;
    roleRewardMode: string;
    levels: LevelTableRow[];
  }> {
    const config = await this.config(guildId);
    return {
      guildId,
      curve: config.levels.curve,
      maxLevel: config.levels.maxLevel,
      roleRewardMode: config.levels.roleRewardMode,
      levels: await readLevelTable(this.#runtime.db, guildId),
    };
  }

  async isLeaderboardPublic(guildId: string): Promise<boolean> {
    const { rows } = await this.#runtime.db.query<{ public: boolean | null }>(
      "SELECT (leaderboard->>'public')::boolean AS public FROM guild_settings WHERE guild_id = $1",
      [guildId],
    );
    return rows[0]?.public === true;
  }

  async #names(guildId: string, userIds: readonly string[]) {
    const map = new Map<string, { username: string; display_name: string | null; avatar: string | null }>();
    if (userIds.length === 0) return map;
    const { rows } = await this.#runtime.db.query<{
      user_id: string;
      username: string;
      display_name: string | null;
      avatar: string | null;
    }>(
      'SELECT user_id, username, display_name, avatar FROM members WHERE guild_id = $1 AND user_id = ANY($2::bigint[])',
      [guildId, userIds],
    );
    for (const row of rows) map.set(row.user_id, row);
    return map;
  }
}

function itemOf(
  config: GuildConfig,
  entry: { rank: number; userId: string; karma: number },
  name: { username: string; display_name: string | null; avatar: string | null } | undefined,
): LeaderboardItem {
  const progress = levelProgress(config.table, entry.karma);
  return {
    rank: entry.rank,
    userId: entry.userId,
    username: name?.username ?? null,
    displayName: name?.display_name ?? null,
    avatar: name?.avatar ?? null,
    karma: entry.karma,
    level: progress.level,
    title: rowForLevel(config.table, progress.level).title,
    progress: bar(progress),
  };
}

function bar(progress: ReturnType<typeof levelProgress>): ProgressBar {
  return {
    currentRequired: progress.currentRequired,
    nextRequired: progress.nextRequired,
    intoLevel: progress.intoLevel,
    remaining: progress.remaining,
    fraction: progress.fraction,
    percent: Math.floor(progress.fraction * 100),
  };
}
