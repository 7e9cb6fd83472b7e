import { describe, expect, it } from 'vitest';
import { redisAvailable, TEST_REDIS_URL } from '../../../test/support/services.ts';
import { createHotStore } from './index.ts';

describe('createHotStore', () => {
  it('uses the in-process store when REDIS_URL is unset or empty', async () => {
    for (const redisUrl of [undefined, '']) {
      const store = await createHotStore({ redisUrl });
      expect(store.kind).toBe('memory');
      await store.close();
    }
  });

  it.skipIf(!redisAvailable)('uses Redis when REDIS_URL is set', async () => {
    const store = await createHotStore({ redisUrl: TEST_REDIS_URL, keyPrefix: 'test:index:' });
    expect(store.kind).toBe('redis');
    expect(await store.ping()).toBeGreaterThanOrEqual(0);
    await store.close();
  });
});
