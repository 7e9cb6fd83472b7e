import { apiRequest } from './client.ts';
import type {
  Achievements,
  GuildSummary,
  Health,
  KarmaHistory,
  KarmaLogs,
  KarmaSummary,
  Leaderboard,
  Me,
  MyLevel,
  NextMilestone,
  QuestClaim,
  QuestList,
  QuestPeriod,
  Readiness,
  Stats,
  SwitchedGuild,
} from './types.ts';

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
  leaderboard: (page: number, limit: number, signal?: AbortSignal) =>
    apiRequest<Leaderboard>(`/api/v1/levels/leaderboard${query({ page, limit })}`, signal ? { signal } : {}),
  myLevel: (signal?: AbortSignal) => apiRequest<MyLevel>('/api/v1/levels/me', signal ? { signal } : {}),
  nextMilestone: (signal?: AbortSignal) =>
    apiRequest<NextMilestone>('/api/v1/levels/me/next-milestone', signal ? { signal } : {}),
  karmaSummary: (signal?: AbortSignal) =>
    apiRequest<KarmaSummary>('/api/v1/karma/summary', signal ? { signal } : {}),
  karmaLogs: (page: number, limit: number, signal?: AbortSignal) =>
    apiRequest<KarmaLogs>(`/api/v1/karma/logs${query({ page, limit })}`, signal ? { signal } : {}),
  /** Without a range the server answers the 30 UTC days ending today. */
  karmaHistory: (signal?: AbortSignal) =>
    apiRequest<KarmaHistory>('/api/v1/karma/history', signal ? { signal } : {}),
  quests: (period: QuestPeriod, signal?: AbortSignal) =>
    apiRequest<QuestList>(`/api/v1/quests/${period}`, signal ? { signal } : {}),
  claimQuest: (progressId: string) =>
    apiRequest<QuestClaim>(`/api/v1/quests/${encodeURIComponent(progressId)}/claim`, { method: 'POST' }),
  achievements: (signal?: AbortSignal) =>
    apiRequest<Achievements>('/api/v1/achievements', signal ? { signal } : {}),
};
