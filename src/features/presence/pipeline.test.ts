import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PresenceWorld, presenceBackends } from '../../../test/support/presence-worlds.ts';
import type { DomainEvent } from '../../pipeline/events.ts';
import { writeBatch } from '../../pipeline/writer.ts';
import { eligibleVoiceSeconds } from './domain/index.ts';
import { stageKey } from './hot.ts';
import { presencePipelineFeature, resyncVoiceGuild } from './pipeline.ts';
import { createPresenceService, type PresenceService } from './service.ts';
import { fakeDirectory, freshGuild, T0, voice } from './test-kit.ts';
import { createPresenceUpkeep } from './upkeep.ts';
import { voiceTimelinesOfStage } from './voice-session-repository.ts';

let channelSeq = 0;
const freshChannel = () =>
  String(400_000_000_000_000_000n + BigInt(++channelSeq) * 7919n + BigInt(Date.now() % 100_000));

interface SessionRow {
  id: string;
  stage_id: string;
  user_id: string;
  joined_at: Date;
  left_at: Date | null;
  watch_duration_seconds: number | null;
  end_reason: string | null;
  voice_states: { at: string; selfMute: boolean; selfDeaf: boolean; mute: boolean; deaf: boolean }[];
  external_id: string;
  kind: string;
}

for (const backend of presenceBackends) {
  describe.skipIf(!backend.available)(`presence pipeline feature on ${backend.name}`, () => {
    let w: PresenceWorld;
    let service: PresenceService;
    const changed: string[] = [];
    const known = fakeDirectory();

    beforeAll(async () => {
      w = await backend.create();
      service = createPresenceService({ db: w.db, hot: w.hot, now: w.clock.now });
    });
    afterAll(async () => {
      await w?.dispose();
    });

    async function apply(...events: DomainEvent[]) {
      const feature = presencePipelineFeature({
        hot: w.hot,
        now: w.clock.now,
        directory: known.directory,
        onChange: (id) => changed.push(id),
      });
      const result = await writeBatch(w.db, events, [feature]);
      for (const after of result.afterCommit) await after();
    }

    async function sessions(guildId: string, userId?: string): Promise<SessionRow[]> {
      const { rows } = await w.db.query<SessionRow & Record<string, unknown>>(
        `SELECT s.*, st.external_id, st.kind FROM viewer_sessions s JOIN stages st ON st.id = s.stage_id
         WHERE s.guild_id = $1 AND ($2::bigint IS NULL OR s.user_id = $2) ORDER BY s.joined_at, s.left_at NULLS LAST`,
        [guildId, userId ?? null],
      );
      return rows;
    }

    it('opens a session on a stage created for the channel when a member joins voice', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, '1', c, 0));
      const [s] = await sessions(g);
      expect(s).toMatchObject({ user_id: '1', external_id: c, kind: 'discord_voice', left_at: null });
      expect(s?.joined_at).toEqual(new Date(T0));
      expect(await w.hot.zscore(stageKey(s?.stage_id ?? ''), s?.id ?? '')).toBe(Infinity);
      expect(changed).toContain(s?.stage_id);
    });

    it('makes a stage channel the guild directory knows a discord_stage named after it', async () => {
      const g = freshGuild();
      const c = freshChannel();
      known.channels.set(c, { name: 'Town hall', type: 13 });
      await apply(voice(g, '1', c, 0));
      const stage = (await w.db.query('SELECT kind, name FROM stages WHERE external_id = $1', [c])).rows[0];
      expect(stage).toEqual({ kind: 'discord_stage', name: 'Town hall' });
    });

    it('opens one session when the same state is applied twice (redelivery)', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, '1', c, 0));
      await apply(voice(g, '1', c, 5));
      await apply(voice(g, '1', c, 5), voice(g, '1', c, 6));
      expect(await sessions(g)).toHaveLength(1);
    });

    it('closes one session and opens another when a member moves', async () => {
      const g = freshGuild();
      const [c1, c2] = [freshChannel(), freshChannel()];
      await apply(voice(g, '1', c1, 0));
      await apply(voice(g, '1', c2, 90));
      const [first, second] = await sessions(g);
      expect(first).toMatchObject({ external_id: c1, end_reason: 'moved', watch_duration_seconds: 90 });
      expect(second).toMatchObject({ external_id: c2, left_at: null });
      expect(await w.hot.zcard(stageKey(first?.stage_id ?? ''))).toBe(0);
      expect(await w.hot.zscore(stageKey(second?.stage_id ?? ''), second?.id ?? '')).toBe(Infinity);
    });

    it('closes the session when the member leaves voice, and takes them out of the count', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, '1', c, 0));
      await apply(voice(g, '1', null, 600));
      const [s] = await sessions(g);
      expect(s).toMatchObject({ end_reason: 'left', watch_duration_seconds: 600 });
      expect(await w.hot.zcard(stageKey(s?.stage_id ?? ''))).toBe(0);
      await apply(voice(g, '1', null, 601));
      expect(await sessions(g)).toHaveLength(1);
    });

    it('counts voice members as present until they leave, however long without events', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, '1', c, 0), voice(g, '2', c, 0));
      const stageId = (await sessions(g))[0]?.stage_id ?? '';
      w.clock.advance(6 * 3600_000);
      const stage = await service.getStage(stageId);
      expect(await service.count(stage)).toBe(2);
      await createPresenceUpkeep({ db: w.db, hot: w.hot, now: w.clock.now }).sweep();
      expect(await service.count(stage)).toBe(2);
      expect((await sessions(g)).every((s) => s.left_at === null)).toBe(true);
    });

    it('ignores bots', async () => {
      const g = freshGuild();
      await apply(voice(g, '99', freshChannel(), 0, { isBot: true }));
      expect(await sessions(g)).toEqual([]);
    });

    it('keeps mute and deafen changes on the session, enough to compute eligible minutes', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, '1', c, 0), voice(g, '2', c, 0));
      await apply(voice(g, '1', c, 600, { selfMute: true }));
      await apply(voice(g, '1', c, 600, { selfMute: true }));
      await apply(voice(g, '1', c, 900), voice(g, '1', null, 1800), voice(g, '2', null, 1800));
      const rows = await sessions(g);
      const me = rows.find((r) => r.user_id === '1');
      expect(me?.voice_states.map((s) => [s.at, s.selfMute])).toEqual([
        [new Date(T0).toISOString(), false],
        [new Date(T0 + 600_000).toISOString(), true],
        [new Date(T0 + 900_000).toISOString(), false],
      ]);
      const timelines = await voiceTimelinesOfStage(
        w.db,
        me?.stage_id ?? '',
        new Date(T0),
        new Date(T0 + 3600_000),
      );
      const mine = timelines.find((tl) => tl.userId === '1');
      const others = timelines.filter((tl) => tl !== mine);
      expect(others).toHaveLength(1);
      expect(mine && eligibleVoiceSeconds(mine, others, T0 + 3600_000)).toBe(1500);
    });

    it('handles many members joining in one batch with one stage per channel', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(...Array.from({ length: 50 }, (_, i) => voice(g, String(i + 1), c, i)));
      const rows = await sessions(g);
      expect(rows).toHaveLength(50);
      expect(new Set(rows.map((r) => r.stage_id)).size).toBe(1);
    });

    it('ends the sessions of members a full voice resync no longer lists', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, '1', c, 0), voice(g, '2', c, 0));
      const closed = await resyncVoiceGuild(
        w.db,
        w.hot,
        g,
        [{ userId: '1', channelId: c }],
        new Date(T0 + 60_000),
      );
      expect(closed).toBe(1);
      const rows = await sessions(g);
      expect(rows.find((r) => r.user_id === '2')).toMatchObject({
        end_reason: 'resync',
        watch_duration_seconds: 60,
      });
      expect(rows.find((r) => r.user_id === '1')).toMatchObject({ left_at: null });
      expect(await w.hot.zcard(stageKey(rows[0]?.stage_id ?? ''))).toBe(1);
    });

    it('ends the sessions of members a complete GUILD_CREATE no longer shows in voice', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, '1', c, 0), voice(g, '2', c, 0));
      await apply({
        kind: 'guild.snapshot',
        id: null,
        guildId: g,
        at: new Date(T0 + 120_000),
        source: 'live',
        guild: null,
        channels: null,
        roles: null,
        members: [],
        voiceStates: [{ userId: '2', channelId: c }],
      });
      const rows = await sessions(g);
      expect(rows.find((r) => r.user_id === '1')).toMatchObject({
        end_reason: 'resync',
        watch_duration_seconds: 120,
      });
      expect(rows.find((r) => r.user_id === '2')).toMatchObject({ left_at: null });
    });

    it('puts voice members back after the hot store was wiped', async () => {
      const g = freshGuild();
      const c = freshChannel();
      await apply(voice(g, '1', c, 0));
      const stageId = (await sessions(g))[0]?.stage_id ?? '';
      await w.wipeHot();
      await createPresenceUpkeep({ db: w.db, hot: w.hot, now: w.clock.now }).sweep();
      expect(await service.count(await service.getStage(stageId))).toBe(1);
    });
  });
}
