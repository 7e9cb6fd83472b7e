import { ServiceError } from '../../platform/errors.ts';
import type { RewardsContext } from '../rewards/context.ts';
import type { GuildConfig } from '../rewards/domain/config.ts';
import { describeZodError } from '../rewards/domain/config.ts';
import type { LeaderboardSource } from '../rewards/leaderboard.ts';
import { searchRanked } from '../rewards/leaderboard-repository.ts';
import { memberTotal } from '../rewards/member-repository.ts';
import { isLeaderboardPublic } from '../rewards/settings-repository.ts';
import {
  type Cursor,
  encodeCursor,
  type LevelTable,
  levelForKarma,
  levelProgress,
  levelSettingsSchema,
  levelTable,
  type Milestone,
  nextMilestone,
  rowForLevel,
} from './domain/index.ts';
import type { MemberName, MemberNames } from './ports.ts';
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

export class LevelsService {
  readonly #context: RewardsContext;
  readonly #names: MemberNames;

  constructor(deps: { context: RewardsContext; names: MemberNames }) {
    this.#context = deps.context;
    this.#names = deps.names;
  }

  async config(guildId: string): Promise<GuildConfig> {
    return this.#context.db.transaction((tx) => this.#context.configs.one(tx, guildId));
  }

  karmaOf(guildId: string, userId: string): Promise<number> {
    return memberTotal(this.#context.db, guildId, userId);
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
    const rank = await this.#context.leaderboard.rank(guildId, userId, karma);
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
    const lb = this.#context.leaderboard;
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
    const names = await this.#names.of(
      this.#context.db,
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
   * order, each with its rank on the whole leaderboard (looked up like `/levels/me/rank` does: Redis,
   * else leaderboard_counts).
   */
  async #search(
    guildId: string,
    text: string,
    options: { page: number; limit: number },
  ): Promise<LeaderboardView> {
    const [config, hits] = await Promise.all([
      this.config(guildId),
      searchRanked(this.#context.db, guildId, text, (options.page - 1) * options.limit, options.limit),
    ]);
    const ranks = await Promise.all(
      hits.entries.map((hit) => this.#context.leaderboard.rank(guildId, hit.userId, hit.karma)),
    );
    const items = hits.entries.map((hit, i) =>
      itemOf(config, { rank: ranks[i]?.rank ?? 0, userId: hit.userId, karma: hit.karma }, hit),
    );
    return {
      guildId,
      page: options.page,
      limit: options.limit,
      total: hits.total,
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
      levels: await readLevelTable(this.#context.db, guildId),
    };
  }

  isLeaderboardPublic(guildId: string): Promise<boolean> {
    return isLeaderboardPublic(this.#context.db, guildId);
  }

  /** The table a level configuration would give, without saving it (the dashboard's curve preview). */
  preview(body: unknown): LevelTable {
    const parsed = levelSettingsSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const { field, message } = describeZodError(parsed.error);
      throw new ServiceError('invalid', message, { reason: 'invalid_levels', field });
    }
    return levelTable(parsed.data.curve, parsed.data);
  }
}

function itemOf(
  config: GuildConfig,
  entry: { rank: number; userId: string; karma: number },
  name: MemberName | undefined,
): LeaderboardItem {
  const progress = levelProgress(config.table, entry.karma);
  return {
    rank: entry.rank,
    userId: entry.userId,
    username: name?.username ?? null,
    displayName: name?.displayName ?? null,
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
