import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import { kyselyOf } from '../../platform/db/kysely.ts';
import { type Db, DbError, type Queryable } from '../../platform/db/port.ts';
import type {
  DB,
  HistoryFetchChannels,
  HistoryFetchTasks,
  HistoryStagedMessages,
} from '../../platform/db/schema.gen.ts';
import {
  CHANNEL_STATUSES,
  type ChannelProgress,
  type ChannelStatus,
  oldestId,
  type StagedMessage,
  TASK_PHASES,
  TASK_STATUSES,
  type TaskPhase,
  type TaskStatus,
} from './domain.ts';

/** The SQL of history import: tasks, their channels' checkpoints, and the staged messages. */

const TASK_COLUMNS = [
  'id',
  'guild_id',
  'channel_ids',
  'since',
  'until',
  'anchor_message_id',
  'award_karma',
  'status',
  'phase',
  'channels_total',
  'channels_done',
  'channels_skipped',
  'messages_fetched',
  'messages_processed',
  'pages_fetched',
  'progress',
  'rate_per_second',
  'eta_seconds',
  'run_seconds',
  'attempts',
  'last_error',
  'requested_by',
  'lease_owner',
  'lease_until',
  'created_at',
  'started_at',
  'updated_at',
  'finished_at',
] as const satisfies readonly (keyof HistoryFetchTasks)[];

type Narrowed<Row, Status> = Omit<Row, 'status' | 'phase'> & { status: Status };

export type TaskRow = Narrowed<
  Pick<Selectable<HistoryFetchTasks>, (typeof TASK_COLUMNS)[number]>,
  TaskStatus
> & {
  phase: TaskPhase;
};

const CHANNEL_COLUMNS = [
  'channel_id',
  'parent_id',
  'name',
  'type',
  'status',
  'cursor',
  'stop_at',
  'messages',
  'pages',
  'first_message_id',
  'error',
] as const satisfies readonly (keyof HistoryFetchChannels)[];

export type ChannelRow = Narrowed<
  Pick<Selectable<HistoryFetchChannels>, (typeof CHANNEL_COLUMNS)[number]>,
  ChannelStatus
>;

/** A text column with a CHECK on its values, as the union the code uses; another value is a broken schema. */
function oneOf<T extends string>(values: readonly T[], value: string, column: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new DbError(`${column} holds an unknown value: ${value}`);
  return found;
}

function toTask(row: Pick<Selectable<HistoryFetchTasks>, (typeof TASK_COLUMNS)[number]>): TaskRow {
  return {
    ...row,
    status: oneOf(TASK_STATUSES, row.status, 'history_fetch_tasks.status'),
    phase: oneOf(TASK_PHASES, row.phase, 'history_fetch_tasks.phase'),
  };
}

const ACTIVE = ['pending', 'running'] as const satisfies readonly TaskStatus[];

/** now() plus a lease of `ms` milliseconds. */
const leaseEnd = (ms: number) => sql<Date>`now() + make_interval(secs => ${ms}::double precision / 1000)`;

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
  const row = await kyselyOf(db)
    .insertInto('history_fetch_tasks')
    .values({
      guild_id: task.guildId,
      channel_ids: task.channelIds,
      since: task.since,
      until: task.until,
      anchor_message_id: task.anchorMessageId,
      award_karma: task.awardKarma,
      requested_by: task.requestedBy,
    })
    // The arbiter is the partial unique index on guild_id for active tasks; its predicate is written
    // as literals, since PostgreSQL matches a partial index only to a predicate it can prove.
    .onConflict((conflict) =>
      conflict.column('guild_id').where(sql<boolean>`status IN ('pending', 'running')`).doNothing(),
    )
    .returning(TASK_COLUMNS)
    .executeTakeFirst();
  return row ? toTask(row) : null;
}

export async function activeTask(db: Queryable, guildId: string): Promise<TaskRow | null> {
  const row = await kyselyOf(db)
    .selectFrom('history_fetch_tasks')
    .select(TASK_COLUMNS)
    .where('guild_id', '=', guildId)
    .where('status', 'in', ACTIVE)
    .executeTakeFirst();
  return row ? toTask(row) : null;
}

export async function taskById(db: Queryable, taskId: string): Promise<TaskRow | null> {
  const row = await kyselyOf(db)
    .selectFrom('history_fetch_tasks')
    .select(TASK_COLUMNS)
    .where('id', '=', taskId)
    .executeTakeFirst();
  return row ? toTask(row) : null;
}

export async function guildTasks(
  db: Queryable,
  guildId: string,
  limit: number,
  beforeId: string | null,
): Promise<TaskRow[]> {
  let tasks = kyselyOf(db)
    .selectFrom('history_fetch_tasks')
    .select(TASK_COLUMNS)
    .where('guild_id', '=', guildId);
  if (beforeId !== null) tasks = tasks.where('id', '<', beforeId);
  const rows = await tasks.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toTask);
}

export async function taskChannels(db: Queryable, taskId: string): Promise<ChannelRow[]> {
  const rows = await kyselyOf(db)
    .selectFrom('history_fetch_channels')
    .select(CHANNEL_COLUMNS)
    .where('task_id', '=', taskId)
    .orderBy('channel_id')
    .execute();
  return rows.map((row) => ({
    ...row,
    status: oneOf(CHANNEL_STATUSES, row.status, 'history_fetch_channels.status'),
  }));
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
  const row = await kyselyOf(db)
    .updateTable('history_fetch_tasks')
    .set((eb) => ({
      status: 'running',
      lease_owner: owner,
      lease_until: leaseEnd(leaseMs),
      started_at: eb.fn.coalesce('started_at', sql<Date>`now()`),
      updated_at: sql`now()`,
    }))
    .where('id', '=', taskId)
    .where('status', 'in', ACTIVE)
    .where((eb) =>
      eb.or([
        eb('lease_owner', 'is', null),
        eb('lease_owner', '=', owner),
        eb('lease_until', '<', sql<Date>`now()`),
      ]),
    )
    .returning(TASK_COLUMNS)
    .executeTakeFirst();
  return row ? toTask(row) : null;
}

/** Extends the lease; the task's status, or null when the lease was lost to another runner. */
export async function renewLease(
  db: Queryable,
  taskId: string,
  owner: string,
  leaseMs: number,
): Promise<TaskStatus | null> {
  const row = await kyselyOf(db)
    .updateTable('history_fetch_tasks')
    .set((eb) => ({
      lease_until: eb
        .case()
        .when('status', '=', 'running')
        .then(leaseEnd(leaseMs))
        .else(eb.ref('lease_until'))
        .end(),
    }))
    .where('id', '=', taskId)
    .where('lease_owner', '=', owner)
    .returning('status')
    .executeTakeFirst();
  return row ? oneOf(TASK_STATUSES, row.status, 'history_fetch_tasks.status') : null;
}

export async function releaseLease(db: Queryable, taskId: string, owner: string): Promise<void> {
  await kyselyOf(db)
    .updateTable('history_fetch_tasks')
    .set({ lease_owner: null, lease_until: null, updated_at: sql`now()` })
    .where('id', '=', taskId)
    .where('lease_owner', '=', owner)
    .execute();
}

/** Thrown inside a runner's transaction when its lease is gone: nothing of that write is kept. */
export class LeaseLost extends Error {
  constructor(taskId: string) {
    super(`history import ${taskId}: the lease was lost or the task was cancelled`);
    this.name = 'LeaseLost';
  }
}

async function assertLease(tx: Queryable, taskId: string, owner: string): Promise<void> {
  const row = await kyselyOf(tx)
    .selectFrom('history_fetch_tasks')
    .select((eb) => eb.lit(1).as('held'))
    .where('id', '=', taskId)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new LeaseLost(taskId);
}

export interface ListedChannel {
  channelId: string;
  parentId: string | null;
  name: string;
  type: number;
  cursor: bigint;
  stopAt: bigint;
}

/** `$2::type[], $3::type[], ...` of a batch insert's `unnest` columns after `$1`, the task. */
const unnestArrays = (columns: readonly (readonly [string, string])[]) =>
  columns.map(([, type], i) => `$${i + 2}::${type}[]`).join(', ');
const namesOf = (columns: readonly (readonly [string, string])[]) => columns.map(([name]) => name).join(', ');

/**
 * The `unnest` columns of a task's channel list, each with the array type its values travel as. tsc
 * checks the names against the generated schema; repository.test.ts checks the types against the
 * real table. Raw SQL on purpose: a guild's whole channel list in one statement, composed once.
 */
export const CHANNEL_INSERT_COLUMNS = [
  ['channel_id', 'bigint'],
  ['parent_id', 'bigint'],
  ['name', 'text'],
  ['type', 'int'],
  ['cursor', 'bigint'],
  ['stop_at', 'bigint'],
] as const satisfies readonly (readonly [keyof HistoryFetchChannels, string])[];

export const CHANNEL_INSERT = `INSERT INTO history_fetch_channels (task_id, ${namesOf(CHANNEL_INSERT_COLUMNS)}, status)
       SELECT $1, ${namesOf(CHANNEL_INSERT_COLUMNS)}, CASE WHEN cursor >= stop_at THEN 'done' ELSE 'pending' END
       FROM unnest(${unnestArrays(CHANNEL_INSERT_COLUMNS)}) AS x(${namesOf(CHANNEL_INSERT_COLUMNS)})
       ON CONFLICT (task_id, channel_id) DO NOTHING`;

export async function saveChannels(
  db: Db,
  taskId: string,
  owner: string,
  channels: readonly ListedChannel[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await assertLease(tx, taskId, owner);
    await tx.query(CHANNEL_INSERT, [
      taskId,
      channels.map((c) => c.channelId),
      channels.map((c) => c.parentId),
      channels.map((c) => c.name),
      channels.map((c) => c.type),
      channels.map((c) => c.cursor.toString()),
      channels.map((c) => c.stopAt.toString()),
    ]);
    await kyselyOf(tx)
      .updateTable('history_fetch_tasks as t')
      .set((eb) => ({
        phase: 'fetching',
        updated_at: sql`now()`,
        channels_total: eb
          .selectFrom('history_fetch_channels as c')
          .select((inner) => inner.cast<number>(inner.fn.countAll(), 'integer').as('n'))
          .whereRef('c.task_id', '=', 't.id'),
        channels_done: eb
          .selectFrom('history_fetch_channels as c')
          .select((inner) => inner.cast<number>(inner.fn.countAll(), 'integer').as('n'))
          .whereRef('c.task_id', '=', 't.id')
          .where('c.status', '=', 'done'),
      }))
      .where('t.id', '=', taskId)
      .execute();
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
function leased(eb: ExpressionBuilder<DB, 'history_fetch_channels'>, taskId: string, owner: string) {
  return eb.exists(
    eb
      .selectFrom('history_fetch_tasks as t')
      .select((inner) => inner.lit(1).as('held'))
      .where('t.id', '=', taskId)
      .where('t.lease_owner', '=', owner)
      .where('t.status', '=', 'running'),
  );
}

/**
 * The `unnest` columns of a page of staged messages (raw SQL on purpose: every page of every
 * channel, composed once), checked like CHANNEL_INSERT_COLUMNS.
 */
export const STAGED_INSERT_COLUMNS = [
  ['message_id', 'bigint'],
  ['channel_id', 'bigint'],
  ['user_id', 'bigint'],
  ['author_is_bot', 'boolean'],
  ['system', 'boolean'],
  ['is_reply', 'boolean'],
  ['words', 'int'],
  ['attachments', 'int'],
] as const satisfies readonly (readonly [keyof HistoryStagedMessages, string])[];

export const STAGED_INSERT = `INSERT INTO history_staged_messages (task_id, ${namesOf(STAGED_INSERT_COLUMNS)})
         SELECT $1, * FROM unnest(${unnestArrays(STAGED_INSERT_COLUMNS)})
         ON CONFLICT (task_id, message_id) DO NOTHING`;

/**
 * Stages a page and moves its channel's checkpoint, in one transaction; the new messages' count.
 * Only the channel's row is written: concurrent channels never wait on each other.
 */
export async function savePage(db: Db, page: PageWrite): Promise<number> {
  return db.transaction(async (tx) => {
    let inserted = 0;
    if (page.messages.length > 0) {
      const m = page.messages;
      const result = await tx.query(STAGED_INSERT, [
        page.taskId,
        m.map((x) => x.messageId),
        m.map((x) => x.channelId),
        m.map((x) => x.userId),
        m.map((x) => x.authorIsBot),
        m.map((x) => x.system),
        m.map((x) => x.isReply),
        m.map((x) => x.words),
        m.map((x) => x.attachments),
      ]);
      inserted = result.rowCount ?? 0;
    }
    const oldest = oldestId(page.messages.map((m) => m.messageId))?.toString() ?? null;
    // A stale runner (its lease lapsed, or the checkpoint moved under it) finds no row and rolls back.
    const moved = await kyselyOf(tx)
      .updateTable('history_fetch_channels')
      .set((eb) => ({
        cursor: page.cursor.toString(),
        status: page.finished ? 'done' : 'running',
        messages: eb('messages', '+', String(inserted)),
        pages: eb('pages', '+', 1),
        first_message_id: eb.fn.coalesce(
          'first_message_id',
          eb.cast<string | null>(eb.val(oldest), 'bigint'),
        ),
        updated_at: sql`now()`,
      }))
      .where('task_id', '=', page.taskId)
      .where('channel_id', '=', page.channelId)
      .where('cursor', '=', page.from.toString())
      .where((eb) => leased(eb, page.taskId, page.owner))
      .executeTakeFirst();
    if (moved.numUpdatedRows === 0n) throw new LeaseLost(page.taskId);
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
  const result = await kyselyOf(db)
    .updateTable('history_fetch_channels')
    .set({ status, error, updated_at: sql`now()` })
    .where('task_id', '=', taskId)
    .where('channel_id', '=', channelId)
    .where('status', 'in', ['pending', 'running'])
    .where((eb) => leased(eb, taskId, owner))
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new LeaseLost(taskId);
}

/** The task's counts from its channels' rows, as the FROM of the statement that writes them. */
function channelCounts(db: Queryable, taskId: string) {
  return kyselyOf(db)
    .selectFrom('history_fetch_channels')
    .select((eb) => [
      eb.cast<number>(eb.fn.countAll().filterWhere('status', '=', 'done'), 'integer').as('done'),
      eb
        .cast<number>(eb.fn.countAll().filterWhere('status', 'in', ['skipped', 'failed']), 'integer')
        .as('skipped'),
      eb.cast<string>(eb.fn.coalesce(eb.fn.sum('messages'), eb.lit(0)), 'bigint').as('messages'),
      eb.cast<string>(eb.fn.coalesce(eb.fn.sum('pages'), eb.lit(0)), 'bigint').as('pages'),
    ])
    .where('task_id', '=', taskId)
    .as('agg');
}

/** The oldest staged messages at or below the watermark (all of them when it is null). */
export async function stagedUpTo(
  db: Queryable,
  taskId: string,
  watermark: bigint | null,
  limit: number,
): Promise<StagedMessage[]> {
  let staged = kyselyOf(db)
    .selectFrom('history_staged_messages')
    .select([
      'message_id',
      'channel_id',
      'user_id',
      'author_is_bot',
      'system',
      'is_reply',
      'words',
      'attachments',
    ])
    .where('task_id', '=', taskId);
  if (watermark !== null) staged = staged.where('message_id', '<=', watermark.toString());
  const rows = await staged.orderBy('message_id').limit(limit).execute();
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
    const q = kyselyOf(tx);
    const deleted = await q
      .deleteFrom('history_staged_messages')
      .where('task_id', '=', taskId)
      .where('message_id', '=', sql<string>`ANY(${ids}::bigint[])`)
      .executeTakeFirst();
    await q
      .updateTable('history_fetch_tasks')
      .set((eb) => ({
        messages_processed: eb('messages_processed', '+', deleted.numDeletedRows.toString()),
        updated_at: sql`now()`,
      }))
      .where('id', '=', taskId)
      .execute();
  });
}

export async function saveProgress(
  db: Queryable,
  taskId: string,
  owner: string,
  progress: { progress: number; rate: number; eta: number | null; runSeconds: number },
): Promise<void> {
  await kyselyOf(db)
    .updateTable('history_fetch_tasks')
    .from(channelCounts(db, taskId))
    .set((eb) => ({
      progress: progress.progress,
      rate_per_second: progress.rate,
      eta_seconds: progress.eta,
      run_seconds: eb('run_seconds', '+', progress.runSeconds),
      updated_at: sql`now()`,
      channels_done: eb.ref('agg.done'),
      channels_skipped: eb.ref('agg.skipped'),
      messages_fetched: eb.ref('agg.messages'),
      pages_fetched: eb.ref('agg.pages'),
    }))
    .where('id', '=', taskId)
    .where('lease_owner', '=', owner)
    .execute();
}

/** Ends a task; staged leftovers go (a cancelled or failed import keeps what it replayed). */
export async function finishTask(
  db: Db,
  taskId: string,
  status: 'completed' | 'failed' | 'cancelled',
  error: string | null,
  owner: string | null,
): Promise<TaskRow | null> {
  const completed = status === 'completed';
  return db.transaction(async (tx) => {
    const q = kyselyOf(tx);
    let finish = q
      .updateTable('history_fetch_tasks')
      .from(channelCounts(tx, taskId))
      .set((eb) => ({
        status,
        last_error: eb.fn.coalesce(eb.val(error), eb.ref('last_error')),
        phase: completed ? 'done' : eb.ref('phase'),
        progress: completed ? 1 : eb.ref('progress'),
        eta_seconds: completed ? 0 : null,
        lease_owner: null,
        lease_until: null,
        finished_at: sql`now()`,
        updated_at: sql`now()`,
        channels_done: eb.ref('agg.done'),
        channels_skipped: eb.ref('agg.skipped'),
        messages_fetched: eb.ref('agg.messages'),
        pages_fetched: eb.ref('agg.pages'),
      }))
      .where('id', '=', taskId)
      .where('status', 'in', ACTIVE);
    if (owner !== null) finish = finish.where('lease_owner', '=', owner);
    const row = await finish.returning(TASK_COLUMNS).executeTakeFirst();
    if (row) await q.deleteFrom('history_staged_messages').where('task_id', '=', taskId).execute();
    return row ? toTask(row) : null;
  });
}

/** A failed run: counted, its error kept; the lease is let go so a retry can take it at once. */
export async function recordFailure(
  db: Queryable,
  taskId: string,
  owner: string,
  error: string,
): Promise<number> {
  const row = await kyselyOf(db)
    .updateTable('history_fetch_tasks')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error,
      lease_owner: null,
      lease_until: null,
      updated_at: sql`now()`,
    }))
    .where('id', '=', taskId)
    .where('lease_owner', '=', owner)
    .returning('attempts')
    .executeTakeFirst();
  return row?.attempts ?? 0;
}

/** Unfinished tasks and when their lease lapses (null: nobody holds it). */
export async function unfinishedTasks(db: Queryable): Promise<{ id: string; lease_until: Date | null }[]> {
  return kyselyOf(db)
    .selectFrom('history_fetch_tasks')
    .select((eb) => [
      'id',
      eb
        .case()
        .when('lease_until', '>', sql<Date>`now()`)
        .then(eb.ref('lease_until'))
        .end()
        .as('lease_until'),
    ])
    .where('status', 'in', ACTIVE)
    .orderBy('id')
    .execute();
}
