import type { Stats, StatsTotals } from '../api/types.ts';

const DAY_MS = 86_400_000;

/** Every UTC day from `from` to `to` (both `YYYY-MM-DD`, inclusive); empty when reversed or invalid. */
export function daysBetween(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || start > end) return [];
  const days: string[] = [];
  for (let t = start; t <= end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** One bar of a per-day chart (messages on the overview, karma on My profile). */
export interface DailyValue {
  day: string;
  value: number;
}

export interface DailyPoint {
  day: string;
  messages: number;
}

/** The API lists only days with activity; a chart needs every day of the range, quiet ones as 0. */
export function dailyMessages(stats: Pick<Stats, 'from' | 'to' | 'byDay'>): DailyPoint[] {
  const byDay = new Map(stats.byDay.map((d) => [d.day, d.messages]));
  return daysBetween(stats.from, stats.to).map((day) => ({ day, messages: byDay.get(day) ?? 0 }));
}

export interface ChannelBar {
  channelId: string;
  name: string | null;
  messages: number;
  /** Length of the bar, 0..1 of the busiest channel. */
  share: number;
}

export function channelBars(
  byChannel: readonly (StatsTotals & { channelId: string; name: string | null })[],
) {
  const rows = byChannel.filter((c) => c.messages > 0).sort((a, b) => b.messages - a.messages);
  const max = rows[0]?.messages ?? 0;
  return rows.map(
    (c): ChannelBar => ({
      channelId: c.channelId,
      name: c.name,
      messages: c.messages,
      share: max > 0 ? c.messages / max : 0,
    }),
  );
}

export interface OverviewNumbers {
  messagesToday: number;
  messagesInRange: number;
  activeMembers: number;
  daily: DailyPoint[];
  channels: ChannelBar[];
  /** Nothing happened in the whole range: the page says so instead of drawing empty charts. */
  empty: boolean;
}

/** What the overview shows, from one stats answer; "today" is the range's last (UTC) day. */
export function overviewNumbers(stats: Stats): OverviewNumbers {
  const daily = dailyMessages(stats);
  return {
    messagesToday: daily.at(-1)?.messages ?? 0,
    messagesInRange: stats.totals.messages,
    activeMembers: stats.totals.activeMembers,
    daily,
    channels: channelBars(stats.byChannel),
    empty: stats.totals.messages === 0,
  };
}
