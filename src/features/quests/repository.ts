import { type Selectable, sql } from 'kysely';
import { pgArray } from '../../platform/db/arrays.ts';
import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { UserQuestProgress } from '../../platform/db/schema.gen.ts';
import type { QuestCriterion, QuestPeriod, QuestProgress, QuestStatus } from './domain/index.ts';
import { windowOf } from './domain/live-state.ts';

/** SQL of `user_quest_progress`, in batches for the pipeline and one member at a time for the API. */

export interface StoredProgress {
  /** Null for a row assigned in this transaction and not written yet. */
  id: string | null;
  guildId: string;
  row: QuestProgress;
}

/** What the columns hold: only this file's writes, from validated quest definitions, fill them. */
interface ProgressColumns {
  period: QuestPeriod;
  criterion: QuestCriterion;
  status: QuestStatus;
}

type ProgressRow = Omit<
  Selectable<UserQuestProgress>,
  keyof ProgressColumns | 'state' | 'starts_at' | 'expires_at' | 'created_at' | 'updated_at'
> &
  ProgressColumns & {
    state: { seen?: string[] } | null;
    starts_at?: Date;
    expires_at?: Date;
  };

/** The columns a row is read with, in the order `toStored` wants them. */
const PROGRESS_COLUMNS = [
  'q.id',
  'q.guild_id',
  'q.user_id',
  'q.quest_key',
  'q.period',
  'q.period_key',
  'q.criterion',
  'q.target',
  'q.reward',
  'q.progress',
  'q.state',
  'q.status',
  'q.starts_at',
  'q.expires_at',
  'q.completed_at',
  'q.claimed_at',
] as const;

/** Without the period's bounds, which follow from its key: the pipeline loads many rows. */
const LEAN_COLUMNS = `q.id, q.guild_id, q.user_id, q.quest_key, q.period, q.period_key, q.criterion, q.target,
  q.reward, q.progress, q.state, q.status, q.completed_at, q.claimed_at`;

function toStored(row: ProgressRow): StoredProgress {
  const window = row.starts_at === undefined ? windowOf(row.period_key) : null;
  return {
    id: row.id,
    guildId: row.guild_id,
    row: {
      userId: row.user_id,
      questKey: row.quest_key,
      period: row.period,
      periodKey: row.period_key,
      criterion: row.criterion,
      target: row.target,
      reward: row.reward,
      progress: row.progress,
      seen: row.state?.seen ?? [],
      status: row.status,
      startsAt: window?.startsAt ?? (row.starts_at as Date),
      expiresAt: window?.expiresAt ?? (row.expires_at as Date),
      completedAt: row.completed_at,
      claimedAt: row.claimed_at,
    },
  };
}

/**
 * The rows of the given periods for many members. `allRows` per member: every status (to learn which
 * quests are already assigned) or only the ones still moving (AVAILABLE, IN_PROGRESS).
 */
export async function loadProgress(
  tx: Queryable,
  members: readonly { guildId: string; userId: string; allRows: boolean }[],
  periodKeys: readonly string[],
): Promise<StoredProgress[]> {
  if (members.length === 0) return [];
  // Raw SQL: the pipeline's batch read, one `unnest` of its members joined to their rows.
  const { rows } = await tx.query<ProgressRow>(
    `SELECT ${LEAN_COLUMNS}
     FROM unnest($1::bigint[], $2::bigint[], $3::boolean[]) AS k(g, u, all_rows)
     JOIN user_quest_progress q ON q.guild_id = k.g AND q.user_id = k.u AND q.period_key = ANY($4::text[])
     WHERE k.all_rows OR q.status IN ('AVAILABLE', 'IN_PROGRESS')`,
    [members.map((m) => m.guildId), members.map((m) => m.userId), members.map((m) => m.allRows), periodKeys],
  );
  return rows.map(toStored);
}

/**
 * Writes new and changed rows. An existing row is only changed while it is still moving: a row that a
 * claim, the expiry job or another writer finished meanwhile is left alone. Returns what was written.
 */
export async function upsertProgress(
  tx: Queryable,
  rows: readonly { guildId: string; row: QuestProgress }[],
): Promise<
  { id: string; guildId: string; userId: string; questKey: string; periodKey: string; status: QuestStatus }[]
> {
  if (rows.length === 0) return [];
  const col = <T>(pick: (r: QuestProgress) => T): T[] => rows.map((r) => pick(r.row));
  // Raw SQL: the pipeline's batch upsert, one `unnest` of arrays for every row of the batch.
  const { rows: written } = await tx.query<
    Pick<Selectable<UserQuestProgress>, 'id' | 'guild_id' | 'user_id' | 'quest_key' | 'period_key'> &
      Pick<ProgressColumns, 'status'>
  >(
    `INSERT INTO user_quest_progress AS q (guild_id, user_id, quest_key, period, period_key, criterion, target,
                                           reward, progress, state, status, starts_at, expires_at, completed_at)
     SELECT g, u, k, p, pk, c, t, r, pr, s::jsonb, st, sa, ea, ca
     FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[],
                 $8::int[], $9::int[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[],
                 $14::timestamptz[]) AS x(g, u, k, p, pk, c, t, r, pr, s, st, sa, ea, ca)
     ORDER BY g, u, pk, k
     ON CONFLICT (guild_id, user_id, period_key, quest_key) DO UPDATE SET
       progress = EXCLUDED.progress, state = EXCLUDED.state, status = EXCLUDED.status,
       completed_at = EXCLUDED.completed_at, updated_at = now()
     WHERE q.status IN ('AVAILABLE', 'IN_PROGRESS')
     RETURNING id, guild_id, user_id, quest_key, period_key, status`,
    [
      rows.map((r) => r.guildId),
      col((r) => r.userId),
      col((r) => r.questKey),
      col((r) => r.period),
      col((r) => r.periodKey),
      col((r) => r.criterion),
      col((r) => r.target),
      col((r) => r.reward),
      col((r) => r.progress),
      col((r) => JSON.stringify({ seen: r.seen })),
      col((r) => r.status),
      col((r) => r.startsAt.toISOString()),
      col((r) => r.expiresAt.toISOString()),
      col((r) => r.completedAt?.toISOString() ?? null),
    ],
  );
  return written.map((w) => ({
    id: w.id,
    guildId: w.guild_id,
    userId: w.user_id,
    questKey: w.quest_key,
    periodKey: w.period_key,
    status: w.status,
  }));
}

export interface FlushRow {
  guildId: string;
  userId: string;
  periodKey: string;
  questKey: string;
  progress: number;
  seen: readonly string[];
}

/**
 * Writes the last live progress of rows whose period ended, so an expired quest shows how far the
 * member got. Never lowers progress and never touches a completed or claimed row.
 */
export async function flushProgress(tx: Queryable, rows: readonly FlushRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE user_quest_progress q SET progress = f.p, state = f.s::jsonb, updated_at = now()
     FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::text[])
       AS f(g, u, pk, k, p, s)
     WHERE q.guild_id = f.g AND q.user_id = f.u AND q.period_key = f.pk AND q.quest_key = f.k
       AND q.status IN ('AVAILABLE', 'IN_PROGRESS', 'EXPIRED') AND q.progress < f.p`,
    [
      rows.map((r) => r.guildId),
      rows.map((r) => r.userId),
      rows.map((r) => r.periodKey),
      rows.map((r) => r.questKey),
      rows.map((r) => r.progress),
      rows.map((r) => JSON.stringify({ seen: r.seen })),
    ],
  );
}

/** Inserts freshly assigned rows that do not exist yet (concurrent assignment is harmless). */
export async function insertAssigned(
  tx: Queryable,
  guildId: string,
  rows: readonly QuestProgress[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO user_quest_progress (guild_id, user_id, quest_key, period, period_key, criterion, target,
                                      reward, starts_at, expires_at)
     SELECT $1::bigint, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                                      $7::int[], $8::int[], $9::timestamptz[], $10::timestamptz[])
     ON CONFLICT (guild_id, user_id, period_key, quest_key) DO NOTHING`,
    [
      guildId,
      rows.map((r) => r.userId),
      rows.map((r) => r.questKey),
      rows.map((r) => r.period),
      rows.map((r) => r.periodKey),
      rows.map((r) => r.criterion),
      rows.map((r) => r.target),
      rows.map((r) => r.reward),
      rows.map((r) => r.startsAt.toISOString()),
      rows.map((r) => r.expiresAt.toISOString()),
    ],
  );
}

/** One member's rows of one period, in catalog order of the guild (then key). */
export async function memberPeriodRows(
  db: Queryable,
  guildId: string,
  userId: string,
  periodKey: string,
): Promise<StoredProgress[]> {
  const rows = await kyselyOf(db)
    .selectFrom('user_quest_progress as q')
    .leftJoin('quests as d', (join) =>
      join.onRef('d.guild_id', '=', 'q.guild_id').onRef('d.key', '=', 'q.quest_key'),
    )
    .select(PROGRESS_COLUMNS)
    .where('q.guild_id', '=', guildId)
    .where('q.user_id', '=', userId)
    .where('q.period_key', '=', periodKey)
    .orderBy('d.position', (order) => order.nullsLast())
    .orderBy('q.quest_key')
    .$narrowType<ProgressColumns & { state: ProgressRow['state'] }>()
    .execute();
  return rows.map(toStored);
}

export async function progressById(
  db: Queryable,
  progressId: string,
  forUpdate: boolean,
): Promise<StoredProgress | null> {
  const row = await kyselyOf(db)
    .selectFrom('user_quest_progress as q')
    .select(PROGRESS_COLUMNS)
    .where('q.id', '=', progressId)
    .$if(forUpdate, (query) => query.forUpdate())
    .$narrowType<ProgressColumns & { state: ProgressRow['state'] }>()
    .executeTakeFirst();
  return row ? toStored(row) : null;
}

export async function markClaimed(tx: Queryable, progressId: string, at: Date): Promise<void> {
  await kyselyOf(tx)
    .updateTable('user_quest_progress')
    .set({ status: 'CLAIMED', claimed_at: at.toISOString(), updated_at: sql`now()` })
    .where('id', '=', progressId)
    .execute();
}

export interface QuestStatsRow {
  total: number;
  available: number;
  inProgress: number;
  completed: number;
  claimed: number;
  expired: number;
  claimable: number;
  karmaClaimed: number;
  everCompleted: number;
}

/** Seed 004's `/quests/stats`, counted in SQL (a long-time member has thousands of rows). */
export async function memberStats(
  db: Queryable,
  guildId: string,
  userId: string,
  now: Date,
): Promise<QuestStatsRow> {
  const row = await kyselyOf(db)
    .selectFrom('user_quest_progress')
    .select((eb) => {
      const count = () => eb.fn.countAll<string>();
      return [
        count().as('total'),
        count().filterWhere('status', '=', 'AVAILABLE').as('available'),
        count().filterWhere('status', '=', 'IN_PROGRESS').as('inProgress'),
        count().filterWhere('status', '=', 'COMPLETED').as('completed'),
        count().filterWhere('status', '=', 'CLAIMED').as('claimed'),
        count().filterWhere('status', '=', 'EXPIRED').as('expired'),
        count()
          .filterWhere((f) => f.and([f('status', '=', 'COMPLETED'), f('expires_at', '>', now)]))
          .as('claimable'),
        eb.fn
          .coalesce(eb.fn.sum<string>('reward').filterWhere('status', '=', 'CLAIMED'), eb.lit(0))
          .as('karmaClaimed'),
        count().filterWhere('completed_at', 'is not', null).as('everCompleted'),
      ];
    })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const n = (key: keyof QuestStatsRow) => Number(row?.[key] ?? 0);
  return {
    total: n('total'),
    available: n('available'),
    inProgress: n('inProgress'),
    completed: n('completed'),
    claimed: n('claimed'),
    expired: n('expired'),
    claimable: n('claimable'),
    karmaClaimed: n('karmaClaimed'),
    everCompleted: n('everCompleted'),
  };
}

/**
 * Expires unclaimed rows whose period ended, in chunks. SKIP LOCKED: rows a claim or the pipeline
 * holds are left for the next run instead of waiting (and never deadlock with them).
 */
export async function expireDue(db: Queryable, now: Date, chunk = 5000): Promise<number> {
  let expired = 0;
  for (;;) {
    const result = await kyselyOf(db)
      .updateTable('user_quest_progress')
      .set({ status: 'EXPIRED', updated_at: sql`now()` })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('user_quest_progress')
          .select('id')
          .where('status', 'in', ['AVAILABLE', 'IN_PROGRESS', 'COMPLETED'])
          .where('expires_at', '<=', now)
          .orderBy('id')
          .limit(chunk)
          .forUpdate()
          .skipLocked(),
      )
      .executeTakeFirst();
    const rowCount = Number(result.numUpdatedRows);
    expired += rowCount;
    if (rowCount < chunk) return expired;
  }
}

/** Deletes finished rows (claimed or expired) whose period ended before `before`. */
export async function deleteFinishedBefore(db: Queryable, before: Date, chunk = 5000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await kyselyOf(db)
      .deleteFrom('user_quest_progress')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('user_quest_progress')
          .select('id')
          .where('status', 'in', ['CLAIMED', 'EXPIRED'])
          .where('expires_at', '<', before)
          .orderBy('id')
          .limit(chunk),
      )
      .executeTakeFirst();
    const rowCount = Number(result.numDeletedRows);
    deleted += rowCount;
    if (rowCount < chunk) return deleted;
  }
}

export interface QuestPeriodCounts {
  questKey: string;
  periodKey: string;
  members: number;
  inProgress: number;
  completed: number;
  claimed: number;
}

/**
 * Per quest of the given periods, the guild's members who hold it (assigned on a visit or on
 * activity), are on it, completed it (claimed or not) and claimed it. Status is current on every row
 * (see the table's comment), so counting statuses is exact.
 */
export async function guildPeriodCounts(
  db: Queryable,
  guildId: string,
  periodKeys: readonly string[],
): Promise<QuestPeriodCounts[]> {
  const rows = await kyselyOf(db)
    .selectFrom('user_quest_progress')
    .select((eb) => [
      'quest_key',
      'period_key',
      eb.fn.countAll<string>().as('members'),
      eb.fn.countAll<string>().filterWhere('status', '=', 'IN_PROGRESS').as('in_progress'),
      eb.fn.countAll<string>().filterWhere('status', 'in', ['COMPLETED', 'CLAIMED']).as('completed'),
      eb.fn.countAll<string>().filterWhere('status', '=', 'CLAIMED').as('claimed'),
    ])
    .where('guild_id', '=', guildId)
    .where((eb) => eb('period_key', '=', eb.fn.any(sql<string[]>`${pgArray(periodKeys)}::text[]`)))
    .groupBy(['quest_key', 'period_key'])
    .execute();
  return rows.map((r) => ({
    questKey: r.quest_key,
    periodKey: r.period_key,
    members: Number(r.members),
    inProgress: Number(r.in_progress),
    completed: Number(r.completed),
    claimed: Number(r.claimed),
  }));
}
