import type { MessageCreated } from '../../pipeline/events.ts';

/**
 * History import rules, pure: which channels are read, which message ids a task takes from each,
 * how far along it is, and what a fetched message becomes for the pipeline.
 *
 * Pages are read oldest to newest (`after=`), not newest to oldest as seed 000 does: a channel's
 * checkpoint is then the newest id it reached, and every message older than the smallest checkpoint
 * of the unfinished channels is known. Those are replayed through the pipeline in time order while
 * the rest is still coming, which is what makes cooldowns, streaks and levels come out exactly as
 * live processing of the same messages gives, without waiting for the whole guild first.
 */

export const TASK_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_PHASES = ['listing', 'fetching', 'done'] as const;
export type TaskPhase = (typeof TASK_PHASES)[number];
export const CHANNEL_STATUSES = ['pending', 'running', 'done', 'skipped', 'failed'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export function isActive(status: TaskStatus): boolean {
  return status === 'pending' || status === 'running';
}

/** Channel types that hold messages: text, voice and stage chat, announcements and threads. */
export const MESSAGE_CHANNEL_TYPES: ReadonlySet<number> = new Set([0, 2, 5, 10, 11, 12, 13]);
/** Channel types whose threads are listed: text, announcements and forums. */
export const THREAD_PARENT_TYPES: ReadonlySet<number> = new Set([0, 5, 15, 16]);

export const PAGE_SIZE = 100;
const DISCORD_EPOCH = 1_420_070_400_000n;
const MAX_SNOWFLAKE = (1n << 63n) - 1n;

/** The smallest snowflake Discord could give to something created at `at`. */
export function snowflakeAt(at: Date): bigint {
  const ms = BigInt(at.getTime()) - DISCORD_EPOCH;
  return ms <= 0n ? 0n : ms << 22n;
}

export function timeOfSnowflake(id: bigint): number {
  return Number((id >> 22n) + DISCORD_EPOCH);
}

export interface ImportWindow {
  /** Messages with ids above this are taken (Discord's `after` is exclusive). */
  afterId: bigint;
  /** ...up to this id, inclusive. */
  stopAt: bigint;
}

/**
 * The ids a task takes: after `since`, up to the anchor message, or `until`, or the moment the task
 * was created — what came later reached Hearth live.
 */
export function importWindow(input: {
  since: Date | null;
  until: Date | null;
  anchorMessageId: string | null;
  createdAt: Date;
}): ImportWindow {
  const afterId = input.since ? maxBig(0n, snowflakeAt(input.since) - 1n) : 0n;
  let stopAt: bigint;
  if (input.anchorMessageId !== null) stopAt = BigInt(input.anchorMessageId);
  else stopAt = snowflakeAt(new Date((input.until ?? input.createdAt).getTime() + 1)) - 1n;
  return { afterId, stopAt: minBig(stopAt, MAX_SNOWFLAKE) };
}

/**
 * The last id a channel can give: the window's end, or the channel's last message when that is
 * older (Discord lists it with the channel), so a quiet channel's span ends where its talk did.
 */
export function channelStop(lastMessageId: string | null | undefined, window: ImportWindow): bigint {
  if (!lastMessageId) return window.stopAt;
  const last = BigInt(lastMessageId);
  return last < window.stopAt ? last : window.stopAt;
}

/** Where a channel's first page starts: nothing in a channel is older than the channel itself. */
export function channelStart(channelId: string, window: ImportWindow): bigint {
  return maxBig(window.afterId, BigInt(channelId) - 1n);
}

export interface PageCut<M> {
  /** The messages of the page inside the window, in the page's order. */
  taken: M[];
  /** The new checkpoint: the newest id taken, or the old one when nothing was. */
  cursor: bigint;
  /** True when the channel has nothing more to give. */
  finished: boolean;
}

/**
 * Cuts a page fetched with `after=cursor` (Discord returns it newest first) to the window. The
 * channel is finished when the page was short or reached the window's end.
 */
export function cutPage<M extends { id: string }>(
  page: readonly M[],
  cursor: bigint,
  stopAt: bigint,
): PageCut<M> {
  let newest = cursor;
  let beyond = false;
  const taken: M[] = [];
  for (const message of page) {
    const id = BigInt(message.id);
    if (id <= cursor) continue;
    if (id > stopAt) {
      beyond = true;
      continue;
    }
    taken.push(message);
    if (id > newest) newest = id;
  }
  return { taken, cursor: newest, finished: beyond || page.length < PAGE_SIZE || newest >= stopAt };
}

export interface ChannelProgress {
  channelId: string;
  status: ChannelStatus;
  cursor: bigint;
  stopAt: bigint;
  /** Messages fetched from the channel so far. */
  messages: number;
  /** The oldest message fetched (null before the first page). */
  firstId: bigint | null;
}

/**
 * Every message at or below this id has been fetched from every channel, so it can be replayed in
 * order; null when no channel is still being read (everything staged can go).
 */
export function replayWatermark(channels: readonly ChannelProgress[]): bigint | null {
  let mark: bigint | null = null;
  for (const c of channels) {
    if (c.status !== 'pending' && c.status !== 'running') continue;
    if (mark === null || c.cursor < mark) mark = c.cursor;
  }
  return mark;
}

/**
 * Share of the work done (0..1). Discord does not say how many messages a channel holds, so each
 * channel's total is estimated from its density so far (messages per unit of time between its first
 * message and its checkpoint, extended to its last message); channels not started yet get the
 * density of the others over their whole possible span. The estimate sharpens as the import goes.
 */
export function coverage(channels: readonly ChannelProgress[], window: ImportWindow): number {
  let fetched = 0;
  let knownMessages = 0;
  let knownCovered = 0;
  const open: { covered: number; span: number; messages: number }[] = [];
  for (const c of channels) {
    fetched += c.messages;
    if (c.status !== 'pending' && c.status !== 'running') continue;
    const start = timeOfSnowflake(c.firstId ?? channelStart(c.channelId, window));
    const span = Math.max(1, timeOfSnowflake(c.stopAt) - start);
    const covered = Math.min(span, Math.max(0, timeOfSnowflake(c.cursor) - start));
    open.push({ covered, span, messages: c.messages });
    if (covered > 0) {
      knownMessages += c.messages;
      knownCovered += covered;
    }
  }
  const density = knownCovered > 0 ? knownMessages / knownCovered : 0;
  let remaining = 0;
  for (const c of open) {
    const own = c.covered > 0 && c.messages > 0 ? c.messages / c.covered : density;
    remaining += own * (c.span - c.covered);
  }
  if (open.length === 0) return 1;
  if (fetched + remaining <= 0) return 0;
  return Math.min(1, fetched / (fetched + remaining));
}

/**
 * Pages a channel probably has left, from its density so far: what its reader's claim on the
 * token's shared budget is ranked by. Infinity before its first page: the caller ranks those by
 * `ChannelSizePrior` instead.
 */
export function pagesLeft(channel: {
  firstId: bigint | null;
  cursor: bigint;
  stopAt: bigint;
  messages: number;
}): number {
  if (channel.firstId === null || channel.messages <= 0) return Number.POSITIVE_INFINITY;
  const covered = timeOfSnowflake(channel.cursor) - timeOfSnowflake(channel.firstId);
  const left = Math.max(0, timeOfSnowflake(channel.stopAt) - timeOfSnowflake(channel.cursor));
  // One page in: no span yet, but a full page says there is more.
  if (covered <= 0) return left > 0 ? 1 + left / 1000 : 0;
  return ((channel.messages / covered) * left) / PAGE_SIZE;
}

/**
 * The best guess for a channel not read yet: the mean size (pages read + pages left) of the channels
 * whose size is estimated. A channel known to be bigger than that goes before the unknown ones, a
 * smaller one after. Infinity while nothing is known.
 */
export class ChannelSizePrior {
  readonly #sizes = new Map<string, number>();
  #sum = 0;

  set(channelId: string, pages: number): void {
    if (!Number.isFinite(pages)) return;
    this.#sum += pages - (this.#sizes.get(channelId) ?? 0);
    this.#sizes.set(channelId, pages);
  }

  get mean(): number {
    return this.#sizes.size === 0 ? Number.POSITIVE_INFINITY : this.#sum / this.#sizes.size;
  }
}

/** The smallest of some message ids (the oldest message), or null when there are none. */
export function oldestId(ids: Iterable<string>): bigint | null {
  let min: bigint | null = null;
  for (const text of ids) {
    const id = BigInt(text);
    if (min === null || id < min) min = id;
  }
  return min;
}

/** Seconds left at the pace so far; null until there is enough to go by. */
export function etaSeconds(progress: number, runSeconds: number): number | null {
  if (progress <= 0.001 || runSeconds < 1) return null;
  if (progress >= 1) return 0;
  return Math.round((runSeconds * (1 - progress)) / progress);
}

/** Messages per second over a sliding window of samples (time in ms, cumulative count). */
export class RateMeter {
  readonly #samples: { at: number; count: number }[] = [];
  readonly #windowMs: number;
  constructor(windowMs = 10_000) {
    this.#windowMs = windowMs;
  }
  add(at: number, count: number): void {
    this.#samples.push({ at, count });
    while (this.#samples.length > 2 && (this.#samples[0]?.at ?? at) < at - this.#windowMs)
      this.#samples.shift();
  }
  perSecond(): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last.at <= first.at) return 0;
    return ((last.count - first.count) * 1000) / (last.at - first.at);
  }
}

/** What the import keeps of a fetched message until its turn in the replay. */
export interface StagedMessage {
  messageId: string;
  channelId: string;
  userId: string;
  authorIsBot: boolean;
  system: boolean;
  isReply: boolean;
  words: number;
  attachments: number;
}

/** A staged message as the pipeline sees it: the live event's id, so overlaps count once. */
export function stagedEvent(guildId: string, message: StagedMessage, awardKarma: boolean): MessageCreated {
  return {
    kind: 'message.created',
    id: `m:${message.messageId}`,
    guildId,
    at: new Date(timeOfSnowflake(BigInt(message.messageId))),
    source: 'backfill',
    messageId: message.messageId,
    channelId: message.channelId,
    userId: message.userId,
    authorIsBot: message.authorIsBot,
    system: message.system,
    words: message.words,
    attachments: message.attachments,
    isReply: message.isReply,
    ...(awardKarma ? {} : { karma: false }),
  };
}

/** How long to wait before the next try of a page that failed (5xx, network): 1 s doubling to 30 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/** Tries of one page before its channel is given up as failed (about five minutes of trying). */
export const PAGE_ATTEMPTS = 14;

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
