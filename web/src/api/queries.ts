import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { api } from './endpoints.ts';

export const queryKeys = {
  me: ['me'] as const,
  guilds: ['guilds'] as const,
  stats: (guildId: string) => ['stats', guildId] as const,
  ready: ['ready'] as const,
  health: ['health'] as const,
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
