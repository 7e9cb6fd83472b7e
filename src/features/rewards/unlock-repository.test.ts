import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { columnTypes, parameterTypes } from '../../platform/db/statement-shape.ts';
import { insertUnlocks, UNLOCK_INSERT, UNLOCK_INSERT_COLUMNS, unlocksOf } from './unlock-repository.ts';

const GUILD = '100000000000000001';
const ADA = '200000000000000001';

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`achievement unlocks on ${backend.name}`, () => {
    let t: TestDatabase;

    beforeAll(async () => {
      t = await backend.create({ migrated: true });
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it("sends each column of the settlement's insert as an array of that column's own type", async () => {
      const columns = await columnTypes(t.db, 'user_achievements');
      const expected = UNLOCK_INSERT_COLUMNS.map(([name]) => `${columns[name]}[]`);
      expect(await parameterTypes(t.db, UNLOCK_INSERT)).toEqual(expected);
    });

    it('returns only the unlocks that were new, and reads them back with their time', async () => {
      const at = new Date('2026-02-10T12:00:00.000Z');
      const first = await insertUnlocks(t.db, [{ guildId: GUILD, userId: ADA, key: 'first_message', at }]);
      expect(first).toEqual([{ guildId: GUILD, userId: ADA, key: 'first_message' }]);
      const again = await insertUnlocks(t.db, [
        { guildId: GUILD, userId: ADA, key: 'first_message', at },
        { guildId: GUILD, userId: ADA, key: 'streak_7', at },
      ]);
      expect(again).toEqual([{ guildId: GUILD, userId: ADA, key: 'streak_7' }]);
      expect(await unlocksOf(t.db, GUILD, ADA)).toEqual(
        new Map([
          ['first_message', at],
          ['streak_7', at],
        ]),
      );
    });
  });
}
