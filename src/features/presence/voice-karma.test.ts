import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PresenceWorld, presenceBackends } from '../../../test/support/presence-worlds.ts';
import { setSettings, totalOf } from '../../../test/support/rewards-fixtures.ts';
import type { DomainEvent } from '../../pipeline/events.ts';
import { writeBatch } from '../../pipeline/writer.ts';
import { presenceKarma } from '../../roles/feature-services.ts';
import { createRewards } from '../../roles/rewards.ts';
import type { PresenceKarma } from './karma.ts';
import { presencePipelineFeature } from './pipeline.ts';
import { freshGuild, T0, voice } from './test-kit.ts';
import { createPresenceUpkeep } from './upkeep.ts';

const MIN = 60;
const A = '610000000000000001';
const B = '610000000000000002';
const C = '610000000000000003';
let channelSeq = 0;
const freshChannel = () => String(410_000_000_000_000_000n + BigInt(++channelSeq) * 7919n);

for (const backend of presenceBackends) {
  describe.skipIf(!backend.available)(`voice minutes into karma on ${backend.name}`, () => {
    let w: PresenceWorld;
    let karma: PresenceKarma;

    beforeAll(async () => {
      w = await backend.create();
      karma = presenceKarma(
        createRewards({ db: w.db, hot: w.hot, now: () => new Date(w.clock.now()) }).voice,
      );
    });
    afterAll(async () => {
      await w?.dispose();
    });

    async function apply(...events: DomainEvent[]) {
      const feature = presencePipelineFeature({ hot: w.hot, now: w.clock.now, karma });
      const result = await writeBatch(w.db, events, [feature]);
      for (const after of result.afterCommit) await after();
    }
    const sweepAt = async (seconds: number) => {
      w.clock.set(T0 + seconds * 1000);
      return createPresenceUpkeep({ db: w.db, hot: w.hot, now: w.clock.now, karma }).sweep();
    };
    const minutes = async (guildId: string, userId: string) => {
      const { rows } = await w.db.query<{ voice_minutes: number }>(
        'SELECT voice_minutes FROM user_karma WHERE guild_id = $1 AND user_id = $2',
        [guildId, userId],
      );
      return rows[0]?.voice_minutes ?? 0;
    };
    const ledger = async (guildId: string, userId: string) => {
      const { rows } = await w.db.query<{ source: string; source_id: string; delta: number }>(
        `SELECT source, source_id, delta FROM karma_ledger WHERE guild_id = $1 AND user_id = $2
         ORDER BY created_at, source_id`,
        [guildId, userId],
      );
      return rows;
    };
    const sessionIds = async (guildId: string, userId: string) => {
      const { rows } = await w.db.query<{ id: string }>(
        'SELECT id FROM viewer_sessions WHERE guild_id = $1 AND user_id = $2 ORDER BY joined_at',
        [guildId, userId],
      );
      return rows.map((r) => r.id);
    };

    it('pays the eligible minutes of a leave in its batch, keyed by session and span, once', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, A, c, 0), voice(g, B, c, 0));
      await apply(voice(g, B, null, 7 * MIN + 30));
      const [sessionB] = await sessionIds(g, B);
      expect(await ledger(g, B)).toEqual([
        { source: 'voice', source_id: `${B}:${sessionB}:${T0}`, delta: 14 },
      ]);
      expect(await minutes(g, B)).toBe(7);
      // A's span is still running: nothing yet.
      expect(await totalOf(w.db, A, g)).toBe(0);
      // The same states again (a redelivery, a replayed batch) pay nothing more.
      await apply(voice(g, B, null, 7 * MIN + 30), voice(g, A, c, 0));
      expect(await totalOf(w.db, B, g)).toBe(14);
      expect(await minutes(g, B)).toBe(7);
    });

    it('cuts spans at mute changes, pays no muted time, and counts muted company', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, A, c, 0), voice(g, B, c, 0));
      await apply(voice(g, A, c, 3 * MIN, { selfMute: true }));
      expect(await minutes(g, A)).toBe(3);
      await apply(voice(g, A, c, 6 * MIN));
      await apply(voice(g, A, null, 10 * MIN), voice(g, B, null, 10 * MIN));
      expect(await minutes(g, A)).toBe(3 + 4);
      expect(await totalOf(w.db, A, g)).toBe(14);
      // B talked to a muted A, who could still hear: 10 minutes.
      expect(await minutes(g, B)).toBe(10);
    });

    it('pays the channel a member leaves when they move, and nothing while alone', async () => {
      const g = freshGuild();
      const [c1, c2] = [freshChannel(), freshChannel()];
      await apply(voice(g, A, c1, 0), voice(g, B, c1, 0));
      await apply(voice(g, A, c2, 5 * MIN));
      expect(await minutes(g, A)).toBe(5);
      await apply(voice(g, C, c2, 8 * MIN));
      await apply(voice(g, A, null, 12 * MIN), voice(g, C, null, 12 * MIN), voice(g, B, null, 12 * MIN));
      expect(await minutes(g, A)).toBe(5 + 4);
      expect(await minutes(g, C)).toBe(4);
      // B was alone in c1 from the move on.
      expect(await minutes(g, B)).toBe(5);
    });

    it('pays long sessions every 5 minutes from the sweeper, and the leave pays the rest once', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, A, c, 0), voice(g, B, c, 0));
      // The sweeper sees every guild's sessions (the tests share a database): count this guild's.
      expect((await sweepAt(6 * MIN)).voiceSpansCut).toBeGreaterThanOrEqual(2);
      expect([await minutes(g, A), await minutes(g, B)]).toEqual([6, 6]);
      await sweepAt(8 * MIN);
      expect((await ledger(g, A)).length).toBe(1);
      await sweepAt(11 * MIN);
      expect(await minutes(g, A)).toBe(11);
      // A deafens at 11:40 and leaves at 12:30: 40 s more, not a whole minute.
      await apply(voice(g, A, c, 11 * MIN + 40, { selfDeaf: true }));
      await apply(voice(g, A, null, 12 * MIN + 30));
      expect(await minutes(g, A)).toBe(11);
      const [sessionA] = await sessionIds(g, A);
      expect((await ledger(g, A)).map((r) => r.source_id)).toEqual([
        `${A}:${sessionA}:${T0}`,
        `${A}:${sessionA}:${T0 + 6 * MIN * 1000}`,
      ]);
      // B: deafened company does not count (11:40 to 12:30), then alone.
      await apply(voice(g, B, null, 20 * MIN));
      expect(await minutes(g, B)).toBe(11);
      expect(await totalOf(w.db, B, g)).toBe(22);
    });

    it('carries part minutes across cuts so a session pays its whole minutes', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, A, c, 0), voice(g, B, c, 0));
      await sweepAt(5 * MIN + 30);
      await apply(voice(g, A, c, 5 * MIN + 45, { selfMute: true }), voice(g, A, c, 6 * MIN));
      await sweepAt(11 * MIN + 20);
      await apply(voice(g, A, null, 11 * MIN + 50));
      // Eligible: 11:50 minus the 15 s muted = 11:35 -> 11 minutes.
      expect(await minutes(g, A)).toBe(11);
    });

    it('pays no final span for sessions a resync ends, since their leave time is unknown', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, A, c, 0), voice(g, B, c, 0));
      await sweepAt(6 * MIN);
      await apply({
        kind: 'guild.snapshot',
        id: null,
        guildId: g,
        at: new Date(T0 + 60 * MIN * 1000),
        source: 'live',
        guild: null,
        channels: null,
        roles: null,
        members: [],
        voiceStates: [{ userId: B, channelId: c }],
      });
      expect(await minutes(g, A)).toBe(6);
      await sweepAt(61 * MIN);
      expect(await minutes(g, A)).toBe(6);
      // B was there all along (the snapshot lists B), with A as company until the resync.
      expect(await minutes(g, B)).toBe(60);
    });

    it('follows the guild’s voice rules', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await setSettings(w.db, { karma: { voice: { perMinute: 3, minCompanions: 2 } } }, g);
      await apply(voice(g, A, c, 0), voice(g, B, c, 0));
      await apply(voice(g, C, c, 4 * MIN));
      await apply(voice(g, A, null, 10 * MIN));
      expect(await minutes(g, A)).toBe(6);
      expect(await totalOf(w.db, A, g)).toBe(18);
      await setSettings(w.db, { karma: { enabled: false } }, g);
      await apply(voice(g, B, null, 20 * MIN));
      expect(await totalOf(w.db, B, g)).toBe(0);
    });

    it('moves the daily voice quest with the paid minutes', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, A, c, 0), voice(g, B, c, 0));
      await apply(voice(g, A, null, 12 * MIN));
      const { rows } = await w.db.query<{ progress: number }>(
        `SELECT progress FROM user_quest_progress
         WHERE guild_id = $1 AND user_id = $2 AND quest_key = 'daily_voice_hangout'`,
        [g, A],
      );
      expect(rows[0]?.progress).toBe(12);
    });
  });
}
