/** The Imports page's upload, apart from queries.ts (which the first page loads). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './endpoints.ts';
import { queryKeys } from './queries.ts';

/**
 * Uploads a level file (a dry run, or the import itself). An applied import moves karma, levels
 * and the leaderboard: those are refetched.
 */
export function useImportLevels(guildId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: { path: string; file: Blob; contentType: string }) =>
      api.importLevels(request.path, request.file, request.contentType),
    onSuccess: (report) => {
      if (report.dryRun) return;
      void client.invalidateQueries({ queryKey: queryKeys.karma(guildId) });
      void client.invalidateQueries({ queryKey: ['leaderboard', guildId] });
    },
  });
}
