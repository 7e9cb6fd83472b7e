import type { Db } from '../../platform/db/port.ts';
import type { Logger } from '../../platform/logger.ts';
import type { JobDefinition } from '../../platform/queue/index.ts';
import { deleteFinishedBefore, expireDue } from './repository.ts';

/**
 * Seed 004's quest schedules, as pg-boss cron jobs in UTC (they fire once across all workers):
 * the daily reset at 00:00, the weekly reset on Monday 00:00 and the cleanup at 01:00.
 *
 * Quests are assigned lazily (a member gets the period's quests on first activity or visit), so a
 * "reset" has nothing to create: it expires what the period left unclaimed. Every handler expires
 * everything whose period ended before now, whatever run it is, so a missed run is caught up by the
 * next one of any of the three, and by the run sent at start (`QUEST_CATCH_UP_QUEUE`).
 */

export const QUEST_DAILY_RESET_QUEUE = 'quests-daily-reset';
export const QUEST_WEEKLY_RESET_QUEUE = 'quests-weekly-reset';
export const QUEST_CLEANUP_QUEUE = 'quests-cleanup';
/** Send a job here when a worker starts, to catch up runs missed while no worker ran. */
export const QUEST_CATCH_UP_QUEUE = QUEST_CLEANUP_QUEUE;

export interface QuestJobDeps {
  db: Db;
  logger: Logger;
  now?: () => Date;
  /** Finished rows (claimed or expired) are deleted this long after their period ended. */
  retentionDays?: number;
}

export function questJobs(deps: QuestJobDeps): JobDefinition[] {
  const now = deps.now ?? (() => new Date());
  const retentionMs = (deps.retentionDays ?? 90) * 86_400_000;
  const expire = (name: string) => async () => {
    const expired = await expireDue(deps.db, now());
    deps.logger.info({ job: name, expired }, 'expired quests of ended periods');
  };
  return [
    {
      name: QUEST_DAILY_RESET_QUEUE,
      cron: '0 0 * * *',
      work: { pollingIntervalSeconds: 5 },
      handler: expire(QUEST_DAILY_RESET_QUEUE),
    },
    {
      name: QUEST_WEEKLY_RESET_QUEUE,
      cron: '0 0 * * 1',
      work: { pollingIntervalSeconds: 5 },
      handler: expire(QUEST_WEEKLY_RESET_QUEUE),
    },
    {
      name: QUEST_CLEANUP_QUEUE,
      cron: '0 1 * * *',
      work: { pollingIntervalSeconds: 5 },
      async handler() {
        const at = now();
        const expired = await expireDue(deps.db, at);
        const deleted = await deleteFinishedBefore(deps.db, new Date(at.getTime() - retentionMs));
        deps.logger.info({ job: QUEST_CLEANUP_QUEUE, expired, deleted }, 'quest cleanup done');
      },
    },
  ];
}
