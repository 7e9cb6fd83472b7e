import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { api } from './endpoints.ts';
import type { QuestPeriod } from './types.ts';

export const queryKeys = {
  me: ['me'] as const,
  guilds: ['guilds'] as const,
  stats: (guildId: string) => ['stats', guildId] as const,
  ready: ['ready'] as const,
  health: ['health'] as const,
  leaderboard: (guildId: string, page: number, limit: number) =>
    ['leaderboard', guildId, page, limit] as const,
  /** Everything on My profile: a claim invalidates the whole group at once. */
  karma: (guildId: string) => ['karma', guildId] as const,
  karmaPart: (guildId: string, ...part: (string | number)[]) => ['karma', guildId, ...part] as const,
};

/** Until the API streams (SSE, round 2), live pages poll at this pace; hidden tabs do not poll. */
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

export function useStats(guildId: string) {
  return useQuery({
    queryKey: queryKeys.stats(guildId),
    // The server defaults to the 30 UTC days ending today; its `from` and `to` say which.
    queryFn: ({ signal }) => api.stats(guildId, { limit: 10 }, signal),
    refetchInterval: LIVE_INTERVAL_MS,
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

/** A page of the leaderboard; the previous page stays on screen while the next one loads. */
export function useLeaderboard(guildId: string, page: number, limit: number) {
  return useQuery({
    queryKey: queryKeys.leaderboard(guildId, page, limit),
    queryFn: ({ signal }) => api.leaderboard(page, limit, signal),
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
