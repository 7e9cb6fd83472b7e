import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { redisAvailable, TEST_REDIS_URL } from '../../../test/support/services.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { createMemoryHotStore } from '../../platform/hot/memory.ts';
import { createRedisHotStore } from '../../platform/hot/redis.ts';
import { decodeMember, encodeMember, Leaderboard } from './leaderboard.ts';
import { countRanked, pageAfterFromSql, pageFromSql, rankFromSql } from './leaderboard-repository.ts';

const G = '700000000000000001';

/** 250 members with many ties, ids of different lengths (9 and 18 digits) to test tie order. */
function members(): { userId: string; total: number }[] {
  const list: { userId: string; total: number }[] = [];
  for (let i = 0; i < 250; i++) {
    const userId = i % 3 === 0 ? String(100_000_000 + i) : String(800000000000000000n + BigInt(i));
    list.push({ userId, total: (i * 37) % 40 });
  }
  return list;
}

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`leaderboard on ${backend.name}`, () => {
    let t: TestDatabase;
    const seeded = members();
    const ranked = seeded
      .filter((m) => m.total > 0)
      .sort((a, b) => b.total - a.total || (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1));

    beforeAll(async () => {
      t = await backend.create();
      await migrate(t.db);
      await t.db.query(
        'INSERT INTO user_karma (guild_id, user_id, total) SELECT $1, * FROM unnest($2::bigint[], $3::bigint[])',
        [G, seeded.map((m) => m.userId), seeded.map((m) => m.total)],
      );
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('pads members so that ties sort by user id in the hot store and in SQL alike', () => {
      expect(encodeMember('42')).toBe('00000000000000000042');
      expect(decodeMember(encodeMember('42'))).toBe('42');
      expect(decodeMember(encodeMember('0'))).toBe('0');
    });

    it('builds the hot set from user_karma and pages exactly like SQL', async () => {
      const board = new Leaderboard({ db: t.db, hot: createMemoryHotStore(), rebuildChunk: 64 });
      for (const page of [1, 2, 5, 9, 30]) {
        const fromHot = await board.page(G, page, 25);
        expect(fromHot.source).toBe('hot');
        expect(fromHot.total).toBe(ranked.length);
        const fromSql = await pageFromSql(t.db, G, (page - 1) * 25, 25);
        expect(fromHot.entries.map((e) => [e.userId, e.karma])).toEqual(
          fromSql.map((r) => [r.userId, r.karma]),
        );
        expect(fromHot.entries.map((e) => e.userId)).toEqual(
          ranked.slice((page - 1) * 25, page * 25).map((m) => m.userId),
        );
      }
    });

    it.runIf(redisAvailable)('pages and ranks the same from Redis as from SQL, ties included', async () => {
      const hot = await createRedisHotStore({ url: TEST_REDIS_URL, keyPrefix: `test:${randomUUID()}:` });
      try {
        const board = new Leaderboard({ db: t.db, hot, rebuildChunk: 100 });
        const page = await board.page(G, 3, 20);
        expect(page.source).toBe('hot');
        expect(page.entries.map((e) => e.userId)).toEqual(ranked.slice(40, 60).map((m) => m.userId));
        for (const [index, member] of ranked.entries()) {
          expect((await board.rank(G, member.userId, member.total)).rank).toBe(index + 1);
        }
        await hot.del(`karma:lb:${G}`, `karma:lb:${G}:ready`);
      } finally {
        await hot.close();
      }
    });

    it('ranks every member the same from the hot store and from SQL', async () => {
      const board = new Leaderboard({ db: t.db, hot: createMemoryHotStore() });
      for (const [index, member] of ranked.entries()) {
        const rank = await board.rank(G, member.userId, member.total);
        expect(rank).toEqual({ source: 'hot', rank: index + 1, total: ranked.length });
        expect(await rankFromSql(t.db, G, member.userId, member.total)).toBe(index + 1);
      }
      const zero = seeded.find((m) => m.total === 0);
      expect((await board.rank(G, zero?.userId ?? '1', 0)).rank).toBeNull();
    });

    it('rebuilds the hot set when it went missing (Redis restarted)', async () => {
      const hot = createMemoryHotStore();
      const board = new Leaderboard({ db: t.db, hot });
      await board.page(G, 1, 10);
      await hot.del(`karma:lb:${G}`, `karma:lb:${G}:ready`);
      const page = await board.page(G, 1, 10);
      expect(page.source).toBe('hot');
      expect(page.entries.map((e) => e.userId)).toEqual(ranked.slice(0, 10).map((m) => m.userId));
    });

    it('never answers from a set that is not marked ready (a rebuild cut short)', async () => {
      const hot = createMemoryHotStore();
      const board = new Leaderboard({ db: t.db, hot });
      await board.page(G, 1, 10);
      await hot.del(`karma:lb:${G}:ready`);
      await hot.zadd(`karma:lb:${G}`, [{ member: encodeMember('42'), score: -1_000_000 }]);
      const page = await board.page(G, 1, 10);
      expect(page.source).toBe('hot');
      expect(page.entries.map((e) => e.userId)).toEqual(ranked.slice(0, 10).map((m) => m.userId));
      expect(await board.count(G)).toBe(ranked.length);
    });

    it('answers from SQL when the hot store is down', async () => {
      const hot = createMemoryHotStore();
      await hot.close();
      const board = new Leaderboard({ db: t.db, hot });
      const page = await board.page(G, 2, 10);
      expect(page.source).toBe('database');
      expect(page.entries.map((e) => e.userId)).toEqual(ranked.slice(10, 20).map((m) => m.userId));
      const first = ranked[0];
      expect(await board.rank(G, first?.userId ?? '', first?.total ?? 0)).toMatchObject({
        source: 'database',
        rank: 1,
      });
    });

    it('pages deep with a keyset cursor that gives the same rows as offsets', async () => {
      const board = new Leaderboard({ db: t.db, hot: undefined });
      const anchor = ranked[99];
      if (!anchor) throw new Error('not enough members');
      const after = await board.after(G, { karma: anchor.total, userId: anchor.userId, rank: 100 }, 20);
      expect(after.map((e) => [e.rank, e.userId])).toEqual(
        ranked.slice(100, 120).map((m, i) => [101 + i, m.userId]),
      );
    });

    it('pages from any offset exactly like the full order, ties and the end included', async () => {
      for (const offset of [0, 1, 5, 37, 100, 149, ranked.length - 3, ranked.length - 1, ranked.length]) {
        const rows = await pageFromSql(t.db, G, offset, 7);
        expect(rows.map((r) => [r.userId, r.karma])).toEqual(
          ranked.slice(offset, offset + 7).map((m) => [m.userId, m.total]),
        );
      }
      expect(await pageFromSql(t.db, G, ranked.length + 5, 7)).toEqual([]);
      expect(await countRanked(t.db, G)).toBe(ranked.length);
    });

    it('continues after any cursor, within a tie and across totals', async () => {
      for (const index of [0, 3, 4, 50, ranked.length - 2, ranked.length - 1]) {
        const cursor = ranked[index];
        if (!cursor) throw new Error('no member');
        const rows = await pageAfterFromSql(t.db, G, { karma: cursor.total, userId: cursor.userId }, 9);
        expect(rows.map((r) => r.userId)).toEqual(ranked.slice(index + 1, index + 10).map((m) => m.userId));
      }
    });

    it('moves members on update once the set is built, and drops members back at zero', async () => {
      const hot = createMemoryHotStore();
      const board = new Leaderboard({ db: t.db, hot });
      await board.page(G, 1, 1);
      const last = ranked.at(-1);
      if (!last) throw new Error('no members');
      await board.update([{ guildId: G, userId: last.userId, total: 10_000 }]);
      expect((await board.page(G, 1, 1)).entries[0]).toMatchObject({ userId: last.userId, karma: 10_000 });
      await board.update([{ guildId: G, userId: last.userId, total: 0 }]);
      expect(await board.rank(G, last.userId, 0)).toMatchObject({ rank: null });
    });
  });
}
