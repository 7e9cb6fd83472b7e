/** Pure logic of the History import page (tested in test/web without a DOM). */
import type {
  GuildChannel,
  HistoryStartBody,
  HistoryTask,
  HistoryTaskChannel,
  HistoryTaskStatus,
} from '../api/types.ts';

export function isActiveTask(status: HistoryTaskStatus): boolean {
  return status === 'pending' || status === 'running';
}

/** The guild's unfinished import, if any: the API allows one at a time. */
export function activeTask<T extends Pick<HistoryTask, 'status'>>(tasks: readonly T[]): T | undefined {
  return tasks.find((t) => isActiveTask(t.status));
}

/**
 * Whether `next` is at least as recent as `current`. Progress reaches the page by three roads (the
 * start's answer, the stream, polls) that may arrive out of order; an older one must not win.
 */
export function isNewer(next: Pick<HistoryTask, 'updated_at'>, current: Pick<HistoryTask, 'updated_at'>) {
  return Date.parse(next.updated_at) >= Date.parse(current.updated_at);
}

export interface StartForm {
  allChannels: boolean;
  channelIds: readonly string[];
  /** `YYYY-MM-DD` from a date input, or empty. */
  since: string;
  /** `YYYY-MM-DD` from a date input, or empty: that day is included. */
  until: string;
  awardKarma: boolean;
}

export type FormField = 'channels' | 'since' | 'until' | 'awardKarma';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function utcMidnight(day: string): number | undefined {
  if (!DATE.test(day)) return undefined;
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The start request for a filled-in form. Days are UTC days, like the overview's: "from" starts at
 * the day's 00:00 UTC, "up to" includes its day, so `until` is the next day's 00:00 UTC (the API
 * takes messages before `until`). An empty list of picked channels would mean "all" to the API,
 * so it is an error here instead.
 */
export function startBody(form: StartForm): { body: HistoryStartBody } | { invalid: FormField } {
  const body: HistoryStartBody = { award_karma: form.awardKarma };
  if (!form.allChannels) {
    if (form.channelIds.length === 0) return { invalid: 'channels' };
    body.channel_ids = [...form.channelIds];
  }
  if (form.since) {
    const since = utcMidnight(form.since);
    if (since === undefined) return { invalid: 'since' };
    body.since = new Date(since).toISOString();
  }
  if (form.until) {
    const until = utcMidnight(form.until);
    if (until === undefined) return { invalid: 'until' };
    body.until = new Date(until + DAY_MS).toISOString();
  }
  return { body };
}

/** Which field of the form a 400's `field` (`since`, `channel_ids.0`, `body.until`...) points at. */
export function formFieldOf(apiField: string | undefined): FormField | undefined {
  if (!apiField) return undefined;
  const name = apiField.replace(/^body\./, '').split('.')[0];
  if (name === 'channel_ids') return 'channels';
  if (name === 'since' || name === 'until') return name;
  if (name === 'award_karma') return 'awardKarma';
  return undefined;
}

/** Channel types whose messages an import reads: text, voice and stage chat, announcements. */
const MESSAGE_TYPES = new Set([0, 2, 5, 13]);
/** Forums and media channels hold only threads; picking one imports its threads. */
const THREAD_ONLY_TYPES = new Set([15, 16]);
const CATEGORY = 4;
/** Discord lists voice and stage channels after the text-like ones of the same category. */
const VOICE_LIKE = new Set([2, 13]);

/**
 * The channels the import form offers, in Discord's sidebar order: uncategorised first, then by
 * category, text-like before voice-like, then by position. Threads are not offered: picking their
 * channel imports them, and the API lists only active ones.
 */
export function importableChannels(channels: readonly GuildChannel[]): GuildChannel[] {
  const categories = new Map(channels.filter((c) => c.type === CATEGORY).map((c) => [c.id, c.position]));
  const key = (c: GuildChannel): number[] => {
    const category = c.parentId === null ? undefined : categories.get(c.parentId);
    return [category === undefined ? -1 : category, VOICE_LIKE.has(c.type) ? 1 : 0, c.position];
  };
  return channels
    .filter((c) => MESSAGE_TYPES.has(c.type) || THREAD_ONLY_TYPES.has(c.type))
    .map((c) => ({ c, k: key(c) }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) {
        const d = (a.k[i] ?? 0) - (b.k[i] ?? 0);
        if (d !== 0) return d;
      }
      return a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0;
    })
    .map(({ c }) => c);
}

export type ChannelKind = 'text' | 'voice' | 'announcement' | 'stage' | 'forum' | 'thread';

export function channelKind(type: number): ChannelKind {
  switch (type) {
    case 2:
      return 'voice';
    case 5:
      return 'announcement';
    case 13:
      return 'stage';
    case 15:
    case 16:
      return 'forum';
    case 10:
    case 11:
    case 12:
      return 'thread';
    default:
      return 'text';
  }
}

/** A task's channels with each thread right after its parent (the API orders them by id). */
export function orderTaskChannels(channels: readonly HistoryTaskChannel[]): HistoryTaskChannel[] {
  const byId = new Set(channels.map((c) => c.channel_id));
  const threads = new Map<string, HistoryTaskChannel[]>();
  const top: HistoryTaskChannel[] = [];
  for (const c of channels) {
    if (c.parent_id !== null && byId.has(c.parent_id)) {
      const list = threads.get(c.parent_id) ?? [];
      list.push(c);
      threads.set(c.parent_id, list);
    } else top.push(c);
  }
  return top.flatMap((c) => [c, ...(threads.get(c.channel_id) ?? [])]);
}

/** How many of a task's channels are in each status, for a one-line summary. */
export function channelCounts(channels: readonly Pick<HistoryTaskChannel, 'status'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of channels) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return counts;
}

/** "54.2 %" in the reader's language (the API's percent has one decimal, rounded down). */
export function formatPercent(percent: number, lang: string): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(
    Math.min(100, Math.max(0, percent)) / 100,
  );
}

/** A rate with at most one decimal: "4,480", "12.5". */
export function formatRate(rate: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: rate < 100 ? 1 : 0 }).format(rate);
}

/**
 * A time left in its two largest units, in the reader's language: "1h 32m", "45s", "1 時間 32 分".
 * Intl.DurationFormat would do it, but not every browser the dashboard supports has it. English
 * reads best narrow; Japanese and Chinese narrow forms fall back to "h" and "m", so they get short.
 */
export function formatEta(seconds: number, lang: string): string {
  const total = Math.max(0, Math.round(seconds));
  const parts: ['hour' | 'minute' | 'second', number][] = [
    ['hour', Math.floor(total / 3600)],
    ['minute', Math.floor((total % 3600) / 60)],
    ['second', total % 60],
  ];
  const first = parts.findIndex(([, n]) => n > 0);
  const shown =
    first === -1 ? parts.slice(2) : parts.slice(first, first + 2).filter(([, n], i) => i === 0 || n > 0);
  const unitDisplay = lang.startsWith('en') ? 'narrow' : 'short';
  return shown
    .map(([unit, n]) => new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay }).format(n))
    .join(' ');
}
