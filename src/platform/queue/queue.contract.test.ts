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

    it("inserts a job in the caller's transaction: kept on commit, gone on rollback", async () => {
      const got: unknown[] = [];
      await queue.register([
        {
          name: 'outbox',
          work: { pollingIntervalSeconds: 0.5 },
          handler: async (jobs) => {
            for (const job of jobs) got.push(job.data);
          },
        },
      ]);
      // On PGlite the transaction holds the only connection: a send beside it would never return.
      await t.db
        .transaction(async (tx) => {
          await queue.send('outbox', { n: 1 }, { tx });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await t.db.transaction((tx) => queue.send('outbox', { n: 2 }, { tx }));
      const deadline = Date.now() + 10_000;
      while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 1000));
      expect(got).toEqual([{ n: 2 }]);
    });

    it('answers a ping once started', async () => {
      expect(await queue.ping()).toBeGreaterThanOrEqual(0);
    });
  });
}

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`queue before its start on ${backend.name}`, () => {
    let t: TestDatabase;
    let queue: Queue | undefined;
    beforeEach(async () => {
      t = await backend.create();
    });
    afterEach(async () => {
      await queue?.stop({ timeoutMs: 1000 });
      await t?.dispose();
    });
    const build = (startWaitMs: number) =>
      createQueue({ db: t.db, url: t.url, logger: silentLogger, supervise: false, startWaitMs });

    it('delivers a job sent before the start once the queue starts', async () => {
      // The queue's table exists (a worker created it earlier); this process has not started yet.
      const setup = build(10_000);
      await setup.start();
      await setup.boss.createQueue('early');
      await setup.stop();
      queue = build(10_000);
      expect(queue.started).toBe(false);
      const sent = queue.send('early', { n: 1 });
      await queue.start();
      const id = await sent;
      expect(typeof id).toBe('string');
      const job = await queue.boss.getJobById('early', id as string);
      expect(job?.data).toEqual({ n: 1 });
    });

    it('refuses a send as queue_starting when the start does not come in time', async () => {
      queue = build(50);
      await expect(queue.send('early', {})).rejects.toMatchObject({
        kind: 'unavailable',
        reason: 'queue_starting',
      });
    });

    it('refuses sends once stopped, including one that was waiting for the start', async () => {
      queue = build(10_000);
      const waiting = queue.send('early', {});
      await queue.stop();
      await expect(waiting).rejects.toMatchObject({ kind: 'unavailable', reason: 'queue_stopped' });
      await expect(queue.send('late', {})).rejects.toMatchObject({ reason: 'queue_stopped' });
    });
  });
}
