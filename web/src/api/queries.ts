import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useLocation } from 'wouter';
import { api } from './endpoints.ts';
import type {
  HistoryStartBody,
  HistoryTask,
  HistoryTaskDetail,
  HistoryTaskList,
  KarmaSettingsPatch,
  LevelSettings,
  QuestPeriod,
} from './types.ts';

export const queryKeys = {
  me: ['me'] as const,
  guilds: ['guilds'] as const,
  stats: (guildId: string) => ['stats', guildId] as const,
  ready: ['ready'] as const,
  health: ['health'] as const,
  leaderboard: (guildId: string, page: number, limit: number, q: string) =>
    ['leaderboard', guildId, page, limit, q] as const,
  /** Everything on My profile: a claim invalidates the whole group at once. */
  karma: (guildId: string) => ['karma', guildId] as const,
  karmaPart: (guildId: string, ...part: (string | number)[]) => ['karma', guildId, ...part] as const,
  channels: (guildId: string) => ['channels', guildId] as const,
  roles: (guildId: string) => ['roles', guildId] as const,
  karmaSettings: (guildId: string) => ['karma-settings', guildId] as const,
  levelPreview: (guildId: string, body: string) => ['level-preview', guildId, body] as const,
  /** Everything on History import: a start or a cancel invalidates the whole group. */
  history: (guildId: string) => ['history', guildId] as const,
  historyTasks: (guildId: string, before?: string) =>
    ['history', guildId, 'tasks', before ?? 'newest'] as const,
  historyTask: (guildId: string, taskId: string) => ['history', guildId, 'task', taskId] as const,
  /** Everything on Stages: a create, an edit or a delete invalidates the whole group. */
  stages: (guildId: string) => ['stages', guildId] as const,
  stage: (guildId: string, stageId: string, ...part: (string | number)[]) =>
    ['stages', guildId, 'stage', stageId, ...part] as const,
  /** The guild's viewers now (the overview's card, fed by its stream) and over time. */
  guildViewers: (guildId: string) => ['viewers', guildId] as const,
  guildSnapshots: (guildId: string) => ['viewers', guildId, 'snapshots'] as const,
  /** The guild's active quests with its members' counts (the overview). */
  guildQuests: (guildId: string) => ['guild-quests', guildId] as const,
};

/** Pages whose data has no stream poll at this pace; hidden tabs do not poll. */
export const LIVE_INTERVAL_MS = 10_000;

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: ({ signal }) => api.me(signal), staleTime: 60_000 });
}

export function useGuilds() {
  return useQuery({
    queryKey: queryKeys.guilds,
    queryFn: ({ signal }) => api.guilds(signal),
    refetchInterval: 60_000,
  });
}

/**
 * The guild's quests of the day and week. Members' progress moves with their messages, so the
 * overview also refreshes this when its statistics stream says the guild was active (live.ts).
 */
export function useGuildQuests(guildId: string) {
  return useQuery({
    queryKey: queryKeys.guildQuests(guildId),
    queryFn: ({ signal }) => api.guildQuests(guildId, signal),
    refetchInterval: 60_000,
  });
}

export function useReady() {
  return useQuery({
    queryKey: queryKeys.ready,
    queryFn: ({ signal }) => api.ready(signal),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: ({ signal }) => api.health(signal),
    refetchInterval: 60_000,
  });
}

/** Reissues the session for another guild, forgets the old guild's data and opens its overview. */
export function useSwitchGuild() {
  const client = useQueryClient();
  const [, navigate] = useLocation();
  return useMutation({
    mutationFn: (guildId: string) => api.switchGuild(guildId),
    onSuccess: async () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      await client.refetchQueries({ queryKey: queryKeys.me });
      navigate('/overview');
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  const [, navigate] = useLocation();
  return useMutation({
    mutationFn: () => api.logout(),
    onSuccess: () => {
      client.clear();
      navigate('/signin?signedOut=1');
    },
  });
}

/**
 * A page of the leaderboard, or of the members whose name contains `q` (empty: everyone); the
 * previous page stays on screen while the next one loads.
 */
export function useLeaderboard(guildId: string, page: number, limit: number, q = '') {
  return useQuery({
    queryKey: queryKeys.leaderboard(guildId, page, limit, q),
    queryFn: ({ signal }) => api.leaderboard(page, limit, q, signal),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useKarmaSummary(guildId: string) {
  return useQuery({
    queryKey: queryKeys.karmaPart(guildId, 'summary'),
    queryFn: ({ signal }) => api.karmaSummary(signal),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useMyLevel(guildId: string) {
  return useQuery({
    queryKey: queryKeys.karmaPart(guildId, 'level'),
    queryFn: ({ signal }) => api.myLevel(signal),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useNextMilestone(guildId: string) {
  return useQuery({
    queryKey: queryKeys.karmaPart(guildId, 'milestone'),
    queryFn: ({ signal }) => api.nextMilestone(signal),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useKarmaLogs(guildId: string, page: number, limit: number) {
  return useQuery({
    queryKey: queryKeys.karmaPart(guildId, 'logs', page, limit),
    queryFn: ({ signal }) => api.karmaLogs(page, limit, signal),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useKarmaHistory(guildId: string) {
  return useQuery({
    queryKey: queryKeys.karmaPart(guildId, 'history'),
    queryFn: ({ signal }) => api.karmaHistory(signal),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useQuests(guildId: string, period: QuestPeriod) {
  return useQuery({
    queryKey: queryKeys.karmaPart(guildId, 'quests', period),
    queryFn: ({ signal }) => api.quests(period, signal),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useAchievements(guildId: string) {
  return useQuery({
    queryKey: queryKeys.karmaPart(guildId, 'achievements'),
    queryFn: ({ signal }) => api.achievements(signal),
    refetchInterval: 60_000,
  });
}

/**
 * Claims a completed quest. A claim moves the total, the level, the log, the history and maybe
 * achievements, so everything on My profile is refetched rather than patched by hand.
 */
export function useClaimQuest(guildId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (progressId: string) => api.claimQuest(progressId),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.karma(guildId) }),
  });
}

export function useGuildChannels(guildId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.channels(guildId),
    queryFn: ({ signal }) => api.guildChannels(guildId, signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useGuildRoles(guildId: string) {
  return useQuery({
    queryKey: queryKeys.roles(guildId),
    queryFn: ({ signal }) => api.guildRoles(guildId, signal),
    staleTime: 60_000,
  });
}

/** Not refetched behind the admin's back: the forms compare their drafts with this copy. */
export function useKarmaSettings(guildId: string) {
  return useQuery({
    queryKey: queryKeys.karmaSettings(guildId),
    queryFn: ({ signal }) => api.karmaSettings(guildId, signal),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/**
 * Saves sections of the karma settings. The answer is the whole document, which becomes the
 * cached copy at once; levels and titles shown elsewhere (My profile, the leaderboard) refetch.
 */
export function useSaveKarmaSettings(guildId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: KarmaSettingsPatch) => api.saveKarmaSettings(guildId, patch),
    onSuccess: async (settings) => {
      client.setQueryData(queryKeys.karmaSettings(guildId), settings);
      await client.invalidateQueries({ queryKey: queryKeys.karma(guildId) });
      await client.invalidateQueries({ queryKey: ['leaderboard', guildId] });
    },
  });
}

/**
 * The level table of a curve being edited; `body` is the configuration as JSON (the query key).
 * The previous table stays on screen while the next one loads, so the chart never empties.
 */
export function useLevelPreview(guildId: string, body: string | undefined) {
  return useQuery({
    queryKey: queryKeys.levelPreview(guildId, body ?? ''),
    queryFn: ({ signal }) => api.previewLevels(JSON.parse(body ?? '{}') as Partial<LevelSettings>, signal),
    enabled: body !== undefined,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** Tasks a page of the list shows. */
export const HISTORY_PAGE_SIZE = 20;
/** While an import runs, its row follows it (the live panel has the stream for the fine detail). */
const HISTORY_ACTIVE_INTERVAL_MS = 5_000;
/** Otherwise another admin (or the CLI) may start one. */
const HISTORY_IDLE_INTERVAL_MS = 30_000;
/** The fallback pace when the progress stream fails, and how often an open task's channels refresh. */
export const HISTORY_POLL_MS = 2_000;

export function useHistoryTasks(guildId: string, before: string | undefined) {
  return useQuery({
    queryKey: queryKeys.historyTasks(guildId, before),
    queryFn: ({ signal }) => api.historyTasks(guildId, HISTORY_PAGE_SIZE, before, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.tasks.some((t) => t.status === 'pending' || t.status === 'running')
        ? HISTORY_ACTIVE_INTERVAL_MS
        : HISTORY_IDLE_INTERVAL_MS,
  });
}

export function useHistoryTask(
  guildId: string,
  taskId: string,
  options: {
    enabled?: boolean;
    /** A pace, or a pace chosen from the task as last fetched (e.g. only while it runs). */
    refetchInterval?: number | false | ((task: HistoryTaskDetail | undefined) => number | false);
  } = {},
) {
  const pace = options.refetchInterval ?? false;
  return useQuery({
    queryKey: queryKeys.historyTask(guildId, taskId),
    queryFn: ({ signal }) => api.historyTask(guildId, taskId, signal),
    enabled: options.enabled ?? true,
    refetchInterval: typeof pace === 'function' ? (query) => pace(query.state.data) : pace,
  });
}

/**
 * A task without its channels (a polled detail), as list rows keep it. Here rather than in
 * lib/history.ts: this module is on the first page, and importing that one would bring it along.
 */
export function withoutChannels(task: HistoryTask | HistoryTaskDetail): HistoryTask {
  if (!('channels' in task)) return task;
  const { channels: _channels, ...view } = task;
  return view;
}

/**
 * Writes a task the live panel heard of (from the stream, or a poll) into every cached list and
 * into its detail, so the list row moves with the live panel without a request of its own.
 */
export function useRecordTask(guildId: string) {
  const client = useQueryClient();
  return useCallback(
    (task: HistoryTask | HistoryTaskDetail) => {
      const view = withoutChannels(task);
      client.setQueriesData<HistoryTaskList>({ queryKey: [...queryKeys.history(guildId), 'tasks'] }, (old) =>
        old ? { tasks: old.tasks.map((t) => (t.id === view.id ? { ...t, ...view } : t)) } : old,
      );
      client.setQueryData<HistoryTaskDetail>(queryKeys.historyTask(guildId, view.id), (old) =>
        old ? { ...old, ...view } : old,
      );
    },
    [client, guildId],
  );
}

export function useStartHistory(guildId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: HistoryStartBody) => api.startHistory(guildId, body),
    // A 409 means another import runs: refetching brings it into the list and the live panel.
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.history(guildId) }),
  });
}

export function useCancelHistory(guildId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => api.cancelHistory(guildId, taskId),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.history(guildId) }),
  });
}
