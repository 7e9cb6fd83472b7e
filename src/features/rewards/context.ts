/**
 * # rewards: what karma, levels, quests and achievements share
 *
 * The four reward features are each readable alone (karma: the earning rules, the ledger's API and
 * admin adjustments; levels: the curve, ranks, the leaderboard and role rewards; quests; achievements),
 * but they pay into one ledger and change one row per member. What they share lives here, and only
 * here:
 *
 * - the guild's reward configuration, parsed and cached by version (domain/config.ts, config-cache.ts; the
 *   catalogs the features keep in their own tables come through the `RewardCatalogs` port), and the
 *   settings API that changes it (settings-service.ts, http.ts);
 * - the member's reward state, one `user_karma` row loaded and locked once per transaction and saved
 *   once (domain/member-state.ts, member-repository.ts);
 * - the ledger (domain/ledger.ts, ledger-repository.ts) and the settlement that ends every path that moves
 *   karma: it applies what the ledger accepted, unlocks achievements, settles levels, writes the
 *   members back, records level changes and tells the reward consumers (settle.ts, consumers.ts);
 * - the leaderboard (leaderboard.ts), and after commit its update and the level dispatcher's nudge.
 *
 * Dependency rule: the reward features import from rewards/; rewards imports from them only their
 * pure `domain/` (level curve, achievement criteria, quest live state, karma sources). Anything else
 * a feature needs from another goes through a port the caller defines and roles/rewards.ts injects.
 * docs/karma.md lists which feature owns which table.
 */
import type { AfterCommit } from '../../pipeline/feature.ts';
import type { Db } from '../../platform/db/port.ts';
import type { HotStore } from '../../platform/hot/port.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Queue } from '../../platform/queue/index.ts';
import type { RewardCatalogs } from './catalogs.ts';
import { ConfigCache } from './config-cache.ts';
import type { RewardConsumer } from './consumers.ts';
import { Leaderboard } from './leaderboard.ts';
import { KnownMembers } from './member-repository.ts';
import type { Settlement } from './settle.ts';

/** Queue of the job that turns pending `level_changes` into role-reward and announcement jobs. */
export const LEVEL_DISPATCH_QUEUE = 'karma-level-dispatch';

export interface RewardsContextDeps {
  db: Db;
  catalogs: RewardCatalogs;
  /** Absent: the leaderboard is served from SQL only. */
  hot?: HotStore | undefined;
  /** Resolved lazily (the queue may start after the pipeline); absent: the dispatcher's cron picks level changes up. */
  queue?: Queue | undefined;
  /** Told about every settlement's reward facts, in its transaction; none by default. */
  consumers?: readonly RewardConsumer[] | undefined;
  logger?: Logger | undefined;
  now?: (() => Date) | undefined;
}

/**
 * What every reward path shares in one process: the clock, the parsed guild configurations, the
 * leaderboard, the reward consumers and the after-commit effects. One per process; the root passes
 * the same one to the pipeline, the services and the jobs so they share the configuration cache.
 */
export interface RewardsContext {
  readonly db: Db;
  readonly configs: ConfigCache;
  readonly catalogs: RewardCatalogs;
  readonly leaderboard: Leaderboard;
  /** Members whose row exists, as far as this process has seen (see `lockMembers`). */
  readonly knownMembers: KnownMembers;
  readonly consumers: readonly RewardConsumer[];
  readonly logger: Logger | undefined;
  now(): Date;
  /** The work to do once a transaction that settled karma has committed. */
  afterCommit(settlement: Settlement): AfterCommit | undefined;
}

/** Nudges the dispatcher at most this often; the per-minute cron covers anything in between. */
const DISPATCH_NUDGE_MS = 1000;

export function createRewardsContext(deps: RewardsContextDeps): RewardsContext {
  const leaderboard = new Leaderboard({ db: deps.db, hot: deps.hot, logger: deps.logger });
  const now = deps.now ?? (() => new Date());
  let lastNudge = 0;
  let trailing: NodeJS.Timeout | undefined;
  const nudge = async (): Promise<void> => {
    const queue = deps.queue;
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
    configs: new ConfigCache(deps.catalogs),
    catalogs: deps.catalogs,
    leaderboard,
    knownMembers: new KnownMembers(),
    consumers: deps.consumers ?? [],
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
