import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { silentLogger } from '../logger.ts';
import { createQueue, type Queue } from './index.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`queue on ${backend.name}`, () => {
    let t: TestDatabase;
    let queue: Queue;
    beforeEach(async () => {
      t = await backend.create();
      queue = createQueue({
        db: t.db,
        url: t.url,
        logger: silentLogger,
        supervise: true,
        cronIntervalSeconds: 1,
      });
      await queue.start();
    });
    afterEach(async () => {
      await queue?.stop({ timeoutMs: 1000 });
      await t?.dispose();
    });

    it('runs a job that was sent', async () => {
      const got = deferred<unknown>();
      await queue.register([
        {
          name: 'echo',
          work: { pollingIntervalSeconds: 0.5 },
          handler: async ([job]) => got.resolve(job?.data),
        },
      ]);
      await queue.send('echo', { hello: 'world' });
      await expect(got.promise).resolves.toEqual({ hello: 'world' });
    });

    it('runs a cron schedule', async () => {
      const fired = deferred<true>();
      await queue.register([
        {
          name: 'tick',
          cron: '* * * * * *',
          work: { pollingIntervalSeconds: 0.5 },
          handler: async () => fired.resolve(true),
        },
      ]);
      await expect(fired.promise).resolves.toBe(true);
    }, 30_000);

    it('answers a ping once started', async () => {
      expect(await queue.ping()).toBeGreaterThanOrEqual(0);
    });
  });
}
