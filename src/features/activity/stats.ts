import type { Queryable } from '../../platform/db/port.ts';
import { refuse } from '../../platform/errors.ts';
import { queryStats, type StatsTotals } from './repository.ts';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;

export interface StatsQuerystring {
  from?: string;
  to?: string;
  channel_id?: string;
  user_id?: string;
  limit?: number;
}

export interface StatsRange {
  from: string;
  to: string;
}

/**
 * The days a query covers, `now` deciding the defaults: without `to`, the range ends today (and a
 * live stream's range moves with the days). Refuses a range that is backwards or too long, naming
 * the field.
 */
export function statsRange(query: StatsQuerystring, now: number): StatsRange {
  const to = query.to ?? new Date(now).toISOString().slice(0, 10);
  const from = query.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
  if (from > to) throw refuse.invalid('querystring from must not be after to', 'from');
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS > MAX_RANGE_DAYS) {
    throw refuse.invalid(`querystring range must be at most ${MAX_RANGE_DAYS} days`, 'from');
  }
  return { from, to };
}

function pick(r: StatsTotals): StatsTotals {
  return {
    messages: r.messages,
    words: r.words,
    attachments: r.attachments,
    edits: r.edits,
    deletions: r.deletions,
    reactions: r.reactions,
  };
}

const NO_TOTALS = { messages: 0, words: 0, attachments: 0, edits: 0, deletions: 0, reactions: 0 };

/** Seed 000/001's statistics of a guild over a range, as the API answers them. */
export async function readStats(db: Queryable, guildId: string, query: StatsQuerystring, now: number) {
  const { from, to } = statsRange(query, now);
  const result = await queryStats(db, {
    guildId,
    from,
    to,
    channelId: query.channel_id,
    userId: query.user_id,
    limit: query.limit ?? 10,
  });
  return {
    guildId,
    from,
    to,
    totals: result.totals
      ? { ...pick(result.totals), activeMembers: result.totals.active_members }
      : { ...NO_TOTALS, activeMembers: 0 },
    byDay: result.byDay.map((r) => ({ day: r.day, ...pick(r) })),
    byChannel: result.byChannel.map((r) => ({ channelId: r.channel_id, name: r.name, ...pick(r) })),
    byUser: result.byUser.map((r) => ({
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      ...pick(r),
    })),
  };
}

export type StatsBody = Awaited<ReturnType<typeof readStats>>;
