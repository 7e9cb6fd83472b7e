import { pgArray } from '../../platform/db/arrays.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { QuestCriterion, QuestPeriod, QuestProgress, QuestStatus } from './domain/index.ts';
import { windowOf } from './domain/live-state.ts';

/** SQL of `user_quest_progress`, in batches for the pipeline and one member at a time for the API. */

export interface StoredProgress {
  /** Null for a row assigned in this transaction and not written yet. */
  id: string | null;
  guildId: string;
  row: QuestProgress;
}

interface ProgressRow {
  id: string;
  guild_id: string;
  user_id: string;
  quest_key: string;
  period: QuestPeriod;
  period_key: string;
  criterion: QuestCriterion;
  target: number;
  reward: number;
  progress: number;
  state: { seen?: string[] } | null;
  status: QuestStatus;
  starts_at?: Date;
  expires_at?: Date;
  completed_at: Date | null;
  claimed_at: Date | null;
}

const COLUMNS = `q.id, q.guild_id, q.user_id, q.quest_key, q.period, q.period_key, q.criterion, q.target,
  q.reward, q.progress, q.state, q.status, q.starts_at, q.expires_at, q.completed_at, q.claimed_at`;

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
  const { rows: written } = await tx.query<{
    id: string;
    guild_id: string;
    user_id: string;
    quest_key: string;
    period_key: string;
    status: QuestStatus;
  }>(
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
  const { rows } = await db.query<ProgressRow>(
    `SELECT ${COLUMNS} FROM user_quest_progress q
     LEFT JOIN quests d ON d.guild_id = q.guild_id AND d.key = q.quest_key
     WHERE q.guild_id = $1 AND q.user_id = $2 AND q.period_key = $3
     ORDER BY d.position NULLS LAST, q.quest_key`,
    [guildId, userId, periodKey],
  );
  return rows.map(toStored);
}

export async function progressById(
  db: Queryable,
  progressId: string,
  forUpdate: boolean,
): Promise<StoredProgress | null> {
  const { rows } = await db.query<ProgressRow>(
    `SELECT ${COLUMNS} FROM user_quest_progress q WHERE q.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [progressId],
  );
  const row = rows[0];
  return row ? toStored(row) : null;
}

export async function markClaimed(tx: Queryable, progressId: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE user_quest_progress SET status = 'CLAIMED', claimed_at = $2, updated_at = now() WHERE id = $1`,
    [progressId, at.toISOString()],
  );
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
  const { rows } = await db.query<Record<keyof QuestStatsRow, string>>(
    `SELECT count(*) AS total,
            count(*) FILTER (WHERE status = 'AVAILABLE') AS available,
            count(*) FILTER (WHERE status = 'IN_PROGRESS') AS "inProgress",
            count(*) FILTER (WHERE status = 'COMPLETED') AS completed,
            count(*) FILTER (WHERE status = 'CLAIMED') AS claimed,
            count(*) FILTER (WHERE status = 'EXPIRED') AS expired,
            count(*) FILTER (WHERE status = 'COMPLETED' AND expires_at > $3) AS claimable,
            coalesce(sum(reward) FILTER (WHERE status = 'CLAIMED'), 0) AS "karmaClaimed",
            count(*) FILTER (WHERE completed_at IS NOT NULL) AS "everCompleted"
     FROM user_quest_progress WHERE guild_id = $1 AND user_id = $2`,
    [guildId, userId, now.toISOString()],
  );
  const row = rows[0];
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
    const { rowCount } = await db.query(
      `UPDATE user_quest_progress SET status = 'EXPIRED', updated_at = now()
       WHERE id IN (SELECT id FROM user_quest_progress
                    WHERE status IN ('AVAILABLE', 'IN_PROGRESS', 'COMPLETED') AND expires_at <= $1
                    ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [now.toISOString(), chunk],
    );
    expired += rowCount;
    if (rowCount < chunk) return expired;
  }
}

/** Deletes finished rows (claimed or expired) whose period ended before `before`. */
export async function deleteFinishedBefore(db: Queryable, before: Date, chunk = 5000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `DELETE FROM user_quest_progress WHERE id IN (
         SELECT id FROM user_quest_progress
         WHERE status IN ('CLAIMED', 'EXPIRED') AND expires_at < $1 ORDER BY id LIMIT $2)`,
      [before.toISOString(), chunk],
    );
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
  const { rows } = await db.query<{
    quest_key: string;
    period_key: string;
    members: string;
    in_progress: string;
    completed: string;
    claimed: string;
  }>(
    `SELECT quest_key, period_key, count(*) AS members,
            count(*) FILTER (WHERE status = 'IN_PROGRESS') AS in_progress,
            count(*) FILTER (WHERE status IN ('COMPLETED', 'CLAIMED')) AS completed,
            count(*) FILTER (WHERE status = 'CLAIMED') AS claimed
     FROM user_quest_progress WHERE guild_id = $1 AND period_key = ANY($2::text[])
     GROUP BY quest_key, period_key`,
    [guildId, pgArray(periodKeys)],
  );
  return rows.map((r) => ({
    questKey: r.quest_key,
    periodKey: r.period_key,
    members: Number(r.members),
    inProgress: Number(r.in_progress),
    completed: Number(r.completed),
    claimed: Number(r.claimed),
  }));
}
