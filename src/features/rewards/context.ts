import type { AfterCommit } from '../../pipeline/feature.ts';
import type { Db } from '../../platform/db/port.ts';
import type { HotStore } from '../../platform/hot/port.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Queue } from '../../platform/queue/index.ts';
import { ConfigCache } from './config-cache.ts';
import { Leaderboard } from './leaderboard.ts';
import { KnownMembers } from './member-repository.ts';
import type { Settlement } from './settle.ts';

/** Queue of the job that turns pending `level_changes` into role-reward and announcement jobs. */
export const LEVEL_DISPATCH_QUEUE = 'karma-level-dispatch';

export interface KarmaRuntimeDeps {
  db: Db;
  /** Absent: the leaderboard is served from SQL only. */
  hot?: HotStore | undefined;
  /** Resolved lazily (the queue may start after the pipeline); absent: the dispatcher's cron picks level changes up. */
  queue?: (() => Queue | undefined) | undefined;
  logger?: Logger | undefined;
  now?: (() => Date) | undefined;
}

/**
 * What every karma path shares in one process: the clock, the parsed guild configurations, the
 * leaderboard, and the after-commit effects. One per process; pass the same one to the pipeline
 * feature, the services and the jobs so they share the configuration cache.
 */
export interface KarmaRuntime {
  readonly db: Db;
  readonly configs: ConfigCache;
  readonly leaderboard: Leaderboard;
  /** Members whose row exists, as far as this process has seen (see `lockMembers`). */
  readonly members: KnownMembers;
  readonly logger: Logger | undefined;
  now(): Date;
  /** The work to do once a transaction that settled karma has committed. */
  afterCommit(settlement: Settlement): AfterCommit | undefined;
}

/** Nudges the dispatcher at most this often; the per-minute cron covers anything in between. */
const DISPATCH_NUDGE_MS = 1000;

export function createKarmaRuntime(deps: KarmaRuntimeDeps): KarmaRuntime {
  const leaderboard = new Leaderboard({ db: deps.db, hot: deps.hot, logger: deps.logger });
  const now = deps.now ?? (() => new Date());
  let lastNudge = 0;
  let trailing: NodeJS.Timeout | undefined;
  const nudge = async (): Promise<void> => {
    const queue = deps.queue?.();
    if (!queue) return;
    const wait = lastNudge + DISPATCH_NUDGE_MS - Date.now();
    if (wait > 0) {
      // Throttled: one trailing nudge picks up whatever this and later batches recorded.
      if (trailing === undefined) {
        trailing = setTimeout(() => {
          trailing = undefined;
          void nudge();
        }, wait).unref();
      }
      return;
    }
    lastNudge = Date.now();
    try {
      await queue.send(LEVEL_DISPATCH_QUEUE, {});
    } catch (error) {
      // The level changes are safe in their outbox table; the cron run will dispatch them.
      deps.logger?.warn({ err: error }, 'could not nudge the level-change dispatcher');
    }
  };
  return {
    db: deps.db,
    configs: new ConfigCache(),
    leaderboard,
    members: new KnownMembers(),
    logger: deps.logger,
    now,
    afterCommit(settlement) {
      if (settlement.totals.length === 0 && settlement.levelChanges.length === 0) return undefined;
      return async () => {
        await leaderboard.update(settlement.totals);
        if (settlement.levelChanges.length > 0) await nudge();
      };
    },
  };
}
