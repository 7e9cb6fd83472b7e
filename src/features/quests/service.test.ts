import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbBackends } from '../../../test/support/databases.ts';
import {
  ALICE,
  at,
  BOB,
  CH2,
  G,
  ledgerSum,
  message,
  totalOf,
} from '../../../test/support/rewards-fixtures.ts';
import { createHarness, type Harness } from '../../../test/support/rewards-harness.ts';
import { silentLogger } from '../../platform/logger.ts';
import { QUEST_CLEANUP_QUEUE, QUEST_DAILY_RESET_QUEUE, questJobs } from './jobs.ts';

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`quests on ${backend.name}`, () => {
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
    });

    const progressIdOf = async (key: string, userId = ALICE) => {
      const list = await h.services.quests.list(G, userId, key.startsWith('daily') ? 'daily' : 'weekly');
      const quest = list.quests.find((q) => q.key === key);
      if (!quest) throw new Error(`no quest ${key}`);
      return quest;
    };

    const runJob = async (name: string) => {
      const job = questJobs({ db: h.t.db, logger: silentLogger, now: () => h.clock.now }).find(
        (j) => j.name === name,
      );
      await job?.handler([]);
    };

    it("assigns a member's quests on the first visit of the period", async () => {
      const daily = await h.services.quests.list(G, ALICE, 'daily');
      expect(daily.periodKey).toBe('2026-11-25');
      expect(daily.quests).toHaveLength(10);
      expect(daily.quests.every((q) => q.status === 'AVAILABLE' && q.progress === 0)).toBe(true);
      const weekly = await h.services.quests.list(G, ALICE, 'weekly');
      expect(weekly.periodKey).toBe('2026-W48');
      expect(weekly.quests).toHaveLength(7);
      const again = await h.services.quests.list(G, ALICE, 'daily');
      expect(again.quests.map((q) => q.progressId)).toEqual(daily.quests.map((q) => q.progressId));
    });

    it('shows live progress moved by later batches', async () => {
      await h.run(message({ at: at(0) }));
      await h.run(message({ at: at(100) }), message({ at: at(200), channelId: CH2 }));
      const chatter = await progressIdOf('daily_chatter');
      expect(chatter).toMatchObject({ status: 'IN_PROGRESS', progress: 3 });
      const explorer = await progressIdOf('daily_explorer');
      expect(explorer).toMatchObject({ status: 'IN_PROGRESS', progress: 2 });
    });

    it('keeps progress when the quests were first shown by the API', async () => {
      await h.services.quests.list(G, ALICE, 'daily');
      await h.run(message({ at: at(0) }));
      await h.run(message({ at: at(100) }));
      expect(await progressIdOf('daily_chatter')).toMatchObject({ progress: 2 });
      expect(await progressIdOf('daily_check_in')).toMatchObject({ status: 'COMPLETED', claimable: true });
    });

    it('pays a completed quest once and answers a second claim with a conflict', async () => {
      await h.run(message({ at: at(0) }));
      const quest = await progressIdOf('daily_check_in');
      const before = await totalOf(h.t.db, ALICE);
      const claimed = await h.services.quests.claim(G, ALICE, quest.progressId);
      expect(claimed).toMatchObject({ status: 'CLAIMED', reward: 10, paid: true, total: before + 10 });
      const again = await h.services.quests.claim(G, ALICE, quest.progressId).catch((e: unknown) => e);
      expect(again).toMatchObject({ kind: 'conflict', reason: 'already_claimed' });
      expect(await totalOf(h.t.db, ALICE)).toBe(before + 10);
      expect(await ledgerSum(h.t.db, ALICE)).toBe(before + 10);
    });

    it('refuses to claim a quest that is not completed', async () => {
      await h.run(message({ at: at(0) }));
      const quest = await progressIdOf('daily_chatter');
      const error = await h.services.quests.claim(G, ALICE, quest.progressId).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'conflict', reason: 'not_completed' });
    });

    it("answers not found for another member's quest or an unknown id", async () => {
      await h.run(message({ at: at(0) }));
      const quest = await progressIdOf('daily_check_in');
      await expect(h.services.quests.claim(G, BOB, quest.progressId)).rejects.toMatchObject({
        kind: 'not_found',
      });
      await expect(h.services.quests.claim(G, ALICE, '999999')).rejects.toMatchObject({ kind: 'not_found' });
      await expect(
        h.services.quests.claim('500000000000000999', ALICE, quest.progressId),
      ).rejects.toMatchObject({
        kind: 'not_found',
      });
    });

    it('expires unclaimed quests when their period has ended, and then refuses the claim', async () => {
      await h.run(message({ at: at(0) }));
      const quest = await progressIdOf('daily_check_in');
      h.clock.now = new Date('2026-11-26T00:00:05Z');
      await runJob(QUEST_DAILY_RESET_QUEUE);
      const { rows } = await h.t.db.query<{ period: string; status: string; n: string }>(
        `SELECT period, status, count(*) AS n FROM user_quest_progress GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      const counts = Object.fromEntries(rows.map((r) => [`${r.period} ${r.status}`, Number(r.n)]));
      // The week goes on: only the day's quests expire.
      expect(counts).toEqual({ 'daily EXPIRED': 10, 'weekly IN_PROGRESS': 5, 'weekly AVAILABLE': 2 });
      await expect(h.services.quests.claim(G, ALICE, quest.progressId)).rejects.toMatchObject({
        reason: 'expired',
      });
    });

    it("keeps the week's progress across days and records the day's final progress", async () => {
      await h.run(message({ at: at(0) }));
      await h.run(message({ at: at(100) }));
      h.clock.now = new Date('2026-11-26T10:00:00Z');
      await h.run(message({ at: h.clock.now }));
      expect(await progressIdOf('weekly_chatterbox')).toMatchObject({ progress: 3 });
      expect(await progressIdOf('daily_chatter')).toMatchObject({ progress: 1, status: 'IN_PROGRESS' });
      const { rows } = await h.t.db.query<{ progress: number }>(
        "SELECT progress FROM user_quest_progress WHERE quest_key = 'daily_chatter' AND period_key = '2026-11-25'",
      );
      expect(rows[0]?.progress).toBe(2);
    });

    it('deletes finished quests after the retention period', async () => {
      await h.run(message({ at: at(0) }));
      h.clock.now = new Date('2027-03-01T01:00:00Z');
      await runJob(QUEST_CLEANUP_QUEUE);
      const { rows } = await h.t.db.query<{ n: string }>('SELECT count(*) AS n FROM user_quest_progress');
      expect(Number(rows[0]?.n)).toBe(0);
    });

    it('counts quests by status in the stats', async () => {
      await h.run(message({ at: at(0) }));
      const quest = await progressIdOf('daily_check_in');
      await h.services.quests.claim(G, ALICE, quest.progressId);
      const stats = await h.services.quests.stats(G, ALICE);
      expect(stats).toMatchObject({ total: 17, claimed: 1, karmaClaimed: 10, completed: 0 });
      expect(stats.inProgress + stats.available).toBe(16);
    });

    it.runIf(backend.name === 'postgres')('pays once when 100 claims of one quest race', async () => {
      await h.run(message({ at: at(0) }));
      const quest = await progressIdOf('daily_check_in');
      const before = await totalOf(h.t.db, ALICE);
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, () => h.services.quests.claim(G, ALICE, quest.progressId)),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const conflicts = results.filter(
        (r) => r.status === 'rejected' && (r.reason as { reason?: string }).reason === 'already_claimed',
      );
      expect(ok).toHaveLength(1);
      expect(conflicts).toHaveLength(99);
      expect(await totalOf(h.t.db, ALICE)).toBe(before + 10);
      const { rows } = await h.t.db.query<{ n: string }>(
        "SELECT count(*) AS n FROM karma_ledger WHERE source = 'quest'",
      );
      expect(Number(rows[0]?.n)).toBe(1);
    });
  });
}
