import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import type { Queryable } from '../../platform/db/port.ts';
import { countRanked, rankFromSql } from './leaderboard-repository.ts';

/** `leaderboard_counts` (migration 0007) against the totals it summarizes, whatever writes them. */

const G1 = '710000000000000001';
const G2 = '710000000000000002';

async function expectCountsMatch(db: Queryable): Promise<void> {
  const truth = await db.query<{ guild_id: string; total: string; n: string }>(
    `SELECT guild_id, total, count(*) AS n FROM user_karma WHERE total > 0
     GROUP BY guild_id, total ORDER BY guild_id, total`,
  );
  const counts = await db.query<{ guild_id: string; total: string; n: string }>(
    'SELECT guild_id, total, members AS n FROM leaderboard_counts ORDER BY guild_id, total',
  );
  // Rows are deleted at zero, so equality also says that none is left behind.
  expect(counts.rows.map((r) => [r.guild_id, r.total, Number(r.n)])).toEqual(
    truth.rows.map((r) => [r.guild_id, r.total, Number(r.n)]),
  );
}

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`leaderboard counts on ${backend.name}`, () => {
    let t: TestDatabase;

    beforeAll(async () => {
      t = await backend.create({ migrated: true });
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('follows inserts, updates (totals moving, to and from zero), deletes and truncation', async () => {
      const users = Array.from({ length: 120 }, (_, i) => String(900_000_000 + i));
      await t.db.query(
        `INSERT INTO user_karma (guild_id, user_id, total)
         SELECT g, u, (u % 7) * 10 FROM unnest($1::bigint[]) AS u, unnest($2::bigint[]) AS g`,
        [users, [G1, G2]],
      );
      await expectCountsMatch(t.db);
      expect(await countRanked(t.db, G1)).toBe(users.filter((u) => Number(u) % 7 !== 0).length);

      // As saveMembers writes: one UPDATE over many members, some totals unchanged, some to zero.
      await t.db.query(
        `UPDATE user_karma uk SET total = d.total FROM unnest($1::bigint[], $2::bigint[]) AS d(u, total)
         WHERE uk.guild_id = $3 AND uk.user_id = d.u`,
        [users.slice(0, 60), users.slice(0, 60).map((u, i) => (i % 3 === 0 ? 0 : (Number(u) % 5) * 10)), G1],
      );
      await expectCountsMatch(t.db);
      // Updates that leave totals alone (levels, counters) change nothing.
      await t.db.query('UPDATE user_karma SET messages = messages + 1 WHERE guild_id = $1', [G2]);
      await expectCountsMatch(t.db);

      await t.db.query('DELETE FROM user_karma WHERE guild_id = $1 AND user_id = ANY($2::bigint[])', [
        G2,
        users.slice(0, 30),
      ]);
      await expectCountsMatch(t.db);
      await t.db.query('DELETE FROM user_karma WHERE guild_id = $1', [G2]);
      expect(await countRanked(t.db, G2)).toBe(0);
      await expectCountsMatch(t.db);

      await t.db.exec('TRUNCATE user_karma');
      await expectCountsMatch(t.db);
      expect(await countRanked(t.db, G1)).toBe(0);
    });

    it('ranks from either end of a large tie', async () => {
      const users = Array.from({ length: 400 }, (_, i) => String(800_000_000 + i * 3));
      await t.db.query(
        `INSERT INTO user_karma (guild_id, user_id, total)
         SELECT $1, u, CASE WHEN u % 4 = 0 THEN 500 ELSE 100 END FROM unnest($2::bigint[]) AS u`,
        [G1, users],
      );
      const order = users
        .map((u) => ({ u, total: Number(u) % 4 === 0 ? 500 : 100 }))
        .sort((a, b) => b.total - a.total || Number(a.u) - Number(b.u));
      for (const [index, member] of order.entries()) {
        expect(await rankFromSql(t.db, G1, member.u, member.total)).toBe(index + 1);
      }
      await t.db.exec('TRUNCATE user_karma');
    });

    it.runIf(backend.name === 'postgres')(
      'stays exact when many writers move totals of one guild at once, without deadlocks',
      async () => {
        const users = Array.from({ length: 400 }, (_, i) => String(600_000_000 + i));
        await t.db.query(
          'INSERT INTO user_karma (guild_id, user_id, total) SELECT $1, u, 10 FROM unnest($2::bigint[]) AS u',
          [G1, users],
        );
        // 40 writers, each over its own members (as the member locks guarantee) and with one
        // statement moving totals per transaction (as every karma writer), all moving them through
        // the same few totals, in random order within each statement.
        await Promise.all(
          Array.from({ length: 40 }, async (_, w) => {
            const mine = users.filter((_, i) => i % 40 === w).sort(() => Math.random() - 0.5);
            for (let round = 0; round < 3; round++) {
              await t.db.transaction((tx) =>
                tx.query(
                  `UPDATE user_karma uk SET total = d.total FROM unnest($1::bigint[], $2::bigint[]) AS d(u, total)
                   WHERE uk.guild_id = $3 AND uk.user_id = d.u`,
                  [mine, mine.map((_, i) => ((i + round + w) % 4) * 10), G1],
                ),
              );
            }
          }),
        );
        await expectCountsMatch(t.db);
      },
    );
  });
}
