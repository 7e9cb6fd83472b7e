/**
 * The worlds presence's tests run in: every database backend crossed with every hot store, with a
 * shared fake clock and a fresh migrated database per suite.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type Clock, fakeClock } from '../../src/features/presence/test-kit.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { Db } from '../../src/platform/db/port.ts';
import { createMemoryHotStore } from '../../src/platform/hot/memory.ts';
import type { HotStore } from '../../src/platform/hot/port.ts';
import { createRedisHotStore } from '../../src/platform/hot/redis.ts';
import { dbBackends } from './databases.ts';
import { redisAvailable, TEST_REDIS_URL } from './services.ts';

export interface PresenceWorld {
  db: Db;
  hot: HotStore;
  clock: Clock;
  /** Empties the hot store, as a Redis restart (or a process restart on the memory store) would. */
  wipeHot(): Promise<void>;
  dispose(): Promise<void>;
}

export interface PresenceBackend {
  name: string;
  available: boolean;
  create(): Promise<PresenceWorld>;
}

async function unlinkMatching(client: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await client.unlink(...keys);
  } while (cursor !== '0');
}

type HotFactory = (
  clock: Clock,
) => Promise<{ hot: HotStore; wipe(): Promise<void>; dispose(): Promise<void> }>;

const hotStores: { name: string; available: boolean; create: HotFactory }[] = [
  {
    name: 'memory',
    available: true,
    async create(clock) {
      let store = createMemoryHotStore({ now: clock.now, sweepIntervalMs: 0 });
      // A proxy so that a wipe replaces the store under the feature's feet, as a restart would.
      const hot = new Proxy({} as HotStore, {
        get: (_target, property) => {
          const value = Reflect.get(store, property, store);
          return typeof value === 'function' ? value.bind(store) : value;
        },
      });
      return {
        hot,
        async wipe() {
          await store.close();
          store = createMemoryHotStore({ now: clock.now, sweepIntervalMs: 0 });
        },
        dispose: () => store.close(),
      };
    },
  },
  {
    name: 'redis',
    available: redisAvailable,
    async create() {
      const keyPrefix = `test:presence:${randomUUID()}:`;
      const hot = await createRedisHotStore({ url: TEST_REDIS_URL, keyPrefix });
      const admin = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      return {
        hot,
        wipe: () => unlinkMatching(admin, `${keyPrefix}*`),
        async dispose() {
          await hot.close();
          await unlinkMatching(admin, `${keyPrefix}*`);
          await admin.quit();
        },
      };
    },
  },
];

/** PGlite and PostgreSQL, each with the memory store and Redis. */
export const presenceBackends: PresenceBackend[] = dbBackends.flatMap((dbBackend) =>
  hotStores.map((hotStore) => ({
    name: `${dbBackend.name} + ${hotStore.name}`,
    available: dbBackend.available && hotStore.available,
    async create() {
      const clock = fakeClock();
      const database = await dbBackend.create();
      await migrate(database.db);
      const hot = await hotStore.create(clock);
      return {
        db: database.db,
        hot: hot.hot,
        clock,
        wipeHot: hot.wipe,
        async dispose() {
          await hot.dispose();
          await database.dispose();
        },
      };
    },
  })),
);
