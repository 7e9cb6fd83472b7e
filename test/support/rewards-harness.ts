import type { RewardConsumer } from '../../src/features/rewards/consumers.ts';
import type { RewardsContext } from '../../src/features/rewards/context.ts';
import { syncPipelineFeature } from '../../src/features/sync/pipeline.ts';
import type { DomainEvent } from '../../src/pipeline/events.ts';
import { Pipeline } from '../../src/pipeline/pipeline.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { createMemoryHotStore, type MemoryHotStore } from '../../src/platform/hot/memory.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { createRewards, type RewardsServices, rewardsPipelineFeatures } from '../../src/roles/rewards.ts';
import { openTestPglite, type TestDatabase } from './databases.ts';
import { ALICE, at, BOB, memberOf, message, snapshot, T0 } from './rewards-fixtures.ts';

/**
 * The reward features over one database: a memory hot store, a settable clock, every service as
 * the roles build them (roles/rewards.ts) and a pipeline with sync's and the rewards' rules.
 */
export interface Harness {
  t: TestDatabase;
  hot: MemoryHotStore;
  context: RewardsContext;
  services: RewardsServices;
  pipeline: Pipeline;
  clock: { now: Date };
  /** Submits events and waits until they are committed. */
  run(...events: DomainEvent[]): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

const TABLES = [
  'guild_settings',
  'karma_ledger',
  'user_karma',
  'karma_member_channels',
  'user_levels',
  'quests',
  'user_quest_progress',
  'achievements',
  'user_achievements',
  'level_changes',
  'pipeline_events',
  'members',
  'channels',
];

export async function createHarness(
  t: TestDatabase,
  options: { consumers?: readonly RewardConsumer[] } = {},
): Promise<Harness> {
  await migrate(t.db);
  const clock = { now: T0 };
  const consumers = options.consumers ?? [];
  let hot = createMemoryHotStore();
  let services = createRewards({ db: t.db, hot, now: () => clock.now, consumers });
  let pipeline = makePipeline();
  function makePipeline(): Pipeline {
    return new Pipeline({
      db: t.db,
      features: [syncPipelineFeature, ...rewardsPipelineFeatures(services)],
      logger: silentLogger,
      flushIntervalMs: 2,
      retryInitialMs: 5,
      retryMaxMs: 20,
    });
  }
  return {
    t,
    get hot() {
      return hot;
    },
    get context() {
      return services.context;
    },
    get services() {
      return services;
    },
    get pipeline() {
      return pipeline;
    },
    clock,
    async run(...events) {
      await pipeline.submitAndWait(events);
    },
    async reset() {
      await pipeline.close(1000);
      await t.db.exec(`TRUNCATE ${TABLES.join(', ')}`);
      await hot.close().catch(() => {});
      clock.now = T0;
      // A new context: versions restart after TRUNCATE, so the old configuration cache would lie.
      hot = createMemoryHotStore();
      services = createRewards({ db: t.db, hot, now: () => clock.now, consumers });
      pipeline = makePipeline();
    },
    async close() {
      await pipeline.close(1000).catch(() => {});
      await hot.close().catch(() => {});
    },
  };
}

/** A harness on an in-memory PGlite of its own (closed by `t.dispose()`). */
export async function createPgliteHarness(
  options: { consumers?: readonly RewardConsumer[] } = {},
): Promise<Harness> {
  const db = await openTestPglite();
  return createHarness({ db, url: undefined, dispose: () => db.close() }, options);
}

/** The community most reward tests start from: Alice and Bob, members, one message each. */
export async function seedAliceAndBob(h: Harness): Promise<void> {
  await h.run(snapshot([memberOf(ALICE), memberOf(BOB)]));
  await h.run(message({ userId: ALICE, at: at(0) }), message({ userId: BOB, at: at(1) }));
}
