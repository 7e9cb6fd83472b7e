import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { columnTypes, parameterTypes } from '../../platform/db/statement-shape.ts';
import {
  DISCORD_STAGE_COLUMNS,
  FIND_DISCORD_STAGES,
  findDiscordStages,
  findStage,
  findStagesAny,
  INSERT_DISCORD_STAGES,
  insertDiscordStages,
  insertStage,
  markStageDeleted,
  updateStage,
} from './stage-repository.ts';

const GUILD = '100000000000000001';
const VOICE = '300000000000000010';
const at = new Date('2026-03-01T10:00:00.000Z');

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`stages on ${backend.name}`, () => {
    let t: TestDatabase;

    beforeAll(async () => {
      t = await backend.create({ migrated: true });
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it("sends each column of the batch insert as an array of that column's own type", async () => {
      const columns = await columnTypes(t.db, 'stages');
      const expected = [...DISCORD_STAGE_COLUMNS.map(([name]) => `${columns[name]}[]`), columns.created_at];
      expect(await parameterTypes(t.db, INSERT_DISCORD_STAGES)).toEqual(expected);
      expect(await parameterTypes(t.db, FIND_DISCORD_STAGES)).toEqual([
        `${columns.guild_id}[]`,
        `${columns.external_id}[]`,
      ]);
    });

    it('creates a Discord channel once and finds it by guild and channel, ids as strings', async () => {
      const channel = { guildId: GUILD, channelId: VOICE };
      await insertDiscordStages(t.db, [{ ...channel, kind: 'discord_voice', name: 'Lounge' }], at);
      await insertDiscordStages(t.db, [{ ...channel, kind: 'discord_voice', name: 'Renamed' }], at);
      const found = await findDiscordStages(t.db, [channel]);
      expect([...found.keys()]).toEqual([`${GUILD}:${VOICE}`]);
      const id = found.get(`${GUILD}:${VOICE}`) ?? '';
      expect(id).toMatch(/^\d+$/);
      expect(await findStage(t.db, id)).toMatchObject({
        name: 'Lounge',
        kind: 'discord_voice',
        createdAt: at,
      });
    });

    it('refuses a second live external stage with the same id, and allows it again once deleted', async () => {
      const stage = {
        guildId: GUILD,
        kind: 'external' as const,
        externalId: 'stream-1',
        name: 'Stream',
        isMaster: false,
        maxViewers: 50,
        ttlSeconds: 120,
        allowAnonymous: true,
      };
      const first = await insertStage(t.db, stage, at);
      expect(first).toMatchObject({ externalId: 'stream-1', maxViewers: 50, createdAt: at, updatedAt: at });
      expect(await insertStage(t.db, stage, at)).toBeNull();
      const id = first?.id ?? '';

      const later = new Date('2026-03-01T11:00:00.000Z');
      const updated = await updateStage(t.db, id, { name: 'Renamed', ttlSeconds: 60 }, later);
      // Only the named fields change.
      expect(updated).toMatchObject({ name: 'Renamed', ttlSeconds: 60, maxViewers: 50, updatedAt: later });

      expect(await markStageDeleted(t.db, id, later)).toBe(true);
      expect(await markStageDeleted(t.db, id, later)).toBe(false);
      expect(await findStage(t.db, id)).toBeNull();
      expect(await findStagesAny(t.db, [id])).toMatchObject([{ id, deleted: true }]);
      expect(await insertStage(t.db, stage, later)).not.toBeNull();
    });
  });
}
