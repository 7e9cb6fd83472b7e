import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PresenceWorld, presenceBackends } from '../../../test/support/presence-worlds.ts';
import type { Stage } from './domain/index.ts';
import { PresenceRateLimited } from './errors.ts';
import { createPresenceService, type PresenceService } from './service.ts';
import { fakeDirectory, freshGuild } from './test-kit.ts';
import { createPresenceUpkeep } from './upkeep.ts';

const client = { userAgent: 'Mozilla/5.0 (test)', ip: '203.0.113.77', country: 'TW' };

for (const backend of presenceBackends) {
  describe.skipIf(!backend.available)(`presence service on ${backend.name}`, () => {
    let w: PresenceWorld;
    let service: PresenceService;

    beforeAll(async () => {
      w = await backend.create();
      service = createPresenceService({
        db: w.db,
        hot: w.hot,
        now: w.clock.now,
        settings: {
          heartbeatsPerTtl: 3,
          joinLimit: { limit: 1000, windowMs: 60_000 },
        },
      });
    });
    afterAll(async () => {
      await w?.dispose();
    });

    const stage = (overrides: Partial<Parameters<PresenceService['createStage']>[0]> = {}) =>
      service.createStage({
        guildId: freshGuild(),
        name: 'Live',
        externalId: `arn:aws:ivs:stage/${Math.random()}`,
        ...overrides,
      });

    const sessionRow = async (id: string) =>
      (await w.db.query('SELECT * FROM viewer_sessions WHERE id = $1', [id])).rows[0];

    it('creates an external stage with the defaults of seed 003', async () => {
      const s = await stage();
      expect(s).toMatchObject({
        kind: 'external',
        maxViewers: 50,
        ttlSeconds: 120,
        isMaster: false,
        allowAnonymous: false,
      });
      expect(await service.getStage(s.id)).toEqual(s);
    });

    it('refuses a second stage for the same external id in a guild', async () => {
      const s = await stage();
      await expect(
        service.createStage({ guildId: s.guildId, name: 'Again', externalId: s.externalId }),
      ).rejects.toMatchObject({ kind: 'conflict', field: 'external_id' });
    });

    it('refuses an unknown stage as not found', async () => {
      await expect(service.getStage('999999999')).rejects.toMatchObject({ kind: 'not_found' });
    });

    it('opens a session on join and records the network, country and user agent', async () => {
      const s = await stage();
      const joined = await service.join(s, { userId: '11' }, client);
      expect(joined).toMatchObject({
        resumed: false,
        viewerCount: 1,
        ttlSeconds: 120,
        heartbeatIntervalSeconds: 30,
      });
      expect(await sessionRow(joined.sessionId)).toMatchObject({
        source: 'web',
        user_id: '11',
        participant_id: null,
        viewer_key: 'u:11',
        ip_prefix: '203.0.113.0/24',
        country: 'TW',
        user_agent: 'Mozilla/5.0 (test)',
        left_at: null,
      });
    });

    it('gives a viewer who joins again their open session back, counted once', async () => {
      const s = await stage();
      const first = await service.join(s, { participantId: 'p-1' }, client);
      const second = await service.join(s, { participantId: 'p-1' }, client);
      expect(second).toMatchObject({ sessionId: first.sessionId, resumed: true, viewerCount: 1 });
    });

    it('refuses a viewer beyond max_viewers with a conflict that says the stage is full', async () => {
      const s = await stage({ maxViewers: 2 });
      await service.join(s, { userId: '1' }, client);
      await service.join(s, { userId: '2' }, client);
      await expect(service.join(s, { userId: '3' }, client)).rejects.toMatchObject({
        kind: 'conflict',
        message: expect.stringContaining('is full'),
      });
      expect(await service.count(s)).toBe(2);
    });

    it('lets a viewer who is already in rejoin a full stage', async () => {
      const s = await stage({ maxViewers: 1 });
      const first = await service.join(s, { userId: '1' }, client);
      await expect(service.join(s, { userId: '1' }, client)).resolves.toMatchObject({
        sessionId: first.sessionId,
      });
    });

    it('admits everyone on a master stage', async () => {
      const s = await stage({ maxViewers: 1, isMaster: true });
      for (const id of ['1', '2', '3']) await service.join(s, { userId: id }, client);
      expect(await service.count(s)).toBe(3);
    });

    it('frees the seat of a viewer who vanished once the TTL passes', async () => {
      const s = await stage({ maxViewers: 1 });
      await service.join(s, { userId: '1' }, client);
      w.clock.advance(120_001);
      await expect(service.join(s, { userId: '2' }, client)).resolves.toMatchObject({ viewerCount: 1 });
    });

    it('stops counting a viewer who vanished once the TTL passes, exactly', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      await service.join(s, { userId: '2' }, client);
      w.clock.advance(60_000);
      await service.heartbeat(s.id, a.sessionId);
      w.clock.advance(60_000);
      expect(await service.count(s)).toBe(2);
      w.clock.advance(1);
      expect(await service.count(s)).toBe(1);
      w.clock.advance(60_000);
      expect(await service.count(s)).toBe(0);
    });

    it('answers a heartbeat with the live count', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      await service.join(s, { userId: '2' }, client);
      await expect(service.heartbeat(s.id, a.sessionId)).resolves.toEqual({ viewerCount: 2 });
    });

    it('refuses the heartbeat of an ended session, so the player joins again', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      await service.leave(s.id, a.sessionId);
      await expect(service.heartbeat(s.id, a.sessionId)).rejects.toMatchObject({
        kind: 'conflict',
        field: 'session_id',
      });
      expect(await service.count(s)).toBe(0);
    });

    it('refuses a heartbeat for an unknown stage as not found', async () => {
      await expect(
        service.heartbeat('888888888', '00000000-0000-4000-8000-000000000000'),
      ).rejects.toMatchObject({
        kind: 'not_found',
      });
    });

    it('rate-limits the heartbeats of one viewer', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      for (let i = 0; i < 3; i++) await service.heartbeat(s.id, a.sessionId);
      const refused = await service.heartbeat(s.id, a.sessionId).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PresenceRateLimited);
      expect((refused as PresenceRateLimited).retryAfterSeconds).toBeGreaterThan(0);
    });

    it('closes a session on leave with its watch time, and takes the viewer out of the count', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      w.clock.advance(95_000);
      await expect(service.leave(s.id, a.sessionId)).resolves.toEqual({
        closed: true,
        watchDurationSeconds: 95,
      });
      expect(await service.count(s)).toBe(0);
      expect(await sessionRow(a.sessionId)).toMatchObject({ end_reason: 'left', watch_duration_seconds: 95 });
    });

    it('accepts a second leave of the same session without changing it', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      await service.leave(s.id, a.sessionId);
      await expect(service.leave(s.id, a.sessionId)).resolves.toEqual({
        closed: false,
        watchDurationSeconds: null,
      });
    });

    it('refuses the leave of a session the stage never had as not found', async () => {
      const s = await stage();
      await expect(service.leave(s.id, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
        kind: 'not_found',
        field: 'session_id',
      });
    });

    it('ends the old session at its last heartbeat when a vanished viewer comes back before the sweep', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      w.clock.advance(30_000);
      await service.heartbeat(s.id, a.sessionId);
      w.clock.advance(300_000);
      const b = await service.join(s, { userId: '1' }, client);
      expect(b.sessionId).not.toBe(a.sessionId);
      expect(b.resumed).toBe(false);
      expect(await sessionRow(a.sessionId)).toMatchObject({
        end_reason: 'timeout',
        watch_duration_seconds: 30,
      });
    });

    it('gives a viewer their session back after the hot store was wiped', async () => {
      const s = await stage();
      const a = await service.join(s, { participantId: 'p-wipe' }, client);
      await w.wipeHot();
      await expect(service.heartbeat(s.id, a.sessionId)).rejects.toMatchObject({ kind: 'conflict' });
      await expect(service.join(s, { participantId: 'p-wipe' }, client)).resolves.toMatchObject({
        sessionId: a.sessionId,
        resumed: true,
        viewerCount: 1,
      });
      await expect(service.heartbeat(s.id, a.sessionId)).resolves.toEqual({ viewerCount: 1 });
    });

    it('counts again with a new TTL once it is changed', async () => {
      const s = await stage();
      await service.join(s, { userId: '1' }, client);
      w.clock.advance(60_000);
      const shorter = await service.updateStage(s.id, { ttlSeconds: 30, name: 'Renamed' });
      expect(shorter).toMatchObject({ ttlSeconds: 30, name: 'Renamed', maxViewers: 50 });
      expect(await service.count(shorter)).toBe(0);
    });

    it('deletes a stage, ending its sessions at their last heartbeat', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      w.clock.advance(10_000);
      await service.heartbeat(s.id, a.sessionId);
      w.clock.advance(20_000);
      await expect(service.deleteStage(s.id)).resolves.toEqual({ closedSessions: 1 });
      expect(await sessionRow(a.sessionId)).toMatchObject({
        end_reason: 'stage_deleted',
        watch_duration_seconds: 10,
      });
      await expect(service.getStage(s.id)).rejects.toMatchObject({ kind: 'not_found' });
      expect(await service.count(s)).toBe(0);
      await expect(service.deleteStage(s.id)).rejects.toMatchObject({ kind: 'not_found' });
    });

    it('refuses web joins on Discord voice stages', async () => {
      const s: Stage = { ...(await stage()), kind: 'discord_voice' };
      await expect(service.join(s, { userId: '1' }, client)).rejects.toMatchObject({ kind: 'conflict' });
    });

    it('lists the stages of a guild', async () => {
      const guildId = freshGuild();
      const a = await service.createStage({ guildId, name: 'A', externalId: 'a' });
      const b = await service.createStage({ guildId, name: 'B', externalId: 'b' });
      expect((await service.listStages(guildId)).map((s) => s.id)).toEqual([a.id, b.id]);
    });

    it('summarizes sessions, unique viewers, watch time and countries, with the live peak', async () => {
      const s = await stage();
      const from = new Date(w.clock.now() - 1000);
      const a = await service.join(s, { userId: '1' }, { ...client, country: 'TW' });
      const b = await service.join(s, { userId: '2' }, { ...client, country: 'DE' });
      w.clock.advance(60_000);
      await service.leave(s.id, a.sessionId);
      await service.leave(s.id, b.sessionId);
      await service.join(s, { userId: '1' }, { ...client, country: 'TW' });
      w.clock.advance(30_000);
      const upkeep = createPresenceUpkeep({ db: w.db, hot: w.hot, now: w.clock.now });
      await upkeep.snapshot();
      const stats = await service.stats(s, from, undefined);
      expect(stats).toMatchObject({
        totalSessions: 3,
        uniqueViewers: 2,
        totalWatchSeconds: 150,
        averageWatchSeconds: 50,
        maxWatchSeconds: 60,
        snapshots: 1,
        peakViewers: 1,
        averageViewers: 1,
        byCountry: [
          { country: 'TW', sessions: 2, uniqueViewers: 1, watchSeconds: 90 },
          { country: 'DE', sessions: 1, uniqueViewers: 1, watchSeconds: 60 },
        ],
      });
    });

    it('refuses a backwards range naming the field', async () => {
      const s = await stage();
      const now = w.clock.now();
      await expect(service.stats(s, new Date(now), new Date(now - 1000))).rejects.toMatchObject({
        kind: 'invalid',
        field: 'from',
      });
    });

    it('pages sessions newest first', async () => {
      const s = await stage();
      for (const id of ['1', '2', '3']) {
        await service.join(s, { userId: id }, client);
        w.clock.advance(1000);
      }
      const page1 = await service.sessions(s, 1, 2);
      const page2 = await service.sessions(s, 2, 2);
      expect(page1.total).toBe(3);
      expect(page1.items.map((i) => i.userId)).toEqual(['3', '2']);
      expect(page2.items.map((i) => i.userId)).toEqual(['1']);
    });

    it('lists the busy stages of a guild for /live, busiest first, naming the members Hearth knows', async () => {
      const known = fakeDirectory();
      const named = createPresenceService({
        db: w.db,
        hot: w.hot,
        now: w.clock.now,
        directory: known.directory,
      });
      const guildId = freshGuild();
      const quiet = await stage({ guildId, name: 'Quiet', allowAnonymous: true });
      const busy = await stage({ guildId, name: 'Busy' });
      await stage({ guildId, name: 'Empty' });
      known.names.set(`${guildId}:1`, 'Ada');
      known.names.set(`${guildId}:2`, 'bob');
      await named.join(busy, { userId: '1' }, client);
      w.clock.advance(1000);
      await named.join(busy, { userId: '2' }, client);
      await named.join(busy, { userId: '3' }, client);
      await named.join(quiet, { participantId: 'anon-1' }, client);
      const live = await named.liveStages(guildId);
      expect(live.map((l) => [l.stage.name, l.count, l.names])).toEqual([
        ['Busy', 3, ['Ada', 'bob']],
        ['Quiet', 1, []],
      ]);
    });

    it('tells listeners about joins and leaves', async () => {
      const s = await stage();
      const seen: string[] = [];
      const stop = service.onChange((id) => seen.push(id));
      const a = await service.join(s, { userId: '1' }, client);
      await service.leave(s.id, a.sessionId);
      stop();
      expect(seen).toEqual([s.id, s.id]);
    });
  });
}
