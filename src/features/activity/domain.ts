import type { DomainEvent } from '../../pipeline/events.ts';

/** Seed 000's daily statistics, per guild, UTC day, channel and member. */
export interface StatsDelta {
  guildId: string;
  day: string;
  channelId: string;
  userId: string;
  messages: number;
  words: number;
  attachments: number;
  edits: number;
  deletions: number;
  reactions: number;
}

/** Deletions whose author Discord did not tell us are kept under this user id. */
export const UNKNOWN_USER = '0';

const DAY_MS = 86_400_000;
const days = new Map<number, string>();

/** Memoized by day number: the pipeline asks for every event, and toISOString is not free. */
export function utcDay(at: Date): string {
  const n = Math.floor(at.getTime() / DAY_MS);
  let day = days.get(n);
  if (day === undefined) {
    day = at.toISOString().slice(0, 10);
    if (days.size > 4096) days.clear();
    days.set(n, day);
  }
  return day;
}

/**
 * Folds events into one delta per (guild, day, channel, user). Members' activity only: messages and
 * edits by bots and webhooks, Discord's system messages and bots' reactions are not counted.
 * Returned sorted by key, so concurrent writers lock rows in the same order and cannot deadlock.
 */
export function aggregateStats(events: readonly DomainEvent[]): StatsDelta[] {
  const deltas = new Map<string, StatsDelta>();
  const bump = (guildId: string, at: Date, channelId: string, userId: string): StatsDelta => {
    const day = utcDay(at);
    const key = `${guildId}|${day}|${channelId}|${userId}`;
    let delta = deltas.get(key);
    if (!delta) {
      delta = {
        guildId,
        day,
        channelId,
        userId,
        messages: 0,
        words: 0,
        attachments: 0,
        edits: 0,
        deletions: 0,
        reactions: 0,
      };
      deltas.set(key, delta);
    }
    return delta;
  };
  for (const event of events) {
    switch (event.kind) {
      case 'message.created': {
        if (event.authorIsBot || event.system) break;
        const d = bump(event.guildId, event.at, event.channelId, event.userId);
        d.messages++;
        d.words += event.words;
        d.attachments += event.attachments;
        break;
      }
      case 'message.updated':
        if (event.authorIsBot || event.userId === null) break;
        bump(event.guildId, event.at, event.channelId, event.userId).edits++;
        break;
      case 'message.deleted':
        bump(event.guildId, event.at, event.channelId, event.userId ?? UNKNOWN_USER).deletions++;
        break;
      case 'reaction.added':
        if (event.userIsBot) break;
        bump(event.guildId, event.at, event.channelId, event.userId).reactions++;
        break;
      default:
        break;
    }
  }
  return [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
}
