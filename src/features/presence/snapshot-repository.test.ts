import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { columnTypes, parameterTypes } from '../../platform/db/statement-shape.ts';
import {
  deleteOldSnapshots,
  guildSnapshots,
  INSERT_SNAPSHOTS,
  insertSnapshots,
  listSnapshots,
  SNAPSHOT_COLUMNS,
  snapshotAggregates,
} from './snapshot-repository.ts';
import { insertDiscordStages, listStages } from './stage-repository.ts';

const GUILD = '100000000000000001';
const slot = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 10, minutes));

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`viewer snapshots on ${backend.name}`, () => {
    let t: TestDatabase;
    let stageIds: string[];

    beforeAll(async () => {
      t = await backend.create({ migrated: true });
      await insertDiscordStages(
        t.db,
        [
          { guildId: GUILD, channelId: '300000000000000010', kind: 'discord_voice', name: 'A' },
          { guildId: GUILD, channelId: '300000000000000011', kind: 'discord_voice', name: 'B' },
        ],
        slot(0),
      );
      stageIds = (await listStages(t.db, GUILD)).map((s) => s.id);
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it("sends each column of the insert as an array of that column's own type", async () => {
      const columns = await columnTypes(t.db, 'viewer_stats_snapshots');
      expect(await parameterTypes(t.db, INSERT_SNAPSHOTS)).toEqual(
        SNAPSHOT_COLUMNS.map(([name]) => `${columns[name]}[]`),
      );
      expect(SNAPSHOT_COLUMNS.map(([name]) => name).sort()).toEqual(Object.keys(columns).sort());
    });

    it('writes a slot once, and counts, peaks and sums a stage and the guild per slot', async () => {
      const [a = '', b = ''] = stageIds;
      const rows = [
        { stageId: a, takenAt: slot(0), viewerCount: 3 },
        { stageId: a, takenAt: slot(5), viewerCount: 7 },
        { stageId: b, takenAt: slot(5), viewerCount: 2 },
      ];
      expect(await insertSnapshots(t.db, rows)).toBe(3);
      expect(await insertSnapshots(t.db, rows)).toBe(0);

      expect(await listSnapshots(t.db, a, slot(0), slot(5), 10)).toEqual(rows.slice(0, 2));
      expect(await snapshotAggregates(t.db, a, slot(0), slot(5))).toEqual({
        snapshotCount: 2,
        snapshotPeak: 7,
        snapshotSum: 10,
      });
      expect(await snapshotAggregates(t.db, a, slot(30), slot(35))).toEqual({
        snapshotCount: 0,
        snapshotPeak: null,
        snapshotSum: 0,
      });
      expect(await guildSnapshots(t.db, GUILD, slot(0), slot(5), 10)).toEqual([
        { takenAt: slot(0), viewerCount: 3 },
        { takenAt: slot(5), viewerCount: 9 },
      ]);
    });

    it('deletes old snapshots in batches of at most the size asked', async () => {
      expect(await deleteOldSnapshots(t.db, slot(10), 2)).toBe(2);
      expect(await deleteOldSnapshots(t.db, slot(10), 2)).toBe(1);
      expect(await deleteOldSnapshots(t.db, slot(10), 2)).toBe(0);
    });
  });
}
