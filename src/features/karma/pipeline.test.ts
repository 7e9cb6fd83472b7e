import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbBackends } from '../../../test/support/databases.ts';
import {
  ALICE,
  at,
  BOB,
  BOT,
  CAROL,
  CH,
  CH2,
  G,
  ledgerSum,
  memberOf,
  message,
  reaction,
  setSettings,
  snapshot,
  totalOf,
} from '../../../test/support/rewards-fixtures.ts';
import { createHarness, type Harness } from '../../../test/support/rewards-harness.ts';
import { seedOf } from './domain/activity-rules.ts';
import { randomInt, seededRng } from './domain/index.ts';

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`karma pipeline on ${backend.name}`, () => {
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

    it('pays a message the amount drawn from its own id, within the default 15-25', async () => {
      const m = message({ id: '700000000000000123' });
      await h.run(m);
      const expected = randomInt(15, 25, seededRng(seedOf('700000000000000123')));
      // + 10 for the first_message achievement, + 10 for quests_1 (the check-in quest completed).
      expect(await totalOf(h.t.db, ALICE)).toBe(expected + 20);
      const { rows } = await h.t.db.query<{ source: string; source_id: string; delta: number }>(
        "SELECT source, source_id, delta FROM karma_ledger WHERE source = 'message'",
      );
      expect(rows).toEqual([{ source: 'message', source_id: '700000000000000123', delta: expected }]);
    });

    it('pays a message once across replays and duplicate batches', async () => {
      const m = message();
      await h.run(m, m);
      await h.run(m);
      const total = await totalOf(h.t.db, ALICE);
      // Bypass the pipeline's event gate: the ledger key alone still refuses to pay twice.
      await h.t.db.transaction(async (tx) => {
        const after = await h.services.pipeline.apply(tx, [m]);
        await after?.();
      });
      expect(await totalOf(h.t.db, ALICE)).toBe(total);
      expect(await ledgerSum(h.t.db, ALICE)).toBe(total);
      const { rows } = await h.t.db.query<{ n: string }>(
        "SELECT count(*) AS n FROM karma_ledger WHERE source = 'message'",
      );
      expect(Number(rows[0]?.n)).toBe(1);
    });

    it('pays at most one message per cooldown window, also across batches', async () => {
      await h.run(message({ at: at(0) }), message({ at: at(30) }));
      await h.run(message({ at: at(59) }));
      await h.run(message({ at: at(61) }));
      const { rows } = await h.t.db.query<{ n: string }>(
        "SELECT count(*) AS n FROM karma_ledger WHERE source = 'message'",
      );
      expect(Number(rows[0]?.n)).toBe(2);
      const counters = await h.t.db.query<{ messages: number }>('SELECT messages FROM user_karma');
      expect(counters.rows[0]?.messages).toBe(4);
    });

    it('runs imported history on its own cooldown clock, leaving the live one alone', async () => {
      const paid = async () =>
        Number(
          (
            await h.t.db.query<{ n: string }>(
              "SELECT count(*) AS n FROM karma_ledger WHERE source = 'message'",
            )
          ).rows[0]?.n,
        );
      await h.run(message({ at: at(0) }));
      const old = (seconds: number) => ({
        ...message({ at: at(-30 * 86_400 + seconds) }),
        source: 'backfill' as const,
      });
      // A month ago, 30 s apart: every other one is outside the history clock's cooldown.
      await h.run(old(0), old(30), old(60), old(90));
      expect(await paid()).toBe(3);
      // The live clock still says a message was paid at 0: 30 s later is inside its cooldown.
      await h.run(message({ at: at(30) }));
      expect(await paid()).toBe(3);
      await h.run(message({ at: at(61) }));
      expect(await paid()).toBe(4);
    });

    it('counts imported messages without karma when the import says so', async () => {
      await h.run({ ...message({ at: at(0) }), source: 'backfill', karma: false });
      const { rows } = await h.t.db.query<{ n: string }>('SELECT count(*) AS n FROM karma_ledger');
      expect(Number(rows[0]?.n)).toBe(0);
      expect(await totalOf(h.t.db, ALICE)).toBe(0);
    });

    it('pays bots, system messages, no-karma channels and no-karma roles nothing', async () => {
      await setSettings(h.t.db, { karma: { noKarmaChannelIds: [CH2], noKarmaRoleIds: ['900'] } });
      await h.run(snapshot([memberOf(CAROL, { roleIds: ['900'] })]));
      await h.run(
        message({ userId: BOT, bot: true }),
        message({ userId: BOB, system: true }),
        message({ userId: ALICE, channelId: CH2 }),
        message({ userId: CAROL }),
      );
      const { rows } = await h.t.db.query<{ n: string }>('SELECT count(*) AS n FROM karma_ledger');
      expect(Number(rows[0]?.n)).toBe(0);
      expect(await totalOf(h.t.db, BOT)).toBe(0);
    });

    it('applies channel and role multipliers', async () => {
      await setSettings(h.t.db, {
        karma: {
          message: { min: 10, max: 10 },
          channelMultipliers: { [CH2]: 2 },
          roleMultipliers: { '901': 1.5 },
        },
      });
      await h.run(snapshot([memberOf(BOB, { roleIds: ['901'] })]));
      await h.run(message({ userId: ALICE, channelId: CH2 }), message({ userId: BOB }));
      const { rows } = await h.t.db.query<{ user_id: string; delta: number }>(
        "SELECT user_id, delta FROM karma_ledger WHERE source = 'message' ORDER BY user_id",
      );
      expect(rows).toEqual([
        { user_id: ALICE, delta: 20 },
        { user_id: BOB, delta: 15 },
      ]);
    });

    it('pays the reactor and the author once per message and reactor, never for self-reactions', async () => {
      await h.run(snapshot([memberOf(ALICE), memberOf(BOB)]));
      const m = message({ userId: ALICE });
      await h.run(m);
      const before = await totalOf(h.t.db, ALICE);
      await h.run(
        reaction(m.messageId, { userId: BOB }),
        reaction(m.messageId, { userId: BOB, emoji: '🔥' }),
        reaction(m.messageId, { userId: ALICE, emoji: '❤️' }),
      );
      expect(await totalOf(h.t.db, ALICE)).toBe(before + 2);
      expect(await totalOf(h.t.db, BOB)).toBe(1);
      const { rows } = await h.t.db.query<{
        reactions_given: number;
        reactions_received: number;
        user_id: string;
      }>('SELECT user_id, reactions_given, reactions_received FROM user_karma ORDER BY user_id');
      expect(rows).toEqual([
        { user_id: ALICE, reactions_given: 0, reactions_received: 2 },
        { user_id: BOB, reactions_given: 2, reactions_received: 0 },
      ]);
    });

    it('pays nothing for reactions by bots or on messages of bots and unknown authors', async () => {
      await h.run(snapshot([memberOf(ALICE), memberOf(BOT, { bot: true })]));
      await h.run(
        reaction('1', { userId: BOT, bot: true }),
        reaction('2', { userId: ALICE, authorId: BOT }),
        reaction('3', { userId: ALICE, authorId: '600000000000000777' }),
        reaction('4', { userId: ALICE, authorId: null }),
      );
      const { rows } = await h.t.db.query<{ n: string }>('SELECT count(*) AS n FROM karma_ledger');
      expect(Number(rows[0]?.n)).toBe(0);
    });

    it('caps reaction rewards per window', async () => {
      await setSettings(h.t.db, { karma: { reaction: { maxGivenPerWindow: 2 } } });
      await h.run(snapshot([memberOf(ALICE), memberOf(BOB)]));
      const messages = [message(), message(), message()];
      await h.run(...messages.map((m) => reaction(m.messageId, { userId: BOB, authorId: ALICE })));
      expect(await totalOf(h.t.db, BOB)).toBe(2);
    });

    it('levels up several levels at once in the same transaction and records the change', async () => {
      await setSettings(h.t.db, {
        karma: { message: { min: 25, max: 25 } },
        levels: { curve: { kind: 'linear', step: 10 }, roleRewards: [{ level: 2, roleId: '950' }] },
      });
      await h.run(message({ userId: ALICE }));
      const { rows } = await h.t.db.query<{ total: string; current_level: number }>(
        'SELECT total, current_level FROM user_karma WHERE user_id = $1',
        [ALICE],
      );
      // 25 for the message, 10 for first_message, 10 for quests_1 = 45: level 4 at 10 per level.
      expect(rows[0]).toEqual({ total: '45', current_level: 4 });
      const changes = await h.t.db.query(
        'SELECT user_id, from_level, to_level, channel_id FROM level_changes',
      );
      expect(changes.rows).toEqual([{ user_id: ALICE, from_level: 0, to_level: 4, channel_id: CH }]);
    });

    it('assigns the period quests on first activity and moves them', async () => {
      await h.run(
        message({ userId: ALICE, at: at(0) }),
        message({ userId: ALICE, at: at(120), channelId: CH2 }),
      );
      const { rows } = await h.t.db.query<{ quest_key: string; status: string; progress: number }>(
        'SELECT quest_key, status, progress FROM user_quest_progress WHERE user_id = $1 ORDER BY quest_key',
        [ALICE],
      );
      expect(rows).toHaveLength(17);
      const byKey = Object.fromEntries(rows.map((r) => [r.quest_key, [r.status, r.progress]]));
      expect(byKey.daily_check_in).toEqual(['COMPLETED', 1]);
      expect(byKey.daily_chatter).toEqual(['IN_PROGRESS', 2]);
      expect(byKey.daily_explorer).toEqual(['IN_PROGRESS', 2]);
      expect(byKey.weekly_regular).toEqual(['IN_PROGRESS', 1]);
      expect(byKey.weekly_streak).toEqual(['IN_PROGRESS', 1]);
      expect(byKey.daily_voice_hangout).toEqual(['AVAILABLE', 0]);
      const member = await h.t.db.query<{ quests_completed: number }>(
        'SELECT quests_completed FROM user_karma WHERE user_id = $1',
        [ALICE],
      );
      expect(member.rows[0]?.quests_completed).toBe(1);
    });

    it('does not move quests for history older than the current week', async () => {
      await h.run(message({ userId: ALICE, at: new Date('2026-11-01T10:00:00Z') }));
      const { rows } = await h.t.db.query('SELECT * FROM user_quest_progress');
      expect(rows).toHaveLength(0);
      expect(await totalOf(h.t.db, ALICE)).toBeGreaterThan(0);
    });

    it('counts quest karma_earned from what the ledger accepted only', async () => {
      await setSettings(h.t.db, { karma: { message: { min: 20, max: 20 } } });
      await h.run(message({ at: at(0) }), message({ at: at(10) }), message({ at: at(70) }));
      const { rows } = await h.t.db.query<{ progress: number }>(
        "SELECT progress FROM user_quest_progress WHERE quest_key = 'daily_karma_collector'",
      );
      expect(rows[0]?.progress).toBe(40);
    });

    it('unlocks an achievement once and pays its reward once', async () => {
      await h.run(message({ at: at(0) }));
      await h.run(message({ at: at(100) }));
      const { rows } = await h.t.db.query<{ achievement_key: string }>(
        'SELECT achievement_key FROM user_achievements WHERE user_id = $1',
        [ALICE],
      );
      expect(rows.map((r) => r.achievement_key).sort()).toEqual(['first_message', 'quests_1']);
      const ledger = await h.t.db.query<{ source_id: string; delta: number }>(
        "SELECT source_id, delta FROM karma_ledger WHERE source = 'achievement' ORDER BY source_id",
      );
      expect(ledger.rows).toEqual([
        { source_id: `${ALICE}:first_message`, delta: 10 },
        { source_id: `${ALICE}:quests_1`, delta: 10 },
      ]);
    });

    it('keeps daily streaks in UTC days', async () => {
      const day = 86_400;
      await h.run(message({ at: at(-2 * day) }));
      await h.run(message({ at: at(-day) }));
      await h.run(message({ at: at(0) }));
      const { rows } = await h.t.db.query<{
        current_streak: number;
        longest_streak: number;
        last_active_day: string;
      }>('SELECT current_streak, longest_streak, last_active_day FROM user_karma WHERE user_id = $1', [
        ALICE,
      ]);
      expect(rows[0]).toEqual({ current_streak: 3, longest_streak: 3, last_active_day: '2026-11-25' });
    });

    it('keeps the hot leaderboard in step once it is built', async () => {
      await h.run(message({ userId: ALICE }));
      const first = await h.context.leaderboard.page(G, 1, 10);
      expect(first.source).toBe('hot');
      await h.run(message({ userId: BOB }), message({ userId: BOB, at: at(120) }));
      const page = await h.context.leaderboard.page(G, 1, 10);
      expect(page.entries.map((e) => e.userId)).toEqual([BOB, ALICE]);
      expect(page.entries[0]?.karma).toBe(await totalOf(h.t.db, BOB));
    });
  });
}
