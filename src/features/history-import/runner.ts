import { setTimeout as sleep } from 'node:timers/promises';
import type { APIMessage } from 'discord-api-types/v10';
import { messageCreated } from '../../pipeline/normalize.ts';
import type { Pipeline } from '../../pipeline/pipeline.ts';
import type { Db } from '../../platform/db/port.ts';
import type { REST } from '../../platform/discord/rest.ts';
import type { Logger } from '../../platform/logger.ts';
import {
  ChannelSizePrior,
  channelStart,
  channelStop,
  coverage,
  cutPage,
  etaSeconds,
  type ImportWindow,
  importWindow,
  oldestId,
  PAGE_ATTEMPTS,
  pagesLeft,
  RateMeter,
  replayWatermark,
  retryDelayMs,
  type StagedMessage,
  stagedEvent,
} from './domain.ts';
import { describeError, GuildUnreadable, isRefusal, listImportChannels } from './listing.ts';
import { ChannelPager } from './pager.ts';
import {
  type ChannelRow,
  channelProgress,
  claimTask,
  endChannel,
  finishTask,
  LeaseLost,
  markReplayed,
  releaseLease,
  renewLease,
  saveChannels,
  savePage,
  saveProgress,
  stagedUpTo,
  type TaskRow,
  taskById,
  taskChannels,
} from './repository.ts';

export interface RunnerDeps {
  db: Db;
  rest: REST;
  pipeline: Pipeline;
  logger: Logger;
  /** Who runs it (worker or CLI process): the lease's owner. */
  owner: string;
  /** How long a lease lasts without renewal; a runner that died is replaced this long after. */
  leaseMs?: number;
  /** Channels read at once; Discord's global limit (50 requests/s) needs about 50 busy channels. */
  concurrency?: number;
  /** Messages per replay step through the pipeline. */
  replayBatch?: number;
  /** Called with the task after every progress save (the CLI's progress bar). */
  onProgress?: (task: TaskRow) => void;
  /** Aborted to stop early (Ctrl-C); the task stays unfinished and resumes on the next run. */
  signal?: AbortSignal;
}

export type RunOutcome =
  | { kind: 'completed' | 'failed' | 'cancelled'; task: TaskRow | null }
  /** Someone else holds the lease, or the task is already finished. */
  | { kind: 'busy'; task: TaskRow | null }
  /** Stopped by the caller's signal or a lost lease; the task resumes from its checkpoints. */
  | { kind: 'interrupted'; task: TaskRow | null };

export const DEFAULT_LEASE_MS = 15_000;

/**
 * Runs one history import until it is done, cancelled, or stopped. Channels are read concurrently
 * (Discord's headers, honoured by @discordjs/rest, pace them within the token's limits); each page
 * is staged with its channel's checkpoint in one transaction; staged messages every channel is past
 * are replayed through the pipeline in time order while the rest is fetched.
 */
export async function runImport(deps: RunnerDeps, taskId: string): Promise<RunOutcome> {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const claimed = await claimTask(deps.db, taskId, deps.owner, leaseMs);
  if (!claimed) return { kind: 'busy', task: await taskById(deps.db, taskId) };
  const run = new ImportRun(deps, claimed, leaseMs);
  return run.execute();
}

class ImportRun {
  readonly #deps: RunnerDeps;
  readonly #task: TaskRow;
  readonly #leaseMs: number;
  readonly #window: ImportWindow;
  readonly #abort = new AbortController();
  readonly #meter = new RateMeter();
  /** What a channel not read yet is guessed to hold, to rank its first request. */
  readonly #sizes = new ChannelSizePrior();
  #stopReason: 'lost' | 'cancelled' | 'signal' | 'error' | null = null;
  #fetched: number;
  #lastTick = performance.now();
  #replaying: Promise<void> | null = null;
  #replayAgain = false;
  #replayError: unknown = null;

  constructor(deps: RunnerDeps, task: TaskRow, leaseMs: number) {
    this.#deps = deps;
    this.#task = task;
    this.#leaseMs = leaseMs;
    this.#window = importWindow({
      since: task.since,
      until: task.until,
      anchorMessageId: task.anchor_message_id,
      createdAt: task.created_at,
    });
    this.#fetched = Number(task.messages_fetched);
    this.#meter.add(Date.now(), this.#fetched);
  }

  get #signal(): AbortSignal {
    return this.#abort.signal;
  }

  async execute(): Promise<RunOutcome> {
    const deps = this.#deps;
    const onSignal = () => this.#stop('signal');
    deps.signal?.addEventListener('abort', onSignal, { once: true });
    if (deps.signal?.aborted) this.#stop('signal');
    // Progress is saved every second (what the bars show); the lease is renewed well before it lapses.
    const timer = setInterval(
      () => void this.#tick(),
      Math.max(250, Math.min(1000, Math.floor(this.#leaseMs / 3))),
    );
    try {
      if (this.#task.phase === 'listing') await this.#list();
      const channels = (await taskChannels(deps.db, this.#task.id)).filter(
        (c) => c.status === 'pending' || c.status === 'running',
      );
      await this.#pool(channels, (c) => this.#readChannel(c));
      await this.#waitReplay();
      this.#throwIfStopped();
      await this.#replay(true);
      await this.#saveProgress();
      const task = await finishTask(deps.db, this.#task.id, 'completed', null, deps.owner);
      deps.logger.info(
        { taskId: this.#task.id, messages: task?.messages_fetched },
        'history import completed',
      );
      return { kind: 'completed', task };
    } catch (error) {
      return await this.#settle(error);
    } finally {
      clearInterval(timer);
      deps.signal?.removeEventListener('abort', onSignal);
    }
  }

  async #settle(error: unknown): Promise<RunOutcome> {
    const { db, owner } = this.#deps;
    const id = this.#task.id;
    const reason = this.#stopReason;
    if (reason === 'cancelled') return { kind: 'cancelled', task: await taskById(db, id) };
    if (reason === 'signal') {
      await this.#saveProgress().catch(() => undefined);
      await releaseLease(db, id, owner);
      return { kind: 'interrupted', task: await taskById(db, id) };
    }
    if (reason === 'lost' || error instanceof LeaseLost) {
      const task = await taskById(db, id);
      return task?.status === 'cancelled' ? { kind: 'cancelled', task } : { kind: 'interrupted', task };
    }
    if (error instanceof GuildUnreadable) {
      return { kind: 'failed', task: await finishTask(db, id, 'failed', error.message, owner) };
    }
    throw error;
  }

  #stop(reason: 'lost' | 'cancelled' | 'signal' | 'error'): void {
    if (this.#stopReason === null) this.#stopReason = reason;
    this.#abort.abort();
  }

  #throwIfStopped(): void {
    if (this.#replayError) throw this.#replayError;
    if (this.#stopReason !== null) throw new LeaseLost(this.#task.id);
  }

  /** Keeps the lease, notices a cancel, saves progress for the readers of the task. */
  async #tick(): Promise<void> {
    try {
      const status = await renewLease(this.#deps.db, this.#task.id, this.#deps.owner, this.#leaseMs);
      if (status === null) this.#stop('lost');
      else if (status === 'cancelled') this.#stop('cancelled');
      else await this.#saveProgress();
    } catch (error) {
      this.#deps.logger.warn(
        { err: error, taskId: this.#task.id },
        'history import could not renew its lease',
      );
    }
  }

  async #saveProgress(): Promise<void> {
    const now = performance.now();
    const runSeconds = (now - this.#lastTick) / 1000;
    this.#lastTick = now;
    const channels = channelProgress(await taskChannels(this.#deps.db, this.#task.id));
    const progress = channels.length === 0 ? 0 : coverage(channels, this.#window);
    const total = this.#task.run_seconds + runSeconds;
    this.#task.run_seconds = total;
    const rate = this.#meter.perSecond();
    await saveProgress(this.#deps.db, this.#task.id, this.#deps.owner, {
      progress,
      rate,
      eta: etaSeconds(progress, total),
      runSeconds,
    });
    if (this.#deps.onProgress) {
      const task = await taskById(this.#deps.db, this.#task.id);
      if (task) this.#deps.onProgress(task);
    }
  }

  async #list(): Promise<void> {
    const channels = await listImportChannels(
      this.#deps.rest,
      this.#task.guild_id,
      this.#task.channel_ids,
      this.#signal,
    );
    await saveChannels(
      this.#deps.db,
      this.#task.id,
      this.#deps.owner,
      channels.map((c) => ({
        channelId: c.id,
        parentId: c.parentId,
        name: c.name,
        type: c.type,
        cursor: channelStart(c.id, this.#window),
        stopAt: channelStop(c.lastMessageId, this.#window),
      })),
    );
  }

  async #pool<I>(items: readonly I[], work: (item: I) => Promise<void>): Promise<void> {
    const queue = [...items];
    const lanes = Array.from({ length: Math.min(queue.length, this.#deps.concurrency ?? 64) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        if (this.#signal.aborted) return;
        try {
          await work(item);
        } catch (error) {
          if (!this.#signal.aborted) this.#stop('error');
          throw error;
        }
      }
    });
    const results = await Promise.allSettled(lanes);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure && this.#stopReason === 'error') throw failure.reason;
    this.#throwIfStopped();
  }

  async #readChannel(channel: ChannelRow): Promise<void> {
    const { db, rest, owner } = this.#deps;
    let cursor = BigInt(channel.cursor);
    const stopAt = BigInt(channel.stop_at);
    let firstId = channel.first_message_id === null ? null : BigInt(channel.first_message_id);
    let messages = Number(channel.messages);
    const pager = new ChannelPager(rest, channel.channel_id);
    let pages = channel.pages;
    const left = () => pagesLeft({ firstId, cursor, stopAt, messages });
    const priority = () => {
      const estimate = left();
      return Number.isFinite(estimate) ? estimate : this.#sizes.mean;
    };
    let attempt = 0;
    while (!this.#signal.aborted) {
      let page: APIMessage[];
      try {
        page = await pager.page(cursor, priority, this.#signal);
        attempt = 0;
      } catch (error) {
        if (this.#signal.aborted) return;
        if (isRefusal(error)) {
          await endChannel(db, this.#task.id, owner, channel.channel_id, 'skipped', describeError(error));
          return;
        }
        attempt++;
        this.#deps.logger.warn(
          { err: error, channelId: channel.channel_id, attempt },
          'history page failed; trying again',
        );
        if (attempt >= PAGE_ATTEMPTS) {
          await endChannel(db, this.#task.id, owner, channel.channel_id, 'failed', describeError(error));
          return;
        }
        await sleep(retryDelayMs(attempt), undefined, { signal: this.#signal }).catch(() => undefined);
        continue;
      }
      const cut = cutPage(page, cursor, stopAt);
      const inserted = await savePage(db, {
        taskId: this.#task.id,
        owner,
        channelId: channel.channel_id,
        from: cursor,
        cursor: cut.cursor,
        finished: cut.finished,
        messages: cut.taken.map((m) => staged(m, this.#task.guild_id)),
      });
      cursor = cut.cursor;
      messages += inserted;
      pages++;
      firstId ??= oldestId(cut.taken.map((m) => m.id));
      this.#sizes.set(channel.channel_id, cut.finished ? pages : pages + left());
      this.#fetched += inserted;
      this.#meter.add(Date.now(), this.#fetched);
      this.#kickReplay();
      if (cut.finished) return;
    }
  }

  /** Starts a replay pass unless one runs; a running pass is asked to look again when it ends. */
  #kickReplay(): void {
    if (this.#replaying) {
      this.#replayAgain = true;
      return;
    }
    this.#replaying = (async () => {
      try {
        do {
          this.#replayAgain = false;
          await this.#replay(false);
        } while (this.#replayAgain && !this.#signal.aborted);
      } catch (error) {
        if (!this.#signal.aborted) {
          this.#replayError = error;
          this.#stop('error');
        }
      } finally {
        this.#replaying = null;
      }
    })();
  }

  async #waitReplay(): Promise<void> {
    while (this.#replaying) await this.#replaying;
  }

  /** Replays staged messages in id order, up to what every channel still being read is past. */
  async #replay(final: boolean): Promise<void> {
    const { db, pipeline, owner } = this.#deps;
    const batch = this.#deps.replayBatch ?? 5000;
    for (;;) {
      if (!final && this.#signal.aborted) return;
      const mark = final ? null : replayWatermark(channelProgress(await taskChannels(db, this.#task.id)));
      const staged = await stagedUpTo(db, this.#task.id, mark, batch);
      if (staged.length === 0) return;
      await pipeline.submitAndWait(
        staged.map((m) => stagedEvent(this.#task.guild_id, m, this.#task.award_karma)),
      );
      await markReplayed(
        db,
        this.#task.id,
        owner,
        staged.map((m) => m.messageId),
      );
      if (staged.length < batch) return;
    }
  }
}

/** What the replay needs of a message, read by the same normalizer as live messages. */
function staged(message: APIMessage, guildId: string): StagedMessage {
  const event = messageCreated(message, guildId, 'backfill');
  return {
    messageId: event.messageId,
    channelId: event.channelId,
    userId: event.userId,
    authorIsBot: event.authorIsBot,
    system: event.system,
    isReply: event.isReply,
    words: event.words,
    attachments: event.attachments,
  };
}
