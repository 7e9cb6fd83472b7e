import type { ExpressionBuilder } from 'kysely';
import { pgArray, pgNumbers } from '../../platform/db/arrays.ts';
import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { DB, MessageStatsDaily } from '../../platform/db/schema.gen.ts';
import type { StatsDelta } from './domain.ts';

/**
 * The hot upsert's columns in `unnest` order, each with the array type its values travel as. The
 * names are checked against the generated schema by tsc; repository.test.ts checks the array types
 * against the real table.
 */
export const STATS_UPSERT_COLUMNS = [
  ['guild_id', 'bigint'],
  ['day', 'date'],
  ['channel_id', 'bigint'],
  ['user_id', 'bigint'],
  ['messages', 'int'],
  ['words', 'int'],
  ['attachments', 'int'],
  ['edits', 'int'],
  ['deletions', 'int'],
  ['reactions', 'int'],
] as const satisfies readonly (readonly [keyof MessageStatsDaily, string])[];

type UpsertColumn = (typeof STATS_UPSERT_COLUMNS)[number][0];

const COUNTERS = [
  'messages',
  'words',
  'attachments',
  'edits',
  'deletions',
  'reactions',
] as const satisfies readonly UpsertColumn[];

/**
 * Raw SQL on purpose: it runs in every pipeline batch, with its arrays as literals built without
 * node-postgres's escaping (platform/db/arrays.ts), and is composed once, not per call.
 */
export const STATS_UPSERT = `INSERT INTO message_stats_daily AS s
    (${STATS_UPSERT_COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${STATS_UPSERT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (guild_id, day, channel_id, user_id) DO UPDATE SET
    ${COUNTERS.map((c) => `${c} = s.${c} + EXCLUDED.${c}`).join(',\n    ')}`;

export async function addStats(db: Queryable, deltas: readonly StatsDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const cols: Record<UpsertColumn, (string | number)[]> = {
    guild_id: [],
    day: [],
    channel_id: [],
    user_id: [],
    messages: [],
    words: [],
    attachments: [],
    edits: [],
    deletions: [],
    reactions: [],
  };
  for (const d of deltas) {
    cols.guild_id.push(d.guildId);
    cols.day.push(d.day);
    cols.channel_id.push(d.channelId);
    cols.user_id.push(d.userId);
    cols.messages.push(d.messages);
    cols.words.push(d.words);
    cols.attachments.push(d.attachments);
    cols.edits.push(d.edits);
    cols.deletions.push(d.deletions);
    cols.reactions.push(d.reactions);
  }
  await db.query(
    STATS_UPSERT,
    STATS_UPSERT_COLUMNS.map(([name, type]) =>
      type === 'date' ? pgArray(cols[name]) : pgNumbers(cols[name]),
    ),
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

type StatsSource = DB & { s: MessageStatsDaily };
type Counter = (typeof COUNTERS)[number];

/** A counter summed over the rows (0 when there are none), as an int like the column. */
function total(eb: ExpressionBuilder<StatsSource, 's'>, counter: Counter) {
  return eb.cast<number>(eb.fn.coalesce(eb.fn.sum(`s.${counter}`), eb.lit(0)), 'integer').as(counter);
}

function totals(eb: ExpressionBuilder<StatsSource, 's'>) {
  return [
    total(eb, 'messages'),
    total(eb, 'words'),
    total(eb, 'attachments'),
    total(eb, 'edits'),
    total(eb, 'deletions'),
    total(eb, 'reactions'),
  ];
}

/** The guild's rows in the range, narrowed to a channel and a member when asked. */
function statsRows(db: Queryable, q: StatsQuery) {
  let rows = kyselyOf(db)
    .selectFrom('message_stats_daily as s')
    .where('s.guild_id', '=', q.guildId)
    .where((eb) => eb.between('s.day', q.from, q.to));
  if (q.channelId) rows = rows.where('s.channel_id', '=', q.channelId);
  if (q.userId) rows = rows.where('s.user_id', '=', q.userId);
  return rows;
}

export async function queryStats(db: Queryable, q: StatsQuery) {
  const rows = statsRows(db, q);
  const [totalsRow, byDay, byChannel, byUser] = await Promise.all([
    rows
      .select((eb) => [
        ...totals(eb),
        eb
          .cast<number>(eb.fn.count('s.user_id').distinct().filterWhere('s.messages', '>', 0), 'integer')
          .as('active_members'),
      ])
      .executeTakeFirst(),
    rows
      .select((eb) => ['s.day', ...totals(eb)])
      .groupBy('s.day')
      .orderBy('s.day')
      .execute(),
    rows
      .leftJoin('channels as c', 'c.id', 's.channel_id')
      .select((eb) => ['s.channel_id', 'c.name', ...totals(eb)])
      .groupBy(['s.channel_id', 'c.name'])
      .orderBy('messages', 'desc')
      .orderBy('s.channel_id')
      .limit(q.limit)
      .execute(),
    rows
      .leftJoin('members as m', (join) =>
        join.onRef('m.guild_id', '=', 's.guild_id').onRef('m.user_id', '=', 's.user_id'),
      )
      .select((eb) => ['s.user_id', 'm.username', 'm.display_name', ...totals(eb)])
      .groupBy(['s.user_id', 'm.username', 'm.display_name'])
      .orderBy('messages', 'desc')
      .orderBy('s.user_id')
      .limit(q.limit)
      .execute(),
  ]);
  return { totals: totalsRow, byDay, byChannel, byUser };
}
