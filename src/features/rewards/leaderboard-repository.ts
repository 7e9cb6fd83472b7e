import type { Queryable } from '../../platform/db/port.ts';

/**
 * The leaderboard in SQL (`user_karma` in rank order and `leaderboard_counts`), for when the hot store
 * is down or rebuilding, for its rebuild, and for searches by name. Order: total descending, then
 * user id ascending, from the `(guild_id, total DESC, user_id)` index of `user_karma`. An index
 * cannot count, so counting members ahead, or skipping an OFFSET, costs a step per member skipped
 * (~80 ms for 500,000 here): counts and offsets come from `leaderboard_counts` instead (members per
 * distinct total, kept by triggers; migration 0007), and only the members who share one total are
 * walked in the index.
 */

export interface SqlEntry {
  userId: string;
  karma: number;
}

export async function countRanked(db: Queryable, guildId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT coalesce(sum(members), 0) AS n FROM leaderboard_counts WHERE guild_id = $1',
    [guildId],
  );
  return Number(rows[0]?.n ?? 0);
}

const toEntries = (rows: readonly { user_id: string; total: string }[]): SqlEntry[] =>
  rows.map((row) => ({ userId: row.user_id, karma: Number(row.total) }));

/**
 * Members from 0-based position `offset`. A deep offset starts at the total it falls in (a running
 * sum over the guild's distinct totals), skips the members of that total ahead of it, and goes on
 * down the index: the cost follows the distinct totals and the size of one tie, not the offset.
 */
export async function pageFromSql(
  db: Queryable,
  guildId: string,
  offset: number,
  limit: number,
): Promise<SqlEntry[]> {
  if (offset === 0) {
    const { rows } = await db.query<{ user_id: string; total: string }>(
      `SELECT user_id, total FROM user_karma WHERE guild_id = $1 AND total > 0
       ORDER BY total DESC, user_id ASC LIMIT $2`,
      [guildId, limit],
    );
    return toEntries(rows);
  }
  const { rows } = await db.query<{ user_id: string; total: string }>(
    `WITH start AS (
       SELECT total, $2::bigint - ahead AS skip FROM (
         SELECT total, members, sum(members) OVER (ORDER BY total DESC) - members AS ahead
         FROM leaderboard_counts WHERE guild_id = $1) c
       WHERE ahead + members > $2::bigint ORDER BY total DESC LIMIT 1)
     SELECT user_id, total FROM (
       (SELECT user_id, total FROM user_karma
        WHERE guild_id = $1 AND total = (SELECT total FROM start)
        ORDER BY user_id OFFSET (SELECT skip FROM start) LIMIT $3)
       UNION ALL
       (SELECT user_id, total FROM user_karma
        WHERE guild_id = $1 AND total > 0 AND total < (SELECT total FROM start)
        ORDER BY total DESC, user_id LIMIT $3)
     ) page ORDER BY total DESC, user_id LIMIT $3`,
    [guildId, offset, limit],
  );
  return toEntries(rows);
}

/**
 * The members after the cursor's (karma, userId). Two index ranges (the cursor's remaining ties, then
 * lower totals), because a mixed-direction order has no single row comparison the index can seek to.
 */
export async function pageAfterFromSql(
  db: Queryable,
  guildId: string,
  cursor: { karma: number; userId: string },
  limit: number,
): Promise<SqlEntry[]> {
  const { rows } = await db.query<{ user_id: string; total: string }>(
    `SELECT user_id, total FROM (
       (SELECT user_id, total FROM user_karma
        WHERE guild_id = $1 AND total = $2::bigint AND user_id > $3::bigint ORDER BY user_id LIMIT $4)
       UNION ALL
       (SELECT user_id, total FROM user_karma
        WHERE guild_id = $1 AND total > 0 AND total < $2::bigint ORDER BY total DESC, user_id LIMIT $4)
     ) page ORDER BY total DESC, user_id LIMIT $4`,
    [guildId, cursor.karma, cursor.userId, limit],
  );
  return toEntries(rows);
}

/**
 * 1-based rank: the members of higher totals (summed from `leaderboard_counts`) plus the ties with a
 * lower user id. Ties are counted in the index from the nearer end of the member's tie (judged by
 * where the id falls between the tie's first and last id), so at most about half of it is walked.
 */
export async function rankFromSql(
  db: Queryable,
  guildId: string,
  userId: string,
  karma: number,
): Promise<number | null> {
  if (karma <= 0) return null;
  const { rows } = await db.query<{ n: string | null }>(
    `WITH tie AS (
       SELECT
         (SELECT user_id FROM user_karma WHERE guild_id = $1 AND total = $2::bigint
          ORDER BY user_id LIMIT 1) AS lo,
         (SELECT user_id FROM user_karma WHERE guild_id = $1 AND total = $2::bigint
          ORDER BY user_id DESC LIMIT 1) AS hi,
         (SELECT members FROM leaderboard_counts WHERE guild_id = $1 AND total = $2::bigint) AS size)
     SELECT (SELECT coalesce(sum(members), 0) FROM leaderboard_counts WHERE guild_id = $1 AND total > $2::bigint)
       + CASE WHEN lo IS NULL OR $3::bigint - lo <= hi - $3::bigint
           THEN (SELECT count(*) FROM user_karma
                 WHERE guild_id = $1 AND total = $2::bigint AND user_id < $3::bigint)
           ELSE coalesce(size, 0) - (SELECT count(*) FROM user_karma
                 WHERE guild_id = $1 AND total = $2::bigint AND user_id >= $3::bigint)
         END AS n
     FROM tie`,
    [guildId, karma, userId],
  );
  return Number(rows[0]?.n ?? 0) + 1;
}

/** Members whose row changed since `since` (a rebuild takes the updates it raced with). */
export async function totalsUpdatedSince(
  db: Queryable,
  guildId: string,
  since: Date,
): Promise<{ userId: string; total: number }[]> {
  const { rows } = await db.query<{ user_id: string; total: string }>(
    `SELECT user_id, total FROM user_karma WHERE guild_id = $1 AND updated_at >= $2`,
    [guildId, since.toISOString()],
  );
  return rows.map((r) => ({ userId: r.user_id, total: Number(r.total) }));
}

export interface NamedEntry extends SqlEntry {
  username: string;
  displayName: string | null;
  avatar: string | null;
}

/** `%`, `_` and `\` are literal in a name search, not LIKE patterns. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const SEARCH_FROM = `members m JOIN user_karma uk ON uk.guild_id = m.guild_id AND uk.user_id = m.user_id`;
const SEARCH_WHERE = `m.guild_id = $1 AND uk.total > 0 AND (m.display_name ILIKE $2 OR m.username ILIKE $2)`;

/**
 * Ranked members whose display name or username contains `text` (case-insensitive), in leaderboard
 * order, and how many there are. The names are sync's `members`, read in the same statement. No
 * trigram index: pg_trgm is not on every PostgreSQL Hearth runs on, PGlite included.
 */
export async function searchRanked(
  db: Queryable,
  guildId: string,
  text: string,
  offset: number,
  limit: number,
): Promise<{ total: number; entries: NamedEntry[] }> {
  const pattern = likePattern(text);
  const [count, hits] = await Promise.all([
    db.query<{ n: string }>(`SELECT count(*) AS n FROM ${SEARCH_FROM} WHERE ${SEARCH_WHERE}`, [
      guildId,
      pattern,
    ]),
    db.query<{
      user_id: string;
      total: string;
      username: string;
      display_name: string | null;
      avatar: string | null;
    }>(
      `SELECT m.user_id, uk.total, m.username, m.display_name, m.avatar FROM ${SEARCH_FROM}
       WHERE ${SEARCH_WHERE} ORDER BY uk.total DESC, uk.user_id LIMIT $3 OFFSET $4`,
      [guildId, pattern, limit, offset],
    ),
  ]);
  return {
    total: Number(count.rows[0]?.n ?? 0),
    entries: hits.rows.map((row) => ({
      userId: row.user_id,
      karma: Number(row.total),
      username: row.username,
      displayName: row.display_name,
      avatar: row.avatar,
    })),
  };
}
