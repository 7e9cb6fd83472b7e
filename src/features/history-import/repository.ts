import type { Db, Queryable } from '../../platform/db/port.ts';
import {
  type ChannelProgress,
  type ChannelStatus,
  oldestId,
  type StagedMessage,
  type TaskPhase,
  type TaskStatus,
} from './domain.ts';

/** The SQL of history import: tasks, their channels' checkpoints, and the staged messages. */

export interface TaskRow {
  id: string;
  guild_id: string;
  channel_ids: string[] | null;
  since: Date | null;
  until: Date | null;
  anchor_message_id: string | null;
  award_karma: boolean;
  status: TaskStatus;
  phase: TaskPhase;
  channels_total: number;
  channels_done: number;
  channels_skipped: number;
  messages_fetched: string;
  messages_processed: string;
  pages_fetched: string;
  progress: number;
  rate_per_second: number;
  eta_seconds: number | null;
  run_seconds: number;
  attempts: number;
  last_error: string | null;
  requested_by: string | null;
  lease_owner: string | null;
  lease_until: Date | null;
  created_at: Date;
  started_at: Date | null;
  updated_at: Date;
  finished_at: Date | null;
}

export interface ChannelRow {
  channel_id: string;
  parent_id: string | null;
  name: string;
  type: number;
  status: ChannelStatus;
  cursor: string;
  stop_at: string;
  messages: string;
  pages: number;
  first_message_id: string | null;
  error: string | null;
}

const TASK_COLUMNS = `id::text, guild_id::text, channel_ids::text[], since, until, anchor_message_id::text,
  award_karma, status, phase, channels_total, channels_done, channels_skipped, messages_fetched::text,
  messages_processed::text, pages_fetched::text, progress, rate_per_second, eta_seconds, run_seconds,
  attempts, last_error, requested_by, lease_owner, lease_until, created_at, started_at, updated_at,
  finished_at`;

export interface NewTask {
  guildId: string;
  channelIds: string[] | null;
  since: Date | null;
  until: Date | null;
  anchorMessageId: string | null;
  awardKarma: boolean;
  requestedBy: string | null;
}

/** Inserts a pending task; null when the guild already has one pending or running. */
export async function insertTask(db: Queryable, task: NewTask): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>(
    `INSERT INTO history_fetch_tasks (guild_id, channel_ids, since, until, anchor_message_id, award_karma, requested_by)
     VALUES ($1, $2::bigint[], $3, $4, $5, $6, $7)
     ON CONFLICT (guild_id) WHERE status IN ('pending', 'running') DO NOTHING
     RETURNING ${TASK_COLUMNS}`,
    [
      task.guildId,
      task.channelIds,
      task.since,
      task.until,
      task.anchorMessageId,
      task.awardKarma,
      task.requestedBy,
    ],
  );
  return rows[0] ?? null;
}

export async function activeTask(db: Queryable, guildId: string): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM history_fetch_tasks WHERE guild_id = $1 AND status IN ('pending', 'running')`,
    [guildId],
  );
  return rows[0] ?? null;
}

export async function taskById(db: Queryable, taskId: string): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM history_fetch_tasks WHERE id = $1`, [
    taskId,
  ]);
  return rows[0] ?? null;
}

export async function guildTasks(
  db: Queryable,
  guildId: string,
  limit: number,
  beforeId: string | null,
): Promise<TaskRow[]> {
  const { rows } = await db.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM history_fetch_tasks
     WHERE guild_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [guildId, beforeId, limit],
  );
  return rows;
}

export async function taskChannels(db: Queryable, taskId: string): Promise<ChannelRow[]> {
  const { rows } = await db.query<ChannelRow>(
    `SELECT channel_id::text, parent_id::text, name, type, status, cursor::text, stop_at::text,
            messages::text, pages, first_message_id::text, error
     FROM history_fetch_channels WHERE task_id = $1 ORDER BY channel_id`,
    [taskId],
  );
  return rows;
}

export function channelProgress(rows: readonly ChannelRow[]): ChannelProgress[] {
  return rows.map((r) => ({
    channelId: r.channel_id,
    status: r.status,
    cursor: BigInt(r.cursor),
    stopAt: BigInt(r.stop_at),
    messages: Number(r.messages),
    firstId: r.first_message_id === null ? null : BigInt(r.first_message_id),
  }));
}

/**
 * Takes (or keeps) the lease of a task that is still to do. Null when another runner holds a live
 * lease, or the task is finished.
 */
export async function claimTask(
  db: Queryable,
  taskId: string,
  owner: string,
  leaseMs: number,
): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>(
    `UPDATE history_fetch_tasks SET status = 'running', lease_owner = $2,
       lease_until = now() + make_interval(secs => $3::double precision / 1000),
       started_at = coalesce(started_at, now()), updated_at = now()
     WHERE id = $1 AND status IN ('pending', 'running')
       AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now())
     RETURNING ${TASK_COLUMNS}`,
    [taskId, owner, leaseMs],
  );
  return rows[0] ?? null;
}

/** Extends the lease; the task's status, or null when the lease was lost to another runner. */
export async function renewLease(
  db: Queryable,
  taskId: string,
  owner: string,
  leaseMs: number,
): Promise<TaskStatus | null> {
  const { rows } = await db.query<{ status: TaskStatus }>(
    `UPDATE history_fetch_tasks
     SET lease_until = CASE WHEN status = 'running' THEN now() + make_interval(secs => $3::double precision / 1000)
                            ELSE lease_until END
     WHERE id = $1 AND lease_owner = $2 RETURNING status`,
    [taskId, owner, leaseMs],
  );
  return rows[0]?.status ?? null;
}

export async function releaseLease(db: Queryable, taskId: string, owner: string): Promise<void> {
  await db.query(
    `UPDATE history_fetch_tasks SET lease_owner = NULL, lease_until = NULL, updated_at = now()
     WHERE id = $1 AND lease_owner = $2`,
    [taskId, owner],
  );
}

/** Thrown inside a runner's transaction when its lease is gone: nothing of that write is kept. */
export class LeaseLost extends Error {
  constructor(taskId: string) {
    super(`history import ${taskId}: the lease was lost or the task was cancelled`);
    this.name = 'LeaseLost';
  }
}

async function assertLease(tx: Queryable, taskId: string, owner: string): Promise<void> {
  const { rows } = await tx.query(
    `SELECT 1 FROM history_fetch_tasks WHERE id = $1 AND lease_owner = $2 AND status = 'running' FOR UPDATE`,
    [taskId, owner],
  );
  if (rows.length === 0) throw new LeaseLost(taskId);
}

export interface ListedChannel {
  channelId: string;
  parentId: string | null;
  name: string;
  type: number;
  cursor: bigint;
  stopAt: bigint;
}

export async function saveChannels(
  db: Db,
  taskId: string,
  owner: string,
  channels: readonly ListedChannel[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await assertLease(tx, taskId, owner);
    await tx.query(
      `INSERT INTO history_fetch_channels (task_id, channel_id, parent_id, name, type, cursor, stop_at, status)
       SELECT $1, c, p, n, t, cur, stop, CASE WHEN cur >= stop THEN 'done' ELSE 'pending' END
       FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::int[], $6::bigint[], $7::bigint[])
         AS x(c, p, n, t, cur, stop)
       ON CONFLICT (task_id, channel_id) DO NOTHING`,
      [
        taskId,
        channels.map((c) => c.channelId),
        channels.map((c) => c.parentId),
        channels.map((c) => c.name),
        channels.map((c) => c.type),
        channels.map((c) => c.cursor.toString()),
        channels.map((c) => c.stopAt.toString()),
      ],
    );
    await tx.query(
      `UPDATE history_fetch_tasks t SET phase = 'fetching', updated_at = now(),
         channels_total = (SELECT count(*) FROM history_fetch_channels c WHERE c.task_id = t.id),
         channels_done = (SELECT count(*) FROM history_fetch_channels c WHERE c.task_id = t.id AND c.status = 'done')
       WHERE id = $1`,
      [taskId],
    );
  });
}

export interface PageWrite {
  taskId: string;
  owner: string;
  channelId: string;
  /** The checkpoint the page was fetched from: a write from a stale runner finds it moved and fails. */
  from: bigint;
  cursor: bigint;
  finished: boolean;
  messages: readonly StagedMessage[];
}

/** The lease holds and the task runs: the condition every write of a runner carries. */
const LEASED = `EXISTS (SELECT 1 FROM history_fetch_tasks t WHERE t.id = $1 AND t.lease_owner = $3 AND t.status = 'running')`;

/**
 * Stages a page and moves its channel's checkpoint, in one transaction; the new messages' count.
 * Only the channel's row is written: concurrent channels never wait on each other.
 */
export async function savePage(db: Db, page: PageWrite): Promise<number> {
  return db.transaction(async (tx) => {
    let inserted = 0;
    if (page.messages.length > 0) {
      const m = page.messages;
      const result = await tx.query(
        `INSERT INTO history_staged_messages
           (task_id, message_id, channel_id, user_id, author_is_bot, system, is_reply, words, attachments)
         SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::boolean[], $6::boolean[],
                                  $7::boolean[], $8::int[], $9::int[])
         ON CONFLICT (task_id, message_id) DO NOTHING`,
        [
          page.taskId,
          m.map((x) => x.messageId),
          m.map((x) => x.channelId),
          m.map((x) => x.userId),
          m.map((x) => x.authorIsBot),
          m.map((x) => x.system),
          m.map((x) => x.isReply),
          m.map((x) => x.words),
          m.map((x) => x.attachments),
        ],
      );
      inserted = result.rowCount ?? 0;
    }
    // A stale runner (its lease lapsed, or the checkpoint moved under it) finds no row and rolls back.
    const moved = await tx.query(
      `UPDATE history_fetch_channels SET cursor = $4, status = $5, messages = messages + $6, pages = pages + 1,
         first_message_id = coalesce(first_message_id, $8::bigint), updated_at = now()
       WHERE task_id = $1 AND channel_id = $2 AND cursor = $7 AND ${LEASED}`,
      [
        page.taskId,
        page.channelId,
        page.owner,
        page.cursor.toString(),
        page.finished ? 'done' : 'running',
        inserted,
        page.from.toString(),
        oldestId(page.messages.map((m) => m.messageId))?.toString() ?? null,
      ],
    );
    if (moved.rowCount === 0) throw new LeaseLost(page.taskId);
    return inserted;
  });
}

/** A channel that cannot be read (forbidden, deleted) or kept failing: recorded and left. */
export async function endChannel(
  db: Db,
  taskId: string,
  owner: string,
  channelId: string,
  status: 'skipped' | 'failed',
  error: string,
): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE history_fetch_channels SET status = $4, error = $5, updated_at = now()
     WHERE task_id = $1 AND channel_id = $2 AND status IN ('pending', 'running') AND ${LEASED}`,
    [taskId, channelId, owner, status, error],
  );
  if (rowCount === 0) throw new LeaseLost(taskId);
}

/** The task's counts from its channels' rows, written in the statement they are part of. */
const CHANNEL_COUNTS = `
  channels_done = agg.done, channels_skipped = agg.skipped,
  messages_fetched = agg.messages, pages_fetched = agg.pages
  FROM (SELECT count(*) FILTER (WHERE status = 'done') AS done,
               count(*) FILTER (WHERE status IN ('skipped', 'failed')) AS skipped,
               coalesce(sum(messages), 0) AS messages, coalesce(sum(pages), 0) AS pages
        FROM history_fetch_channels WHERE task_id = $1) agg`;

interface StagedRow {
  message_id: string;
  channel_id: string;
  user_id: string;
  author_is_bot: boolean;
  system: boolean;
  is_reply: boolean;
  words: number;
  attachments: number;
}

/** The oldest staged messages at or below the watermark (all of them when it is null). */
export async function stagedUpTo(
  db: Queryable,
  taskId: string,
  watermark: bigint | null,
  limit: number,
): Promise<StagedMessage[]> {
  const { rows } = await db.query<StagedRow>(
    `SELECT message_id::text, channel_id::text, user_id::text, author_is_bot, system, is_reply, words, attachments
     FROM history_staged_messages WHERE task_id = $1 AND ($2::bigint IS NULL OR message_id <= $2)
     ORDER BY message_id LIMIT $3`,
    [taskId, watermark?.toString() ?? null, limit],
  );
  return rows.map((r) => ({
    messageId: r.message_id,
    channelId: r.channel_id,
    userId: r.user_id,
    authorIsBot: r.author_is_bot,
    system: r.system,
    isReply: r.is_reply,
    words: r.words,
    attachments: r.attachments,
  }));
}

/** Drops replayed messages from the stage and counts them, once however often a replay is retried. */
export async function markReplayed(
  db: Db,
  taskId: string,
  owner: string,
  ids: readonly string[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await assertLease(tx, taskId, owner);
    const { rowCount } = await tx.query(
      'DELETE FROM history_staged_messages WHERE task_id = $1 AND message_id = ANY($2::bigint[])',
      [taskId, ids],
    );
    await tx.query(
      'UPDATE history_fetch_tasks SET messages_processed = messages_processed + $2, updated_at = now() WHERE id = $1',
      [taskId, rowCount ?? 0],
    );
  });
}

export async function saveProgress(
  db: Queryable,
  taskId: string,
  owner: string,
  progress: { progress: number; rate: number; eta: number | null; runSeconds: number },
): Promise<void> {
  await db.query(
    `UPDATE history_fetch_tasks SET progress = $3, rate_per_second = $4, eta_seconds = $5,
       run_seconds = run_seconds + $6, updated_at = now(), ${CHANNEL_COUNTS}
     WHERE id = $1 AND lease_owner = $2`,
    [taskId, owner, progress.progress, progress.rate, progress.eta, progress.runSeconds],
  );
}

/** Ends a task; staged leftovers go (a cancelled or failed import keeps what it replayed). */
export async function finishTask(
  db: Db,
  taskId: string,
  status: 'completed' | 'failed' | 'cancelled',
  error: string | null,
  owner: string | null,
): Promise<TaskRow | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<TaskRow>(
      `UPDATE history_fetch_tasks SET status = $2, last_error = coalesce($3, last_error),
         phase = CASE WHEN $2 = 'completed' THEN 'done' ELSE phase END,
         progress = CASE WHEN $2 = 'completed' THEN 1 ELSE progress END,
         eta_seconds = CASE WHEN $2 = 'completed' THEN 0 ELSE NULL END,
         lease_owner = NULL, lease_until = NULL, finished_at = now(), updated_at = now(), ${CHANNEL_COUNTS}
       WHERE id = $1 AND status IN ('pending', 'running') AND ($4::text IS NULL OR lease_owner = $4)
       RETURNING ${TASK_COLUMNS}`,
      [taskId, status, error, owner],
    );
    if (rows[0]) await tx.query('DELETE FROM history_staged_messages WHERE task_id = $1', [taskId]);
    return rows[0] ?? null;
  });
}

/** A failed run: counted, its error kept; the lease is let go so a retry can take it at once. */
export async function recordFailure(
  db: Queryable,
  taskId: string,
  owner: string,
  error: string,
): Promise<number> {
  const { rows } = await db.query<{ attempts: number }>(
    `UPDATE history_fetch_tasks SET attempts = attempts + 1, last_error = $3, lease_owner = NULL,
       lease_until = NULL, updated_at = now()
     WHERE id = $1 AND lease_owner = $2 RETURNING attempts`,
    [taskId, owner, error],
  );
  return rows[0]?.attempts ?? 0;
}

/** Unfinished tasks and when their lease lapses (null: nobody holds it). */
export async function unfinishedTasks(db: Queryable): Promise<{ id: string; lease_until: Date | null }[]> {
  const { rows } = await db.query<{ id: string; lease_until: Date | null }>(
    `SELECT id::text, CASE WHEN lease_until > now() THEN lease_until END AS lease_until
     FROM history_fetch_tasks WHERE status IN ('pending', 'running') ORDER BY id`,
  );
  return rows;
}
