import type { Logger } from '../../platform/logger.ts';
import type { JobDefinition } from '../../platform/queue/index.ts';
import type { PresenceUpkeep } from './upkeep.ts';

export const PRESENCE_SWEEP_QUEUE = 'presence-sweep';
export const PRESENCE_SNAPSHOT_QUEUE = 'presence-snapshot';
export const PRESENCE_RETENTION_QUEUE = 'presence-retention';

export interface PresenceJobsDeps {
  /** Built once by the roles (it carries the karma port that pays what the sweeper closes). */
  upkeep: PresenceUpkeep;
  logger?: Logger;
}

/**
 * The sweeper (every minute), the snapshots (every 5 minutes, seed 003) and the retention (daily,
 * 03:17 UTC, off the hour when other jobs crowd). pg-boss fires each schedule once across all
 * workers; each handler is safe to run twice (closing skips ended sessions, a snapshot slot is
 * written once, deleting what is gone deletes nothing).
 */
export function presenceJobs(deps: PresenceJobsDeps): JobDefinition[] {
  const { upkeep } = deps;
  const log = (what: string, report: object) => deps.logger?.debug({ ...report }, what);
  return [
    {
      name: PRESENCE_SWEEP_QUEUE,
      cron: '* * * * *',
      work: { pollingIntervalSeconds: 2 },
      async handler() {
        const report = await upkeep.sweep();
        const repaired =
          report.timedOut +
          report.ghostsRemoved +
          report.reinstated +
          report.closedFromLastSeen +
          report.orphansClosed;
        if (repaired > 0) {
          deps.logger?.info({ ...report }, 'presence sweep repaired sessions');
        } else {
          log('presence sweep', report);
        }
      },
    },
    {
      name: PRESENCE_SNAPSHOT_QUEUE,
      cron: '*/5 * * * *',
      work: { pollingIntervalSeconds: 5 },
      async handler() {
        log('presence snapshots', { written: await upkeep.snapshot() });
      },
    },
    {
      name: PRESENCE_RETENTION_QUEUE,
      cron: '17 3 * * *',
      async handler() {
        deps.logger?.info({ ...(await upkeep.retention()) }, 'presence retention');
      },
    },
  ];
}
