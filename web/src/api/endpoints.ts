import { apiRequest } from './client.ts';
import type {
  Achievements,
  CurrentViewers,
  GuildChannels,
  GuildQuests,
  GuildRoles,
  GuildSnapshots,
  GuildSummary,
  GuildViewers,
  Health,
  HistoryStartBody,
  HistoryTask,
  HistoryTaskDetail,
  HistoryTaskList,
  KarmaHistory,
  KarmaLogs,
  KarmaSettings,
  KarmaSettingsPatch,
  KarmaSummary,
  Leaderboard,
  LevelImportReport,
  LevelSettings,
  LevelTablePreview,
  Me,
  MyLevel,
  NextMilestone,
  QuestClaim,
  QuestList,
  QuestPeriod,
  Readiness,
  Stage,
  StageCount,
  StageCreateBody,
  StageDeleted,
  StageList,
  StagePatchBody,
  StageSnapshots,
  StageStats,
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

const guildPath = (guildId: string) => encodeURIComponent(guildId);
const stagePath = (stageId: string) => `/api/v1/stages/${encodeURIComponent(stageId)}`;
const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});
const taskPath = (guildId: string, taskId: string) =>
  `/api/v1/history/${guildPath(guildId)}/tasks/${encodeURIComponent(taskId)}`;

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
  /** Server-Sent Events (`stats`, the body of `stats` for the same range), read with an EventSource. */
  statsStreamUrl: (guildId: string, range: StatsRange) =>
    `/api/v1/guilds/${encodeURIComponent(guildId)}/stats/live${query({ ...range })}`,
  ready: (signal?: AbortSignal) =>
    apiRequest<Readiness>('/ready', { okStatuses: [503], ...(signal ? { signal } : {}) }),
  health: (signal?: AbortSignal) => apiRequest<Health>('/health', signal ? { signal } : {}),
  leaderboard: (page: number, limit: number, q: string, signal?: AbortSignal) =>
    apiRequest<Leaderboard>(
      `/api/v1/levels/leaderboard${query({ page, limit, q: q || undefined })}`,
      signal ? { signal } : {},
    ),
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
  guildChannels: (guildId: string, signal?: AbortSignal) =>
    apiRequest<GuildChannels>(`/api/v1/guilds/${guildPath(guildId)}/channels`, signal ? { signal } : {}),
  guildRoles: (guildId: string, signal?: AbortSignal) =>
    apiRequest<GuildRoles>(`/api/v1/guilds/${guildPath(guildId)}/roles`, signal ? { signal } : {}),
  karmaSettings: (guildId: string, signal?: AbortSignal) =>
    apiRequest<KarmaSettings>(
      `/api/v1/guilds/${guildPath(guildId)}/settings/karma`,
      signal ? { signal } : {},
    ),
  /** Each section sent replaces the stored one; the answer is the whole document after the change. */
  saveKarmaSettings: (guildId: string, patch: KarmaSettingsPatch) =>
    apiRequest<KarmaSettings>(`/api/v1/guilds/${guildPath(guildId)}/settings/karma`, {
      method: 'PUT',
      body: patch,
    }),
  /** The level table a configuration would give (the session's guild), without saving it. */
  previewLevels: (levels: Partial<LevelSettings>, signal?: AbortSignal) =>
    apiRequest<LevelTablePreview>('/api/v1/levels/table/preview', {
      method: 'POST',
      body: levels,
      ...(signal ? { signal } : {}),
    }),
  /** Newest first; `before` (a task id) pages to older ones. */
  historyTasks: (guildId: string, limit: number, before: string | undefined, signal?: AbortSignal) =>
    apiRequest<HistoryTaskList>(
      `/api/v1/history/${guildPath(guildId)}/tasks${query({ limit, before })}`,
      signal ? { signal } : {},
    ),
  historyTask: (guildId: string, taskId: string, signal?: AbortSignal) =>
    apiRequest<HistoryTaskDetail>(taskPath(guildId, taskId), signal ? { signal } : {}),
  startHistory: (guildId: string, body: HistoryStartBody) =>
    apiRequest<HistoryTask>(`/api/v1/fetch/${guildPath(guildId)}/start`, { method: 'POST', body }),
  cancelHistory: (guildId: string, taskId: string) =>
    apiRequest<HistoryTask>(`${taskPath(guildId, taskId)}/cancel`, { method: 'POST' }),
  /** Server-Sent Events (`progress`, `end`), read with an EventSource: the session cookie goes along. */
  historyStreamUrl: (guildId: string, taskId: string) => `${taskPath(guildId, taskId)}/stream`,

  /* Live presence. Stages are listed per guild; the session covers one, named for clarity. */
  stages: (guildId: string, signal?: AbortSignal) =>
    apiRequest<StageList>(`/api/v1/stages${query({ guild_id: guildId })}`, withSignal(signal)),
  stage: (stageId: string, signal?: AbortSignal) => apiRequest<Stage>(stagePath(stageId), withSignal(signal)),
  createStage: (body: StageCreateBody) => apiRequest<Stage>('/api/v1/stages', { method: 'POST', body }),
  updateStage: (stageId: string, body: StagePatchBody) =>
    apiRequest<Stage>(stagePath(stageId), { method: 'PATCH', body }),
  deleteStage: (stageId: string) => apiRequest<StageDeleted>(stagePath(stageId), { method: 'DELETE' }),
  stageCount: (stageId: string, signal?: AbortSignal) =>
    apiRequest<StageCount>(`${stagePath(stageId)}/viewers/count`, withSignal(signal)),
  currentViewers: (stageId: string, limit: number, signal?: AbortSignal) =>
    apiRequest<CurrentViewers>(`${stagePath(stageId)}/viewers${query({ limit })}`, withSignal(signal)),
  /** The last `days` days until now. */
  stageStats: (stageId: string, days: number, signal?: AbortSignal) =>
    apiRequest<StageStats>(`${stagePath(stageId)}/stats${query({ days })}`, withSignal(signal)),
  stageSnapshots: (stageId: string, from: string, to: string, signal?: AbortSignal) =>
    apiRequest<StageSnapshots>(
      `${stagePath(stageId)}/snapshots${query({ from, to, limit: 30_000 })}`,
      withSignal(signal),
    ),
  /** Server-Sent Events (`count`, `deleted`), read with an EventSource. */
  stageStreamUrl: (stageId: string) => `${stagePath(stageId)}/viewers/stream`,
  guildQuests: (guildId: string, signal?: AbortSignal) =>
    apiRequest<GuildQuests>(`/api/v1/guilds/${guildPath(guildId)}/quests/active`, withSignal(signal)),
  guildViewers: (guildId: string, signal?: AbortSignal) =>
    apiRequest<GuildViewers>(`/api/v1/guilds/${guildPath(guildId)}/viewers`, withSignal(signal)),
  guildSnapshots: (guildId: string, from: string, to: string, signal?: AbortSignal) =>
    apiRequest<GuildSnapshots>(
      `/api/v1/guilds/${guildPath(guildId)}/viewers/snapshots${query({ from, to, limit: 30_000 })}`,
      withSignal(signal),
    ),
  /** Server-Sent Events (`counts`, the body of guildViewers), read with an EventSource. */
  guildStreamUrl: (guildId: string) => `/api/v1/guilds/${guildPath(guildId)}/live`,
  /** `path` from lib/imports.ts `importPath`; the file goes as the raw body. */
  importLevels: (path: string, file: Blob, contentType: string) =>
    apiRequest<LevelImportReport>(path, { method: 'POST', upload: { data: file, type: contentType } }),
};
