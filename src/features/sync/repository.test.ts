import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { columnTypes, parameterTypes } from '../../platform/db/statement-shape.ts';
import {
  CHANNEL_UPSERT,
  CHANNEL_UPSERT_COLUMNS,
  channelParents,
  guildChannels,
  guildRoles,
  guildSummaries,
  MEMBER_UPSERT,
  MEMBER_UPSERT_COLUMNS,
  markMissingMembersLeft,
  memberNames,
  ROLE_UPSERT,
  ROLE_UPSERT_COLUMNS,
  upsertChannels,
  upsertGuild,
  upsertMembers,
  upsertRoles,
} from './repository.ts';

const GUILD = '100000000000000001';
const CATEGORY = '300000000000000001';
const TEXT = '300000000000000002';
const THREAD = '300000000000000003';
const ADA = '400000000000000001';
const BOB = '400000000000000002';

/** What a batch upsert's parameters should be: `$1` the guild id, then an array of each column's type. */
async function expectedTypes(
  t: TestDatabase,
  table: string,
  columns: readonly (readonly [string, string])[],
  travelsAsText: readonly string[] = [],
) {
  const types = await columnTypes(t.db, table);
  return [
    types.guild_id,
    ...columns.map(([name]) => (travelsAsText.includes(name) ? 'text[]' : `${types[name]}[]`)),
  ];
}

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`Discord state on ${backend.name}`, () => {
    let t: TestDatabase;

    beforeAll(async () => {
      t = await backend.create({ migrated: true });
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it("sends each column of the batch upserts as an array of that column's own type", async () => {
      expect(await parameterTypes(t.db, CHANNEL_UPSERT)).toEqual(
        await expectedTypes(t, 'channels', CHANNEL_UPSERT_COLUMNS),
      );
      expect(await parameterTypes(t.db, ROLE_UPSERT)).toEqual(
        await expectedTypes(t, 'roles', ROLE_UPSERT_COLUMNS),
      );
      expect(await parameterTypes(t.db, MEMBER_UPSERT)).toEqual(
        await expectedTypes(t, 'members', MEMBER_UPSERT_COLUMNS, ['role_ids']),
      );
    });

    it('mirrors a guild, its channels, roles and members, and reads them back with ids as strings', async () => {
      const guild = { id: GUILD, name: 'Hearth', icon: null, ownerId: ADA, memberCount: 2, locale: 'en-US' };
      await upsertGuild(t.db, guild);
      // A later update without the optional fields keeps the known ones.
      await upsertGuild(t.db, { ...guild, name: 'Hearth 2', ownerId: null, memberCount: null, locale: null });
      await upsertChannels(t.db, GUILD, [
        { id: CATEGORY, name: 'Talk', type: 4, parentId: null, position: 0 },
        { id: TEXT, name: 'general', type: 0, parentId: CATEGORY, position: 1 },
        { id: THREAD, name: 'a thread', type: 11, parentId: TEXT, position: 2 },
      ]);
      await upsertRoles(t.db, GUILD, [
        { id: GUILD, name: '@everyone', permissions: '0', position: 0, color: 0, managed: false },
        { id: '500000000000000001', name: 'Mods', permissions: '8', position: 3, color: 255, managed: false },
      ]);
      await upsertMembers(t.db, GUILD, [
        {
          userId: ADA,
          username: 'ada',
          displayName: 'Ada',
          avatar: null,
          isBot: false,
          roleIds: ['500000000000000001'],
          joinedAt: new Date('2026-01-01T00:00:00.000Z'),
        },
        {
          userId: BOB,
          username: 'bob',
          displayName: null,
          avatar: null,
          isBot: false,
          roleIds: [],
          joinedAt: null,
        },
      ]);

      expect(await guildSummaries(t.db, { all: false, guildIds: [GUILD] })).toEqual([
        { id: GUILD, name: 'Hearth 2', icon: null, memberCount: 2, members: 2, channels: 3 },
      ]);
      expect(await guildSummaries(t.db, { all: false, guildIds: [] })).toEqual([]);
      expect(await channelParents(t.db, [THREAD])).toEqual([
        { id: THREAD, parentId: TEXT, grandparentId: CATEGORY },
      ]);
      expect((await guildChannels(t.db, GUILD)).map((c) => c.id)).toEqual([CATEGORY, TEXT, THREAD]);
      expect(await guildRoles(t.db, GUILD)).toEqual([
        { id: '500000000000000001', name: 'Mods', color: 255, position: 3, managed: false },
      ]);
      expect(await memberNames(t.db, GUILD, [ADA, BOB])).toEqual(
        new Map([
          [ADA, 'Ada'],
          [BOB, 'bob'],
        ]),
      );
      const { rows } = await t.db.query('SELECT role_ids FROM members WHERE user_id = $1', [ADA]);
      expect(rows).toEqual([{ role_ids: ['500000000000000001'] }]);

      expect(await markMissingMembersLeft(t.db, GUILD, [ADA], new Date())).toBe(1);
      expect(await guildSummaries(t.db, { all: true, guildIds: [] })).toMatchObject([{ members: 1 }]);
    });
  });
}
