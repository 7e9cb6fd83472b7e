import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbBackends } from '../../../test/support/databases.ts';
import {
  ALICE,
  addGuild,
  BOB,
  CAROL,
  G,
  ledgerSum,
  memberOf,
  message,
  setSettings,
  snapshot,
  totalOf,
} from '../../../test/support/rewards-fixtures.ts';
import { createHarness, type Harness } from '../../../test/support/rewards-harness.ts';
import { ServiceError } from '../../platform/errors.ts';
import { type LevelImportRequest, LevelImportService } from './service.ts';
import { bytesOf, csvExport, mee6Export, userIds } from './test-kit.ts';

const ADMIN = '600000000000000042';

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`level imports on ${backend.name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(await backend.create());
    });
    afterAll(async () => {
      await h?.close();
      await h?.t.dispose();
    });
    beforeEach(async () => {
      await h.reset();
      await addGuild(h.t.db, G);
    });

    const service = (batchSize?: number) =>
      new LevelImportService({
        context: h.context,
        // The guilds sync knows (addGuild puts G there).
        guilds: { has: async (guildId) => guildId === G },
        ...(batchSize === undefined ? {} : { batchSize }),
      });
    const run = (file: string, extra: Partial<LevelImportRequest> = {}) =>
      service().run({
        guildId: G,
        format: 'mee6',
        mode: 'xp',
        bytes: bytesOf(file),
        dryRun: false,
        actorId: ADMIN,
        ...extra,
      });
    const ledgerRows = async () =>
      (
        await h.t.db.query<{
          user_id: string;
          delta: number;
          source_id: string;
          reason: string;
          actor_id: string;
        }>(
          `SELECT user_id, delta, source_id, reason, actor_id FROM karma_ledger WHERE source = 'import'
           ORDER BY user_id`,
        )
      ).rows;

    const file = mee6Export([
      { id: ALICE, xp: 1150 },
      { id: BOB, xp: 4675 },
      { id: CAROL, xp: 40 },
    ]);

    it('plans a dry run without writing anything', async () => {
      const report = await run(file, { dryRun: true });
      expect(report).toMatchObject({ dryRun: true, applied: null, format: 'mee6', mode: 'xp' });
      expect(report.summary).toEqual({
        usersInFile: 3,
        usersChanged: 3,
        usersKept: 0,
        alreadyImported: 0,
        karmaAdded: 5865,
        levelChanges: 2,
        levelsCapped: 0,
      });
      expect(report.rows.map((r) => [r.userId, r.delta, r.newLevel])).toEqual([
        [BOB, 4675, 10],
        [ALICE, 1150, 5],
        [CAROL, 40, 0],
      ]);
      expect(await ledgerRows()).toEqual([]);
      const members = await h.t.db.query('SELECT 1 FROM user_karma');
      expect(members.rows).toEqual([]);
    });

    it('pays ledger rows keyed by file and member, with totals, levels and the leaderboard following', async () => {
      await h.context.leaderboard.rebuild(G);
      const report = await run(file);
      expect(report.applied).toEqual({ users: 3, karma: 5865, levelUps: 2, transactions: 1 });
      expect(report.fileHash).toMatch(/^[0-9a-f]{16}$/);
      expect(await ledgerRows()).toEqual(
        [
          [ALICE, 1150],
          [BOB, 4675],
          [CAROL, 40],
        ].map(([userId, delta]) => ({
          user_id: userId,
          delta,
          source_id: `${report.fileHash}:${userId}`,
          reason: 'import:mee6',
          actor_id: ADMIN,
        })),
      );
      const levels = await h.t.db.query<{ user_id: string; total: string; current_level: number }>(
        'SELECT user_id, total, current_level FROM user_karma ORDER BY user_id',
      );
      // Level achievements (level_5, level_10) pay their own rewards on top, as for any karma.
      expect(levels.rows.map((r) => [r.user_id, r.current_level])).toEqual([
        [ALICE, 5],
        [BOB, 10],
        [CAROL, 0],
      ]);
      for (const user of [ALICE, BOB, CAROL])
        expect(await totalOf(h.t.db, user)).toBe(await ledgerSum(h.t.db, user));
      const board = await h.context.leaderboard.page(G, 1, 10);
      expect(board.source).toBe('hot');
      expect(board.entries.map((e) => e.userId)).toEqual([BOB, ALICE, CAROL]);
    });

    it('pays nothing when the same file is imported again', async () => {
      const first = await run(file);
      const totals = await Promise.all([ALICE, BOB, CAROL].map((u) => totalOf(h.t.db, u)));
      const again = await run(file);
      expect(again.fileHash).toBe(first.fileHash);
      expect(again.summary).toMatchObject({ usersChanged: 0, alreadyImported: 3, karmaAdded: 0 });
      expect(again.applied).toEqual({ users: 0, karma: 0, levelUps: 0, transactions: 0 });
      expect(await Promise.all([ALICE, BOB, CAROL].map((u) => totalOf(h.t.db, u)))).toEqual(totals);
      expect(await ledgerRows()).toHaveLength(3);
    });

    it('pays once when the same file is imported twice at the same time', async () => {
      const reports = await Promise.all([run(file), run(file)]);
      expect(reports.map((r) => r.applied?.users ?? 0).reduce((a, b) => a + b, 0)).toBe(3);
      expect(await ledgerRows()).toHaveLength(3);
      expect(await totalOf(h.t.db, CAROL)).toBe(40);
    });

    it('only raises members to the imported amount, never lowering anyone', async () => {
      await h.run(message({ userId: ALICE }));
      const earned = await totalOf(h.t.db, ALICE);
      await h.run(snapshot([memberOf(BOB)]));
      await h.services.karma.adjust({
        guildId: G,
        userId: BOB,
        delta: 9000,
        reason: 'old hand',
        actorId: ADMIN,
      });
      const report = await run(file);
      const alice = report.rows.find((r) => r.userId === ALICE);
      expect(alice).toMatchObject({ currentKarma: earned, delta: 1150 - earned, status: 'raise' });
      expect(report.rows.find((r) => r.userId === BOB)).toMatchObject({ delta: 0, status: 'keep' });
      expect(await totalOf(h.t.db, BOB)).toBe(9000);
      const rows = await ledgerRows();
      expect(rows.map((r) => [r.user_id, r.delta])).toEqual([
        [ALICE, 1150 - earned],
        [CAROL, 40],
      ]);
    });

    it('raises members again from a newer file only by what they gained since', async () => {
      await run(file);
      const before = await totalOf(h.t.db, CAROL);
      const newer = mee6Export([{ id: CAROL, xp: 4000 }]);
      const report = await run(newer);
      expect(report.applied).toMatchObject({ users: 1, karma: 4000 - before });
    });

    it("keeps members' levels on a different curve in level mode, and records level changes for role rewards", async () => {
      await setSettings(h.t.db, {
        levels: { curve: { kind: 'linear', step: 1000 }, roleRewards: [{ level: 5, roleId: '990' }] },
      });
      const report = await run(file, { mode: 'level' });
      expect(report.rows.map((r) => [r.userId, r.importedLevel, r.importedKarma, r.newLevel])).toEqual([
        [BOB, 10, 10_000, 10],
        [ALICE, 5, 5000, 5],
        [CAROL, 0, 0, 0],
      ]);
      expect(report.summary).toMatchObject({ usersChanged: 2, usersKept: 1 });
      const changes = await h.t.db.query<{ user_id: string; to_level: number }>(
        'SELECT user_id, to_level FROM level_changes ORDER BY user_id',
      );
      expect(changes.rows).toEqual([
        { user_id: ALICE, to_level: 5 },
        { user_id: BOB, to_level: 10 },
      ]);
    });

    it('writes big files in batches of members, one transaction each', async () => {
      const ids = userIds(23);
      const csv = csvExport(ids.map((id, i) => ({ id, xp: 100 + i })));
      const progress: number[] = [];
      const report = await service(10).run({
        guildId: G,
        format: 'csv',
        mode: 'xp',
        bytes: bytesOf(csv),
        dryRun: false,
        actorId: null,
        preview: 5,
        onProgress: (p) => progress.push(p.members),
      });
      expect(report.applied).toMatchObject({ users: 23, transactions: 3 });
      expect(progress).toEqual([10, 20, 23]);
      expect(report.rows).toHaveLength(5);
      const sum = await h.t.db.query<{ s: string }>(
        "SELECT sum(delta) AS s FROM karma_ledger WHERE source = 'import'",
      );
      expect(Number(sum.rows[0]?.s)).toBe(ids.reduce((acc, _id, i) => acc + 100 + i, 0));
    });

    it('refuses a bad file naming the place, and an unknown guild, before writing', async () => {
      const bad = mee6Export([{ id: ALICE, xp: 5 }]).replace('"xp":5', '"xp":-5');
      await expect(run(bad)).rejects.toBeInstanceOf(ServiceError);
      await expect(run(bad)).rejects.toMatchObject({
        kind: 'invalid',
        reason: 'bad_xp',
        field: 'players[0].xp',
      });
      await expect(run(file, { guildId: '500000000000000999' })).rejects.toMatchObject({
        kind: 'not_found',
        reason: 'unknown_guild',
      });
      const csvWithoutLevels = 'user_id,xp\n600000000000000001,5';
      await expect(run(csvWithoutLevels, { format: 'csv', mode: 'level' })).rejects.toMatchObject({
        reason: 'level_missing',
        field: 'line 2',
      });
      expect(await ledgerRows()).toEqual([]);
    });
  });
}
