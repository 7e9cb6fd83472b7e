import type { Pipeline } from '../../pipeline/pipeline.ts';
import type { Db } from '../../platform/db/port.ts';
import type { REST } from '../../platform/discord/rest.ts';
import type { Logger } from '../../platform/logger.ts';
import type { JobDefinition } from '../../platform/queue/index.ts';
import { SYNC_QUEUE, type SyncJobData, syncGuild } from './service.ts';

export function syncJob(deps: {
  db: Db;
  pipeline: Pipeline;
  rest: REST | undefined;
  logger: Logger;
}): JobDefinition<SyncJobData> {
  return {
    name: SYNC_QUEUE,
    work: { pollingIntervalSeconds: 1 },
    async handler(jobs) {
      for (const job of jobs) {
        if (!deps.rest) throw new Error('this worker has no Discord token (DISCORD_TOKEN) and cannot sync');
        const result = await syncGuild(
          { rest: deps.rest, pipeline: deps.pipeline, db: deps.db },
          job.data.guildId,
        );
        deps.logger.info(result, 'guild synced from Discord');
      }
    },
  };
}
