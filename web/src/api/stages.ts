/**
 * Queries of the Stages page and of the overview's viewers chart. Apart from queries.ts, which
 * the first page loads: these only load with the pages that use them.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './endpoints.ts';
import { queryKeys } from './queries.ts';
import type { StageCreateBody, StagePatchBody } from './types.ts';

/** Stages change rarely (a channel joined for the first time, an admin's edit); counts come live. */
const STAGES_INTERVAL_MS = 30_000;
/** Statistics and snapshots move by 5-minute slots. */
const SNAPSHOTS_INTERVAL_MS = 60_000;
/** Who is watching: joins and leaves, as often as the live count's fallback. */
export const VIEWERS_INTERVAL_MS = 5_000;
const HOUR_MS = 3_600_000;

export function useStages(guildId: string) {
  return useQuery({
    queryKey: queryKeys.stages(guildId),
    queryFn: ({ signal }) => api.stages(guildId, signal),
    refetchInterval: STAGES_INTERVAL_MS,
  });
}

export function useStage(guildId: string, stageId: string) {
  return useQuery({
    queryKey: queryKeys.stage(guildId, stageId),
    queryFn: ({ signal }) => api.stage(stageId, signal),
    refetchInterval: STAGES_INTERVAL_MS,
  });
}

export function useStageStats(guildId: string, stageId: string, days: number) {
  return useQuery({
    queryKey: queryKeys.stage(guildId, stageId, 'stats', days),
    queryFn: ({ signal }) => api.stageStats(stageId, days, signal),
    placeholderData: keepPreviousData,
    refetchInterval: SNAPSHOTS_INTERVAL_MS,
  });
}

/** The last `days` days of a stage's snapshots; the answer's `from`/`to` say which exactly. */
export function useStageSnapshots(guildId: string, stageId: string, days: number) {
  return useQuery({
    queryKey: queryKeys.stage(guildId, stageId, 'snapshots', days),
    queryFn: ({ signal }) => {
      const to = Date.now();
      return api.stageSnapshots(
        stageId,
        new Date(to - days * 24 * HOUR_MS).toISOString(),
        new Date(to).toISOString(),
        signal,
      );
    },
    placeholderData: keepPreviousData,
    refetchInterval: SNAPSHOTS_INTERVAL_MS,
  });
}

export function useCurrentViewers(guildId: string, stageId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.stage(guildId, stageId, 'viewers'),
    queryFn: ({ signal }) => api.currentViewers(stageId, 100, signal),
    enabled,
    refetchInterval: VIEWERS_INTERVAL_MS,
  });
}

/** The guild's viewers over the last 24 hours, for the overview's chart. */
export function useGuildSnapshots(guildId: string) {
  return useQuery({
    queryKey: queryKeys.guildSnapshots(guildId),
    queryFn: ({ signal }) => {
      const to = Date.now();
      return api.guildSnapshots(
        guildId,
        new Date(to - 24 * HOUR_MS).toISOString(),
        new Date(to).toISOString(),
        signal,
      );
    },
    refetchInterval: SNAPSHOTS_INTERVAL_MS,
  });
}

function useStagesChanged(guildId: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.stages(guildId) }),
      client.invalidateQueries({ queryKey: queryKeys.guildViewers(guildId) }),
    ]);
}

export function useCreateStage(guildId: string) {
  const changed = useStagesChanged(guildId);
  return useMutation({ mutationFn: (body: StageCreateBody) => api.createStage(body), onSettled: changed });
}

export function useUpdateStage(guildId: string) {
  const changed = useStagesChanged(guildId);
  return useMutation({
    mutationFn: ({ stageId, body }: { stageId: string; body: StagePatchBody }) =>
      api.updateStage(stageId, body),
    onSettled: changed,
  });
}

export function useDeleteStage(guildId: string) {
  const changed = useStagesChanged(guildId);
  return useMutation({ mutationFn: (stageId: string) => api.deleteStage(stageId), onSettled: changed });
}
