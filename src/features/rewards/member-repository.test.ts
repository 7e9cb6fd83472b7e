import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { insertLedger } from './ledger-repository.ts';
import { KnownMembers, lockMembers } from './member-repository.ts';

const G = '900000000000000001';
const A = '800000000000000001';
const B = '800000000000000002';

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`member rows and ledger keys on ${backend.name}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await backend.create({ migrated: true });
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('creates members once, and again if a row it knew of has gone', async () => {
      const known = new KnownMembers();
      const refs = [
        { guildId: G, userId: B },
        { guildId: G, userId: A },
        { guildId: G, userId: B },
      ];
      const first = await t.db.transaction((tx) => lockMembers(tx, refs, known));
      expect(first.map((s) => [s.userId, s.existed])).toEqual([
        [A, false],
        [B, false],
      ]);
      const again = await t.db.transaction((tx) => lockMembers(tx, refs, known));
      expect(again.map((s) => [s.userId, s.existed])).toEqual([
        [A, true],
        [B, true],
      ]);
      await t.db.query('DELETE FROM user_karma WHERE user_id = $1', [A]);
      const healed = await t.db.transaction((tx) => lockMembers(tx, refs, known));
      expect(healed.map((s) => [s.userId, s.existed]).sort()).toEqual([
        [A, false],
        [B, true],
      ]);
      const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM user_karma');
      expect(rows[0]?.n).toBe(2);
    });

    it('returns the ledger rows it inserted: once per key, never a key already there', async () => {
      const at = new Date('2026-11-24T10:00:00Z');
      const entry = (sourceId: string, delta: number, userId = A) => ({
        guildId: G,
        userId,
        delta,
        reason: 'message',
        source: 'message' as const,
        sourceId,
        at,
      });
      const first = await t.db.transaction((tx) => insertLedger(tx, [entry('1', 20), entry('2', 15)]));
      expect(first.map((e) => [e.sourceId, e.delta])).toEqual([
        ['1', 20],
        ['2', 15],
      ]);
      const second = await t.db.transaction((tx) =>
        insertLedger(tx, [
          entry('2', 15),
          entry('3', 17),
          entry('3', 99, B),
          entry('needs "quoting", {yes}', 5),
        ]),
      );
      expect(second.map((e) => [e.sourceId, e.delta, e.userId])).toEqual([
        ['3', 17, A],
        ['needs "quoting", {yes}', 5, A],
      ]);
      const { rows } = await t.db.query<{ source_id: string; created_at: Date }>(
        'SELECT source_id, created_at FROM karma_ledger ORDER BY source_id',
      );
      expect(rows.map((r) => r.source_id)).toEqual(['1', '2', '3', 'needs "quoting", {yes}']);
      expect(rows.every((r) => r.created_at.getTime() === at.getTime())).toBe(true);
    });
  });
}
