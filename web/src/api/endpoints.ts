import { apiRequest } from './client.ts';
import type { GuildSummary, Health, Me, Readiness, Stats, SwitchedGuild } from './types.ts';

export interface StatsRange {
  from?: string;
  to?: string;
  limit?: number;
}

function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}`;
}

/** One function per route the dashboard uses; paths and shapes as in docs/api.md and `/docs`. */
export const api = {
  me: (signal?: AbortSignal) => apiRequest<Me>('/auth/me', signal ? { signal } : {}),
  switchGuild: (guildId: string) =>
    apiRequest<SwitchedGuild>('/auth/guild', { method: 'POST', body: { guild_id: guildId } }),
  logout: () => apiRequest<undefined>('/auth/logout', { method: 'POST' }),
  guilds: (signal?: AbortSignal) => apiRequest<GuildSummary[]>('/api/v1/guilds', signal ? { signal } : {}),
  stats: (guildId: string, range: StatsRange, signal?: AbortSignal) =>
    apiRequest<Stats>(
      `/api/v1/guilds/${encodeURIComponent(guildId)}/stats${query({ ...range })}`,
      signal ? { signal } : {},
    ),
  ready: (signal?: AbortSignal) =>
    apiRequest<Readiness>('/ready', { okStatuses: [503], ...(signal ? { signal } : {}) }),
  health: (signal?: AbortSignal) => apiRequest<Health>('/health', signal ? { signal } : {}),
};
