import type { TestDatabase } from '../../../test/support/databases.ts';
import type { DomainEvent } from '../../pipeline/events.ts';
import { Pipeline } from '../../pipeline/pipeline.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createMemoryHotStore, type MemoryHotStore } from '../../platform/hot/memory.ts';
import { silentLogger } from '../../platform/logger.ts';
import { syncPipelineFeature } from '../sync/pipeline.ts';
import { karmaPipelineFeature } from './pipeline.ts';
import type { KarmaRuntime } from './runtime.ts';
import { T0 } from './test-support.ts';
import { createKarmaServices, type KarmaServices } from './wiring.ts';

/** One database with the karma tables, a memory hot store, a settable clock and a pipeline. */
export interface Harness {
  t: TestDatabase;
  hot: MemoryHotStore;
  runtime: KarmaRuntime;
  services: KarmaServices;
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

export async function createHarness(t: TestDatabase): Promise<Harness> {
  await migrate(t.db);
  const clock = { now: T0 };
  let hot = createMemoryHotStore();
  let services = createKarmaServices({ db: t.db, hot, now: () => clock.now });
  let pipeline = makePipeline();
  function makePipeline(): Pipeline {
    return new Pipeline({
      db: t.db,
      features: [syncPipelineFeature, karmaPipelineFeature(services.runtime)],
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
    get runtime() {
      return services.runtime;
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
      // A new runtime: versions restart after TRUNCATE, so the old configuration cache would lie.
      hot = createMemoryHotStore();
      services = createKarmaServices({ db: t.db, hot, now: () => clock.now });
      pipeline = makePipeline();
    },
    async close() {
      await pipeline.close(1000).catch(() => {});
      await hot.close().catch(() => {});
    },
  };
}
