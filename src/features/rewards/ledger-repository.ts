import { type Selectable, sql } from 'kysely';
import { epochMs, pgArray, pgEpochMillis, pgNumbers } from '../../platform/db/arrays.ts';
import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { KarmaLedger } from '../../platform/db/schema.gen.ts';
import type { KarmaSource } from '../karma/domain/index.ts';
import { type InsertedEntry, type LedgerEntry, ledgerKey } from './domain/ledger.ts';

/**
 * SQL of `karma_ledger`: every reward as a row keyed by what earned it, unique on (guild, source,
 * source id), so nothing is ever paid twice. Written in batches by the settlement's callers; read
 * one member at a time for the karma summary, log and history, and by the level import.
 */

/**
 * Inserts ledger rows; returns only those that were new. Rows whose (guild, source, source id) is
 * already in the ledger, or twice in this call, are silently dropped: that is exactly-once. The
 * statement answers with the keys it refused (almost always none), not with every row it wrote.
 */
export async function insertLedger(tx: Queryable, entries: readonly LedgerEntry[]): Promise<InsertedEntry[]> {
  if (entries.length === 0) return [];
  // The first of two entries with one key is the one the insert would keep.
  const unique = new Map<string, LedgerEntry>();
  for (const entry of entries) {
    const key = ledgerKey(entry);
    if (!unique.has(key)) unique.set(key, entry);
  }
  const list = [...unique.values()];
  // Raw SQL: the pipeline's hot batch insert, its arrays built without node-postgres's escaping.
  type Ledger = Selectable<KarmaLedger>;
  const { rows } = await tx.query<{ g: Ledger['guild_id']; s: Ledger['source']; sid: Ledger['source_id'] }>(
    `WITH input AS (
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[],
                            $7::bigint[], $8::bigint[]) AS t(g, u, d, r, s, sid, a, c)
     ),
     inserted AS (
       INSERT INTO karma_ledger (guild_id, user_id, delta, reason, source, source_id, actor_id, created_at)
       SELECT g, u, d, r, s, sid, a, ${epochMs('c')} FROM input
       ON CONFLICT (guild_id, source, source_id) DO NOTHING
       RETURNING guild_id, source, source_id
     )
     SELECT g::text AS g, s, sid FROM input EXCEPT ALL SELECT guild_id::text, source, source_id FROM inserted`,
    [
      pgNumbers(list.map((e) => e.guildId)),
      pgNumbers(list.map((e) => e.userId)),
      pgNumbers(list.map((e) => e.delta)),
      pgArray(list.map((e) => e.reason)),
      pgArray(list.map((e) => e.source)),
      pgArray(list.map((e) => e.sourceId)),
      pgArray(list.map((e) => e.actorId ?? null)),
      pgEpochMillis(list.map((e) => e.at)),
    ],
  );
  for (const row of rows) unique.delete(ledgerKey({ guildId: row.g, source: row.s, sourceId: row.sid }));
  return [...unique.values()].map((e) => ({
    guildId: e.guildId,
    userId: e.userId,
    delta: e.delta,
    source: e.source,
    sourceId: e.sourceId,
    at: e.at,
  }));
}

export interface SourceSums {
  source: KarmaSource;
  total: number;
  /** Earned since the given start of the day and of the week. */
  today: number;
  week: number;
}

/** A member's karma per source: all time, since `dayStart` and since `weekStart`. */
export async function sumsBySource(
  db: Queryable,
  guildId: string,
  userId: string,
  dayStart: Date,
  weekStart: Date,
): Promise<SourceSums[]> {
  const rows = await kyselyOf(db)
    .selectFrom('karma_ledger')
    .select((eb) => [
      'source',
      eb.fn.sum<string>('delta').as('total'),
      eb.fn
        .coalesce(eb.fn.sum<string>('delta').filterWhere('created_at', '>=', dayStart), eb.lit(0))
        .as('today'),
      eb.fn
        .coalesce(eb.fn.sum<string>('delta').filterWhere('created_at', '>=', weekStart), eb.lit(0))
        .as('week'),
    ])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .groupBy('source')
    .$narrowType<{ source: KarmaSource }>()
    .execute();
  return rows.map((row) => ({
    source: row.source,
    total: Number(row.total),
    today: Number(row.today),
    week: Number(row.week),
  }));
}

export interface LedgerRow {
  source: KarmaSource;
  sourceId: string;
  delta: number;
  reason: string;
  actorId: string | null;
  createdAt: Date;
}

export async function countEntries(db: Queryable, guildId: string, userId: string): Promise<number> {
  const row = await kyselyOf(db)
    .selectFrom('karma_ledger')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A member's ledger, newest first (by when the karma was earned). */
export async function entriesPage(
  db: Queryable,
  guildId: string,
  userId: string,
  limit: number,
  offset: number,
): Promise<LedgerRow[]> {
  const rows = await kyselyOf(db)
    .selectFrom('karma_ledger')
    .select(['source', 'source_id', 'delta', 'reason', 'actor_id', 'created_at'])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('source', 'desc')
    .orderBy('source_id', 'desc')
    .limit(limit)
    .offset(offset)
    .$narrowType<{ source: KarmaSource }>()
    .execute();
  return rows.map((r) => ({
    source: r.source,
    sourceId: r.source_id,
    delta: r.delta,
    reason: r.reason,
    actorId: r.actor_id,
    createdAt: r.created_at,
  }));
}

/** Karma and entries per UTC day over [from, to] (inclusive); days without karma are absent. */
export async function karmaPerDay(
  db: Queryable,
  guildId: string,
  userId: string,
  from: string,
  to: string,
): Promise<{ day: string; karma: number; events: number }[]> {
  const day = sql<string>`(created_at AT TIME ZONE 'UTC')::date`;
  const rows = await kyselyOf(db)
    .selectFrom('karma_ledger')
    .select((eb) => [
      day.as('day'),
      eb.fn.sum<string>('delta').as('karma'),
      eb.fn.countAll<string>().as('events'),
    ])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('created_at', '>=', sql<Date>`${from}::date`)
    .where('created_at', '<', sql<Date>`${to}::date + 1`)
    .groupBy(day)
    .orderBy(day)
    .execute();
  return rows.map((r) => ({ day: r.day, karma: Number(r.karma), events: Number(r.events) }));
}

/**
 * Members a level import with this batch id already credited (import source ids are
 * `<batch>:<user>`). The primary key's (guild, source) prefix finds the guild's import rows;
 * `starts_with` rather than a range because a range on text follows the database's collation, which
 * may ignore punctuation.
 */
export async function importedUsers(db: Queryable, guildId: string, batchId: string): Promise<Set<string>> {
  const prefix = `${batchId}:`;
  const rows = await kyselyOf(db)
    .selectFrom('karma_ledger')
    .select('source_id')
    .where('guild_id', '=', guildId)
    .where('source', '=', 'import')
    .where((eb) => eb.fn<boolean>('starts_with', ['source_id', eb.val(prefix)]))
    .execute();
  return new Set(rows.map((row) => row.source_id.slice(prefix.length)));
}
