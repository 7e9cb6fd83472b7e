import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../platform/db/migrate.ts';
import { openPglite, type PgliteDb } from '../../platform/db/pglite.ts';
import { createMemoryHotStore, type MemoryHotStore } from '../../platform/hot/memory.ts';
import { silentLogger } from '../../platform/logger.ts';
import { createQueue, type Queue } from '../../platform/queue/index.ts';
import {
  PRESENCE_RETENTION_QUEUE,
  PRESENCE_SNAPSHOT_QUEUE,
  PRESENCE_SWEEP_QUEUE,
  presenceJobs,
} from './jobs.ts';
import { createPresenceService, type PresenceService } from './service.ts';
import { type Clock, fakeClock } from './test-kit.ts';
import { createPresenceUpkeep, type SweepReport } from './upkeep.ts';

describe('presence jobs', () => {
  let db: PgliteDb;
  let hot: MemoryHotStore;
  let clock: Clock;
  let service: PresenceService;

  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    clock = fakeClock();
    hot = createMemoryHotStore({ now: clock.now, sweepIntervalMs: 0 });
    service = createPresenceService({ db, hot, now: clock.now });
  });
  afterAll(async () => {
    await hot?.close();
    await db?.close();
  });

  const sessionEnd = async (id: string) =>
    (await db.query('SELECT end_reason FROM viewer_sessions WHERE id = $1', [id])).rows[0]?.end_reason;

  it('schedules the sweeper every minute, snapshots every 5 minutes and retention daily', () => {
    const jobs = presenceJobs({ upkeep: createPresenceUpkeep({ db, hot }) });
    expect(jobs.map((j) => [j.name, j.cron])).toEqual([
      [PRESENCE_SWEEP_QUEUE, '* * * * *'],
      [PRESENCE_SNAPSHOT_QUEUE, '*/5 * * * *'],
      [PRESENCE_RETENTION_QUEUE, '17 3 * * *'],
    ]);
  });

  it('sweeps vanished viewers, snapshots counts and applies retention when the handlers run', async () => {
    const stage = await service.createStage({ guildId: '5', name: 'Live', externalId: 'handlers' });
    const { sessionId } = await service.join(stage, { userId: '1' }, {});
    const [sweep, snapshot, retention] = presenceJobs({
      upkeep: createPresenceUpkeep({ db, hot, now: clock.now }),
      logger: silentLogger,
    });
    await snapshot?.handler([]);
    expect((await service.snapshots(stage, undefined, undefined, 10)).rows).toHaveLength(1);
    clock.advance(121_000);
    await sweep?.handler([]);
    expect(await sessionEnd(sessionId)).toBe('timeout');
    clock.advance(91 * 86_400_000);
    await retention?.handler([]);
    expect(await sessionEnd(sessionId)).toBeUndefined();
  });

  describe('through a real pg-boss queue', () => {
    let queue: Queue;
    afterAll(async () => {
      await queue?.stop({ timeoutMs: 1000 });
    });

    it('runs the sweeper when its job is sent', async () => {
      const stage = await service.createStage({ guildId: '5', name: 'Live', externalId: 'queued' });
      const { sessionId } = await service.join(stage, { userId: '2' }, {});
      clock.advance(121_000);
      const upkeep = createPresenceUpkeep({ db, hot, now: clock.now });
      let swept!: (report: SweepReport) => void;
      const done = new Promise<SweepReport>((resolve) => {
        swept = resolve;
      });
      queue = createQueue({ db, logger: silentLogger, supervise: false });
      await queue.start();
      await queue.register(
        presenceJobs({
          upkeep: {
            ...upkeep,
            async sweep() {
              const report = await upkeep.sweep();
              swept(report);
              return report;
            },
          },
        }).map((job) => ({ ...job, work: { pollingIntervalSeconds: 0.5 } })),
      );
      await queue.send(PRESENCE_SWEEP_QUEUE, {});
      expect((await done).timedOut).toBeGreaterThanOrEqual(1);
      expect(await sessionEnd(sessionId)).toBe('timeout');
    }, 30_000);
  });
});
