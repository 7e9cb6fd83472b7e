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
  snapshot,
  totalOf,
} from '../../../test/support/rewards-fixtures.ts';
import { createHarness, type Harness } from '../../../test/support/rewards-harness.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { RewardConsumer, RewardFact } from './consumers.ts';

/** A consumer that records every call, and can be told to fail (as a failing write would). */
class RecordingConsumer implements RewardConsumer {
  readonly name = 'recording';
  readonly calls: RewardFact[][] = [];
  fail = false;

  async consume(tx: Queryable, facts: readonly RewardFact[]): Promise<void> {
    // Inside the settling transaction: the ledger rows of these facts are visible to it.
    const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM karma_ledger');
    expect(rows[0]?.n).toBeGreaterThan(0);
    if (this.fail) throw new Error('the consumer could not write');
    this.calls.push([...facts]);
  }

  get facts(): RewardFact[] {
    return this.calls.flat();
  }

  reset(): void {
    this.calls.length = 0;
    this.fail = false;
  }
}

const keyOf = (fact: RewardFact) => `${fact.kind}:${fact.key}`;

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`reward consumers on ${backend.name}`, () => {
    const consumer = new RecordingConsumer();
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(await backend.create(), { consumers: [consumer] });
    });
    afterAll(async () => {
      await h?.close();
      await h?.t.dispose();
    });
    beforeEach(async () => {
      await h.reset();
      consumer.reset();
      await h.run(snapshot([memberOf(ALICE), memberOf(BOB)]));
    });

    it('hears each paid message and unlocked achievement once, and nothing on replay', async () => {
      const first = message({ userId: ALICE, at: at(0), id: '700000000000000001' });
      const second = message({ userId: ALICE, at: at(120), id: '700000000000000002' });
      await h.run(first, second);

      const facts = consumer.facts;
      expect(new Set(facts.map(keyOf)).size).toBe(facts.length);
      expect(facts.filter((f) => f.kind === 'message').map((f) => f.key)).toEqual([
        '700000000000000001',
        '700000000000000002',
      ]);
      expect(facts.find((f) => f.kind === 'achievement')).toMatchObject({
        userId: ALICE,
        key: `${ALICE}:first_message`,
        karma: 10,
      });
      // The facts' karma is exactly what the ledger holds.
      expect(facts.reduce((sum, f) => sum + f.karma, 0)).toBe(await ledgerSum(h.t.db, ALICE));

      const calls = consumer.calls.length;
      await h.run(first, second);
      // Bypass the pipeline's event gate: the ledger refuses the messages, so nothing is a fact.
      await h.t.db.transaction(async (tx) => {
        const after = await h.services.pipeline.apply(tx, [first, second]);
        await after?.();
      });
      expect(consumer.calls.length).toBe(calls);
    });

    it('hears a claimed quest once, not the refused second claim', async () => {
      await h.run(message({ userId: ALICE, at: at(0) }));
      const list = await h.services.quests.list(G, ALICE, 'daily');
      const quest = list.quests.find((q) => q.key === 'daily_check_in');
      if (!quest) throw new Error('no daily check-in quest');
      consumer.reset();

      await h.services.quests.claim(G, ALICE, quest.progressId);
      await h.services.quests.claim(G, ALICE, quest.progressId).catch(() => undefined);
      const claims = consumer.facts.filter((f) => f.kind === 'quest');
      expect(claims).toHaveLength(1);
      expect(claims[0]).toMatchObject({ guildId: G, userId: ALICE, karma: quest.reward });
      expect(consumer.calls).toHaveLength(1);
    });

    it('hears an adjustment and every level it reached once, however often its key is sent', async () => {
      const adjust = () =>
        h.services.karma.adjust({
          guildId: G,
          userId: BOB,
          delta: 1600,
          reason: 'won the contest',
          actorId: ALICE,
          idempotencyKey: 'adjust-once-1',
        });
      const { level } = await adjust();
      await adjust();
      expect(level).toBeGreaterThan(1);
      expect(consumer.calls).toHaveLength(1);
      expect(consumer.facts.filter((f) => f.kind === 'admin')).toEqual([
        expect.objectContaining({ userId: BOB, key: 'adjust-once-1', karma: 1600 }),
      ]);
      expect(consumer.facts.filter((f) => f.kind === 'level').map((f) => [f.key, f.level])).toEqual(
        Array.from({ length: level }, (_, i) => [`${BOB}:${i + 1}`, i + 1]),
      );
    });

    it('rolls the karma back with the consumer that failed', async () => {
      consumer.fail = true;
      const adjust = h.services.karma.adjust({
        guildId: G,
        userId: BOB,
        delta: 40,
        reason: 'helped out',
        actorId: ALICE,
        idempotencyKey: 'adjust-fails-1',
      });
      await expect(adjust).rejects.toThrow('the consumer could not write');
      expect(await totalOf(h.t.db, BOB)).toBe(0);
      expect(await ledgerSum(h.t.db, BOB)).toBe(0);
    });
  });
}
