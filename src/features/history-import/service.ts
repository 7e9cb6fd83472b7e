import type { Db } from '../../platform/db/port.ts';
import { refuse } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Queue } from '../../platform/queue/index.ts';
import { isActive, type TaskPhase, type TaskStatus } from './domain.ts';
import type { ImportGuilds } from './guilds.ts';
import {
  activeTask,
  type ChannelRow,
  finishTask,
  guildTasks,
  insertTask,
  type TaskRow,
  taskById,
  taskChannels,
} from './repository.ts';

export const HISTORY_IMPORT_QUEUE = 'history-import';

export interface HistoryJobData {
  taskId: string;
}

export interface StartInput {
  channelIds?: string[] | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  anchorMessageId?: string | undefined;
  awardKarma?: boolean | undefined;
  requestedBy: string | null;
}

/** A task as the API and the dashboard show it. */
export interface TaskView {
  id: string;
  guild_id: string;
  status: TaskStatus;
  phase: TaskPhase;
  channel_ids: string[] | null;
  since: string | null;
  until: string | null;
  anchor_message_id: string | null;
  award_karma: boolean;
  channels_total: number;
  channels_done: number;
  channels_skipped: number;
  messages_fetched: number;
  messages_processed: number;
  pages_fetched: number;
  /** 0..1, by the share of the channels' time spans covered. */
  progress: number;
  percent: number;
  rate_per_second: number;
  eta_seconds: number | null;
  attempts: number;
  last_error: string | null;
  requested_by: string | null;
  created_at: string;
  started_at: string | null;
  updated_at: string;
  finished_at: string | null;
}

export interface ChannelView {
  channel_id: string;
  parent_id: string | null;
  name: string;
  type: number;
  status: string;
  messages: number;
  error: string | null;
}

export function taskView(row: TaskRow): TaskView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    guild_id: row.guild_id,
    status: row.status,
    phase: row.phase,
    channel_ids: row.channel_ids,
    since: iso(row.since),
    until: iso(row.until),
    anchor_message_id: row.anchor_message_id,
    award_karma: row.award_karma,
    channels_total: row.channels_total,
    channels_done: row.channels_done,
    channels_skipped: row.channels_skipped,
    messages_fetched: Number(row.messages_fetched),
    messages_processed: Number(row.messages_processed),
    pages_fetched: Number(row.pages_fetched),
    progress: row.progress,
    percent: Math.floor(row.progress * 1000) / 10,
    rate_per_second: Math.round(row.rate_per_second * 10) / 10,
    eta_seconds: row.eta_seconds,
    attempts: row.attempts,
    last_error: row.last_error,
    requested_by: row.requested_by,
    created_at: row.created_at.toISOString(),
    started_at: iso(row.started_at),
    updated_at: row.updated_at.toISOString(),
    finished_at: iso(row.finished_at),
  };
}

function channelView(row: ChannelRow): ChannelView {
  return {
    channel_id: row.channel_id,
    parent_id: row.parent_id,
    name: row.name,
    type: row.type,
    status: row.status,
    messages: Number(row.messages),
    error: row.error,
  };
}

/**
 * History import as the API and the CLI use it: the request only writes the task and enqueues a
 * job; a worker (or the CLI itself) runs it.
 */
export class HistoryImportService {
  readonly #db: Db;
  readonly #guilds: ImportGuilds;
  readonly #queue: Queue | undefined;
  readonly #logger: Logger;

  constructor(deps: { db: Db; guilds: ImportGuilds; queue: Queue | undefined; logger: Logger }) {
    this.#db = deps.db;
    this.#guilds = deps.guilds;
    this.#queue = deps.queue;
    this.#logger = deps.logger;
  }

  /** Creates a task; refused (conflict) when the guild already has one pending or running. */
  async create(guildId: string, input: StartInput): Promise<TaskRow> {
    await this.#validate(guildId, input);
    const task = await insertTask(this.#db, {
      guildId,
      channelIds: input.channelIds && input.channelIds.length > 0 ? [...new Set(input.channelIds)] : null,
      since: input.since ?? null,
      until: input.until ?? null,
      anchorMessageId: input.anchorMessageId ?? null,
      awardKarma: input.awardKarma ?? true,
      requestedBy: input.requestedBy,
    });
    if (!task) {
      const running = await activeTask(this.#db, guildId);
      throw refuse.conflict(
        `guild ${guildId} already has a history import ${running?.status ?? 'running'} (task ${running?.id ?? '?'}); cancel it or wait for it to end`,
      );
    }
    return task;
  }

  /** Creates a task and asks a worker to run it. */
  async start(guildId: string, input: StartInput): Promise<TaskView> {
    const task = await this.create(guildId, input);
    await this.enqueue(task.id);
    return taskView(task);
  }

  /** A job for a task; when the queue is out of reach the watchdog sends it later. */
  async enqueue(taskId: string): Promise<void> {
    const queue = this.#queue;
    if (!queue) return;
    await queue.send<HistoryJobData>(HISTORY_IMPORT_QUEUE, { taskId }).catch((error: unknown) => {
      this.#logger.warn({ err: error, taskId }, 'could not enqueue a history import; the watchdog will');
    });
  }

  /** The guild's task that is pending or running, if any. */
  active(guildId: string): Promise<TaskRow | null> {
    return activeTask(this.#db, guildId);
  }

  /** A task by id, whichever guild it is of. */
  find(taskId: string): Promise<TaskRow | null> {
    return taskById(this.#db, taskId);
  }

  async list(guildId: string, limit: number, before: string | undefined): Promise<TaskView[]> {
    return (await guildTasks(this.#db, guildId, limit, before ?? null)).map(taskView);
  }

  async get(guildId: string, taskId: string): Promise<TaskView & { channels: ChannelView[] }> {
    const task = await this.#own(guildId, taskId);
    const channels = await taskChannels(this.#db, task.id);
    return { ...taskView(task), channels: channels.map(channelView) };
  }

  /** The task as it is now (for progress streams), or null when it is not this guild's. */
  async peek(guildId: string, taskId: string): Promise<TaskView | null> {
    const task = await taskById(this.#db, taskId);
    return task && task.guild_id === guildId ? taskView(task) : null;
  }

  async cancel(guildId: string, taskId: string): Promise<TaskView> {
    const task = await this.#own(guildId, taskId);
    if (!isActive(task.status)) {
      throw refuse.conflict(`task ${taskId} is already ${task.status}`);
    }
    const cancelled = await finishTask(this.#db, taskId, 'cancelled', null, null);
    if (!cancelled) {
      const now = await taskById(this.#db, taskId);
      throw refuse.conflict(`task ${taskId} is already ${now?.status ?? 'finished'}`);
    }
    return taskView(cancelled);
  }

  async #own(guildId: string, taskId: string): Promise<TaskRow> {
    const task = /^\d{1,18}$/.test(taskId) ? await taskById(this.#db, taskId) : null;
    if (!task || task.guild_id !== guildId) {
      throw refuse.notFound(`guild ${guildId} has no history import task ${taskId}`);
    }
    return task;
  }

  async #validate(guildId: string, input: StartInput): Promise<void> {
    if (!(await this.#guilds.exists(guildId))) throw refuse.notFound(`Hearth has not seen guild ${guildId}`);
    if (input.since && input.until && input.since.getTime() >= input.until.getTime()) {
      throw refuse.invalid('since must be before until', 'since');
    }
    if (input.since && input.since.getTime() > Date.now()) {
      throw refuse.invalid('since must not be in the future', 'since');
    }
    if (input.channelIds && input.channelIds.length > 0) {
      const found = await this.#guilds.knownChannels(guildId, input.channelIds);
      const missing = input.channelIds.filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw refuse.invalid(
          `channel_ids: guild ${guildId} has no channel ${missing.join(', ')}`,
          'channel_ids',
        );
      }
    }
  }
}
