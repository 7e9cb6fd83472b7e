import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbBackends } from '../../../test/support/databases.ts';
import {
  ALICE,
  at,
  BOB,
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

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`karma services on ${backend.name}`, () => {
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
      await h.run(snapshot([memberOf(ALICE), memberOf(BOB)]));
    });

    const adjust = (delta: number, extra: { reason?: string; key?: string; userId?: string } = {}) =>
      h.services.karma.adjust({
        guildId: G,
        userId: extra.userId ?? ALICE,
        delta,
        reason: extra.reason ?? 'contest prize',
        actorId: BOB,
        idempotencyKey: extra.key,
      });

    it('adjusts karma with a reason and records the admin in the ledger', async () => {
      const result = await adjust(50, { key: 'contest-1' });
      expect(result).toMatchObject({ adjustmentId: 'contest-1', applied: true, total: 50 });
      const { rows } = await h.t.db.query(
        'SELECT source, source_id, delta, reason, actor_id FROM karma_ledger',
      );
      expect(rows).toEqual([
        { source: 'admin', source_id: 'contest-1', delta: 50, reason: 'contest prize', actor_id: BOB },
      ]);
    });

    it('applies an adjustment once per idempotency key', async () => {
      await adjust(50, { key: 'same-key-1' });
      const again = await adjust(50, { key: 'same-key-1' });
      expect(again.applied).toBe(false);
      expect(await totalOf(h.t.db, ALICE)).toBe(50);
    });

    it('refuses an empty reason naming the field', async () => {
      const error = await adjust(5, { reason: '  ' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceError);
      expect(error).toMatchObject({ kind: 'invalid', field: 'reason' });
    });

    it('refuses to take a member below zero with a conflict', async () => {
      await adjust(10);
      const error = await adjust(-11).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'conflict', reason: 'below_zero', field: 'delta' });
      expect(await totalOf(h.t.db, ALICE)).toBe(10);
    });

    it('settles levels and level achievements in the adjustment transaction', async () => {
      await setSettings(h.t.db, { levels: { roleRewards: [{ level: 5, roleId: '990' }] } });
      const result = await adjust(2000);
      expect(result.level).toBe(6);
      const unlocked = await h.t.db.query<{ achievement_key: string }>(
        'SELECT achievement_key FROM user_achievements ORDER BY achievement_key',
      );
      expect(unlocked.rows.map((r) => r.achievement_key)).toEqual(['level_5']);
      const changes = await h.t.db.query('SELECT from_level, to_level FROM level_changes');
      expect(changes.rows).toEqual([{ from_level: 0, to_level: 6 }]);
      expect(await ledgerSum(h.t.db, ALICE)).toBe(await totalOf(h.t.db, ALICE));
    });

    it('lists the ledger newest first, paged', async () => {
      await h.run(message({ at: at(0) }), message({ at: at(100) }));
      h.clock.now = at(200);
      await adjust(7, { key: 'late-one' });
      const first = await h.services.karma.logs(G, ALICE, 1, 2);
      expect(first.total).toBe(5); // two messages, first_message, quests_1, the adjustment
      expect(first.items[0]).toMatchObject({ source: 'admin', delta: 7 });
      const second = await h.services.karma.logs(G, ALICE, 2, 2);
      expect(second.items).toHaveLength(2);
      const last = await h.services.karma.logs(G, ALICE, 3, 2);
      expect(last.items).toHaveLength(1);
    });

    it('sums karma per UTC day over a range, with empty days', async () => {
      await h.run(message({ at: new Date('2026-11-23T10:00:00Z') }));
      await h.run(message({ at: new Date('2026-11-25T10:00:00Z') }));
      const history = await h.services.karma.history(G, ALICE, '2026-11-22', '2026-11-25');
      expect(history.days.map((d) => d.day)).toEqual([
        '2026-11-22',
        '2026-11-23',
        '2026-11-24',
        '2026-11-25',
      ]);
      expect(history.days[0]?.karma).toBe(0);
      expect(history.days[1]?.karma).toBeGreaterThan(0);
      expect(history.total).toBe(await totalOf(h.t.db, ALICE));
    });

    it('summarises total, level, rank, streak and earnings by source', async () => {
      await h.run(message({ userId: BOB, at: at(0) }));
      await adjust(5000, { userId: BOB, key: 'big-bob' });
      await h.run(message({ at: at(10) }));
      const summary = await h.services.karma.summary(G, ALICE);
      expect(summary.total).toBe(await totalOf(h.t.db, ALICE));
      expect(summary.rank).toBe(2);
      expect(summary.rankedMembers).toBe(2);
      expect(summary.currentStreak).toBe(1);
      expect(summary.bySource.message).toBeGreaterThanOrEqual(15);
      expect(summary.bySource.achievement).toBe(20);
      expect(summary.counters.messages).toBe(1);
      expect(summary.earnedToday).toBe(summary.total);
    });
  });
}
