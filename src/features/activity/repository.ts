import { pgArray, pgNumbers } from '../../platform/db/arrays.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { StatsDelta } from './domain.ts';

export async function addStats(db: Queryable, deltas: readonly StatsDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const cols = {
    guild: [] as string[],
    day: [] as string[],
    channel: [] as string[],
    user: [] as string[],
    messages: [] as number[],
    words: [] as number[],
    attachments: [] as number[],
    edits: [] as number[],
    deletions: [] as number[],
    reactions: [] as number[],
  };
  for (const d of deltas) {
    cols.guild.push(d.guildId);
    cols.day.push(d.day);
    cols.channel.push(d.channelId);
    cols.user.push(d.userId);
    cols.messages.push(d.messages);
    cols.words.push(d.words);
    cols.attachments.push(d.attachments);
    cols.edits.push(d.edits);
    cols.deletions.push(d.deletions);
    cols.reactions.push(d.reactions);
  }
  await db.query(
    `INSERT INTO message_stats_daily AS s
       (guild_id, day, channel_id, user_id, messages, words, attachments, edits, deletions, reactions)
     SELECT * FROM unnest($1::bigint[], $2::date[], $3::bigint[], $4::bigint[], $5::int[], $6::int[],
                          $7::int[], $8::int[], $9::int[], $10::int[])
     ON CONFLICT (guild_id, day, channel_id, user_id) DO UPDATE SET
       messages = s.messages + EXCLUDED.messages,
       words = s.words + EXCLUDED.words,
       attachments = s.attachments + EXCLUDED.attachments,
       edits = s.edits + EXCLUDED.edits,
       deletions = s.deletions + EXCLUDED.deletions,
       reactions = s.reactions + EXCLUDED.reactions`,
    [
      pgNumbers(cols.guild),
      pgArray(cols.day),
      pgNumbers(cols.channel),
      pgNumbers(cols.user),
      pgNumbers(cols.messages),
      pgNumbers(cols.words),
      pgNumbers(cols.attachments),
      pgNumbers(cols.edits),
      pgNumbers(cols.deletions),
      pgNumbers(cols.reactions),
    ],
  );
}

/** The channel on which committed statistics announce their guild (`pg_notify` payload: its id). */
export const STATS_CHANNEL = 'hearth_activity';

/**
 * Tells the processes that follow these guilds' statistics (the API's live streams) that they moved.
 * Inside the writing transaction: PostgreSQL delivers it at commit, once per guild, and never for a
 * batch that rolled back.
 */
export async function notifyStatsChanged(tx: Queryable, guildIds: readonly string[]): Promise<void> {
  if (guildIds.length === 0) return;
  await tx.query(`SELECT pg_notify('${STATS_CHANNEL}', g) FROM unnest($1::text[]) AS g`, [pgArray(guildIds)]);
}

export interface StatsTotals {
  messages: number;
  words: number;
  attachments: number;
  edits: number;
  deletions: number;
  reactions: number;
}

export interface StatsQuery {
  guildId: string;
  from: string;
  to: string;
  channelId?: string | undefined;
  userId?: string | undefined;
  limit: number;
}

// Every query reads message_stats_daily as `s`, so the sums and the filter serve all four.
const SUMS = `coalesce(sum(s.messages), 0)::int AS messages, coalesce(sum(s.words), 0)::int AS words,
  coalesce(sum(s.attachments), 0)::int AS attachments, coalesce(sum(s.edits), 0)::int AS edits,
  coalesce(sum(s.deletions), 0)::int AS deletions, coalesce(sum(s.reactions), 0)::int AS reactions`;

function where(q: StatsQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [q.guildId, q.from, q.to];
  let sql = 's.guild_id = $1 AND s.day BETWEEN $2::date AND $3::date';
  if (q.channelId) {
    params.push(q.channelId);
    sql += ` AND s.channel_id = $${params.length}`;
  }
  if (q.userId) {
    params.push(q.userId);
    sql += ` AND s.user_id = $${params.length}`;
  }
  return { sql, params };
}

export async function queryStats(db: Queryable, q: StatsQuery) {
  const w = where(q);
  const [totals, byDay, byChannel, byUser] = await Promise.all([
    db.query<StatsTotals & { active_members: number }>(
      `SELECT ${SUMS}, count(DISTINCT s.user_id) FILTER (WHERE s.messages > 0)::int AS active_members
       FROM message_stats_daily s WHERE ${w.sql}`,
      w.params,
    ),
    db.query<StatsTotals & { day: string }>(
      `SELECT s.day, ${SUMS} FROM message_stats_daily s WHERE ${w.sql} GROUP BY s.day ORDER BY s.day`,
      w.params,
    ),
    db.query<StatsTotals & { channel_id: string; name: string | null }>(
      `SELECT s.channel_id, c.name, ${SUMS}
       FROM message_stats_daily s LEFT JOIN channels c ON c.id = s.channel_id
       WHERE ${w.sql}
       GROUP BY s.channel_id, c.name ORDER BY messages DESC, s.channel_id LIMIT ${q.limit}`,
      w.params,
    ),
    db.query<StatsTotals & { user_id: string; username: string | null; display_name: string | null }>(
      `SELECT s.user_id, m.username, m.display_name, ${SUMS}
       FROM message_stats_daily s LEFT JOIN members m ON m.guild_id = s.guild_id AND m.user_id = s.user_id
       WHERE ${w.sql}
       GROUP BY s.user_id, m.username, m.display_name ORDER BY messages DESC, s.user_id LIMIT ${q.limit}`,
      w.params,
    ),
  ]);
  return { totals: totals.rows[0], byDay: byDay.rows, byChannel: byChannel.rows, byUser: byUser.rows };
}
