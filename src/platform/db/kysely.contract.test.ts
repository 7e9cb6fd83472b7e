import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { kyselyOf } from './kysely.ts';
import type { JsonValue } from './schema.gen.ts';

const GUILD = '1234567890123456789';

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`Kysely over the Db port on ${backend.name}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await backend.create({ migrated: true });
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('inserts with RETURNING and selects rows typed by the generated schema', async () => {
      const q = kyselyOf(t.db);
      const inserted = await q
        .insertInto('guilds')
        .values({ id: GUILD, name: 'Hearth', member_count: 3 })
        .returning(['id', 'updated_at'])
        .executeTakeFirstOrThrow();
      expect(inserted.id).toBe(GUILD);
      expect(inserted.updated_at).toBeInstanceOf(Date);

      const row = await q
        .selectFrom('guilds')
        .select(['id', 'name', 'member_count', 'owner_id'])
        .where('id', '=', GUILD)
        .executeTakeFirst();
      expect(row).toEqual({ id: GUILD, name: 'Hearth', member_count: 3, owner_id: null });
      expectTypeOf(row).toEqualTypeOf<
        { id: string; name: string; member_count: number | null; owner_id: string | null } | undefined
      >();
    });

    it('returns int8, date, timestamptz, json and bigint[] in the shapes the generated types declare', async () => {
      const q = kyselyOf(t.db);
      await q
        .insertInto('message_stats_daily')
        .values({ guild_id: GUILD, day: '2026-01-02', channel_id: '2', user_id: '3', messages: 4 })
        .execute();
      const stats = await q
        .selectFrom('message_stats_daily')
        .select(['guild_id', 'day', 'messages'])
        .where('guild_id', '=', GUILD)
        .executeTakeFirstOrThrow();
      expect(stats).toEqual({ guild_id: GUILD, day: '2026-01-02', messages: 4 });
      expectTypeOf(stats).toEqualTypeOf<{ guild_id: string; day: string; messages: number }>();

      const karma = { perMessage: 2, channels: ['1', '2'] };
      await q
        .insertInto('guild_settings')
        .values({ guild_id: GUILD, karma: JSON.stringify(karma), updated_by: '99' })
        .execute();
      const settings = await q
        .selectFrom('guild_settings')
        .select(['karma', 'levels', 'updated_at', 'updated_by'])
        .where('guild_id', '=', GUILD)
        .executeTakeFirstOrThrow();
      expect(settings.karma).toEqual(karma);
      expect(settings.levels).toEqual({});
      expect(settings.updated_at).toBeInstanceOf(Date);
      expect(settings.updated_by).toBe('99');
      expectTypeOf(settings.karma).toEqualTypeOf<JsonValue>();
      expectTypeOf(settings.updated_at).toEqualTypeOf<Date>();

      const joined = new Date('2026-01-02T03:04:05.678Z');
      await q
        .insertInto('members')
        .values({ guild_id: GUILD, user_id: '3', username: 'ada', role_ids: ['10', '20'], joined_at: joined })
        .execute();
      const member = await q
        .selectFrom('members')
        .select(['role_ids', 'joined_at'])
        .where('guild_id', '=', GUILD)
        .where('user_id', '=', '3')
        .executeTakeFirstOrThrow();
      expect(member).toEqual({ role_ids: ['10', '20'], joined_at: joined });
      expectTypeOf(member).toEqualTypeOf<{ role_ids: string[]; joined_at: Date | null }>();
    });

    it('counts the rows an update or delete without RETURNING touched', async () => {
      const q = kyselyOf(t.db);
      await q
        .insertInto('ops_heartbeats')
        .values([
          { name: 'a', ran_at: new Date(), ran_by: 'test' },
          { name: 'b', ran_at: new Date(), ran_by: 'test' },
        ])
        .execute();
      const updated = await q
        .updateTable('ops_heartbeats')
        .set((eb) => ({ runs: eb('runs', '+', '1') }))
        .where('ran_by', '=', 'test')
        .executeTakeFirstOrThrow();
      expect(updated.numUpdatedRows).toBe(2n);
      const deleted = await q.deleteFrom('ops_heartbeats').where('name', '=', 'a').executeTakeFirstOrThrow();
      expect(deleted.numDeletedRows).toBe(1n);
    });

    it("runs inside the caller's transaction: seen by its raw SQL, gone when it rolls back", async () => {
      await expect(
        t.db.transaction(async (tx) => {
          await kyselyOf(tx).insertInto('guilds').values({ id: '42', name: 'doomed' }).execute();
          const raw = await tx.query<{ name: string }>('SELECT name FROM guilds WHERE id = $1', ['42']);
          expect(raw.rows).toEqual([{ name: 'doomed' }]);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      const after = await kyselyOf(t.db).selectFrom('guilds').select('id').where('id', '=', '42').execute();
      expect(after).toEqual([]);
    });

    it('commits what it wrote in a transaction that resolves', async () => {
      await t.db.transaction(async (tx) => {
        await kyselyOf(tx).insertInto('guilds').values({ id: '43', name: 'kept' }).execute();
      });
      const row = await kyselyOf(t.db).selectFrom('guilds').select('name').where('id', '=', '43').execute();
      expect(row).toEqual([{ name: 'kept' }]);
    });

    it("refuses Kysely's own transactions and points at db.transaction", async () => {
      await expect(
        kyselyOf(t.db)
          .transaction()
          .execute(async () => undefined),
      ).rejects.toThrow('run kyselyOf(tx) inside db.transaction()');
    });

    it('runs sql template fragments with parameters', async () => {
      const { rows } = await sql<{ n: string }>`SELECT ${GUILD}::bigint + 1 AS n`.execute(kyselyOf(t.db));
      expect(rows).toEqual([{ n: '1234567890123456790' }]);
    });

    it('reports constraint violations with the PostgreSQL error code', async () => {
      const q = kyselyOf(t.db);
      await q.insertInto('ops_heartbeats').values({ name: 'dup', ran_at: new Date(), ran_by: 't' }).execute();
      await expect(
        q.insertInto('ops_heartbeats').values({ name: 'dup', ran_at: new Date(), ran_by: 't' }).execute(),
      ).rejects.toMatchObject({ code: '23505' });
    });
  });
}
