import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe } from 'vitest';
import { redisAvailable, TEST_REDIS_URL } from '../../../test/support/services.ts';
import { describeHotStoreContract } from './hot-store.contract.ts';
import { createMemoryHotStore } from './memory.ts';
import { createRedisHotStore } from './redis.ts';

describeHotStoreContract('memory', async () => {
  let now = 1_700_000_000_000;
  const store = createMemoryHotStore({ now: () => now, sweepIntervalMs: 0 });
  return {
    store,
    advance: async (ms) => {
      now += ms;
    },
    dispose: () => store.close(),
  };
});

describe.skipIf(!redisAvailable)('against Redis', () => {
  const runPrefix = `test:${randomUUID()}:`;
  let admin: Redis;
  let testNumber = 0;

  beforeAll(() => {
    admin = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await unlinkMatching(admin, `${runPrefix}*`);
    await admin.quit();
  });

  describeHotStoreContract('redis', async () => {
    const keyPrefix = `${runPrefix}${++testNumber}:`;
    const store = await createRedisHotStore({ url: TEST_REDIS_URL, keyPrefix });
    return {
      store,
      advance: (ms) => sleep(ms),
      dispose: async () => {
        await store.close();
        await unlinkMatching(admin, `${keyPrefix}*`);
      },
    };
  });
});

async function unlinkMatching(client: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await client.unlink(...keys);
  } while (cursor !== '0');
}
