import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { createHeartbeatRepository } from './repository.ts';

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`heartbeats on ${backend.name}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await backend.create({ migrated: true });
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('knows no last run of a job that never beat', async () => {
      expect(await createHeartbeatRepository(t.db).lastRun('never')).toBeNull();
    });

    it('records who ran a job last, when, and how many times it ran', async () => {
      const heartbeats = createHeartbeatRepository(t.db);
      const before = Date.now();
      await heartbeats.beat('hearth.heartbeat', 'worker-1');
      await heartbeats.beat('hearth.heartbeat', 'worker-2');
      const last = await heartbeats.lastRun('hearth.heartbeat');
      expect(last).toBeInstanceOf(Date);
      expect(last?.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      const { rows } = await t.db.query('SELECT ran_by, runs FROM ops_heartbeats WHERE name = $1', [
        'hearth.heartbeat',
      ]);
      expect(rows).toEqual([{ ran_by: 'worker-2', runs: '2' }]);
    });

    it('beats inside the transaction it is given and not after it rolls back', async () => {
      await expect(
        t.db.transaction(async (tx) => {
          await createHeartbeatRepository(tx).beat('rolled-back', 'worker-1');
          expect(await createHeartbeatRepository(tx).lastRun('rolled-back')).toBeInstanceOf(Date);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await createHeartbeatRepository(t.db).lastRun('rolled-back')).toBeNull();
    });
  });
}
