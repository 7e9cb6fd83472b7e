import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PresenceWorld, presenceBackends } from '../../../test/support/presence-worlds.ts';
import { stageKey } from './hot.ts';
import { createPresenceService, type PresenceService } from './service.ts';
import { freshGuild } from './test-kit.ts';
import { createPresenceUpkeep, type PresenceUpkeep } from './upkeep.ts';

const client = { ip: '198.51.100.4' };
const DAY = 86_400_000;

for (const backend of presenceBackends) {
  describe.skipIf(!backend.available)(`presence upkeep on ${backend.name}`, () => {
    let w: PresenceWorld;
    let service: PresenceService;
    let upkeep: PresenceUpkeep;

    beforeAll(async () => {
      w = await backend.create();
      const deps = { db: w.db, hot: w.hot, now: w.clock.now };
      service = createPresenceService({
        ...deps,
        settings: { joinLimit: { limit: 10_000, windowMs: 60_000 } },
      });
      upkeep = createPresenceUpkeep(deps);
    });
    afterAll(async () => {
      await w?.dispose();
    });

    const stage = (ttlSeconds = 120) =>
      service.createStage({
        guildId: freshGuild(),
        name: 'Live',
        externalId: `ext-${Math.random()}`,
        ttlSeconds,
      });
    const row = async (id: string) =>
      (await w.db.query('SELECT * FROM viewer_sessions WHERE id = $1', [id])).rows[0];

    it('closes the session of a viewer who vanished, at their last heartbeat', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      w.clock.advance(40_000);
      await service.heartbeat(s.id, a.sessionId);
      w.clock.advance(120_001);
      const report = await upkeep.sweep();
      expect(report.timedOut).toBeGreaterThanOrEqual(1);
      const closed = await row(a.sessionId);
      expect(closed).toMatchObject({ end_reason: 'timeout', watch_duration_seconds: 40 });
      expect(closed?.left_at).toEqual(new Date(w.clock.now() - 120_001));
      expect(await w.hot.zscore(stageKey(s.id), a.sessionId)).toBeNull();
    });

    it('leaves viewers who heartbeat within the TTL alone', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      w.clock.advance(119_000);
      await upkeep.sweep();
      expect(await row(a.sessionId)).toMatchObject({ left_at: null });
      expect(await service.count(s)).toBe(1);
    });

    it('keeps counts and sessions in step: after a sweep, open sessions are exactly the viewers counted', async () => {
      const s = await stage(30);
      const sessions = [];
      for (const id of ['1', '2', '3', '4']) sessions.push(await service.join(s, { userId: id }, client));
      w.clock.advance(20_000);
      await service.heartbeat(s.id, sessions[0]?.sessionId ?? '');
      await service.heartbeat(s.id, sessions[1]?.sessionId ?? '');
      w.clock.advance(20_000);
      await upkeep.sweep();
      const open = await w.db.query(
        'SELECT count(*)::int AS n FROM viewer_sessions WHERE stage_id = $1 AND left_at IS NULL',
        [s.id],
      );
      expect(open.rows[0]?.n).toBe(2);
      expect(await service.count(s)).toBe(2);
    });

    it('after the hot store was wiped, puts open sessions back and lets their viewers carry on', async () => {
      const s = await stage();
      const stays = await service.join(s, { userId: '1' }, client);
      const goes = await service.join(s, { userId: '2' }, client);
      await w.wipeHot();
      expect(await service.count(s)).toBe(0);
      const report = await upkeep.sweep();
      expect(report.reinstated).toBeGreaterThanOrEqual(2);
      expect(await service.count(s)).toBe(2);
      // The viewer still watching keeps the same session; the other is swept one TTL later.
      await expect(service.heartbeat(s.id, stays.sessionId)).resolves.toEqual({ viewerCount: 2 });
      w.clock.advance(100_000);
      await service.heartbeat(s.id, stays.sessionId);
      w.clock.advance(21_000);
      await upkeep.sweep();
      expect(await row(goes.sessionId)).toMatchObject({ end_reason: 'timeout' });
      expect(await row(stays.sessionId)).toMatchObject({ left_at: null });
      expect(await service.count(s)).toBe(1);
    });

    it('removes a counted viewer whose session is no longer open (a ghost)', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      await w.db.query(
        "UPDATE viewer_sessions SET left_at = joined_at, watch_duration_seconds = 0, end_reason = 'left' WHERE id = $1",
        [a.sessionId],
      );
      await upkeep.sweep();
      expect(await service.count(s)).toBe(1);
      w.clock.advance(31_000);
      const report = await upkeep.sweep();
      expect(report.ghostsRemoved).toBeGreaterThanOrEqual(1);
      expect(await w.hot.zscore(stageKey(s.id), a.sessionId)).toBeNull();
    });

    it('ends open sessions of a stage deleted behind its back', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      await w.db.query('UPDATE stages SET deleted_at = now() WHERE id = $1', [s.id]);
      const report = await upkeep.sweep();
      expect(report.orphansClosed).toBeGreaterThanOrEqual(1);
      expect(await row(a.sessionId)).toMatchObject({ end_reason: 'stage_deleted' });
      expect(await w.hot.zcard(stageKey(s.id))).toBe(0);
    });

    it('forgets stages nobody watches any more', async () => {
      const s = await stage();
      const a = await service.join(s, { userId: '1' }, client);
      await service.leave(s.id, a.sessionId);
      await upkeep.sweep();
      expect(await service.hot.activeStages()).not.toContain(s.id);
    });

    it('snapshots the exact count of each active stage once per 5-minute slot', async () => {
      const s = await stage();
      await service.join(s, { userId: '1' }, client);
      await service.join(s, { userId: '2' }, client);
      await upkeep.snapshot();
      await upkeep.snapshot();
      const { rows } = await w.db.query(
        'SELECT taken_at, viewer_count FROM viewer_stats_snapshots WHERE stage_id = $1',
        [s.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.viewer_count).toBe(2);
      expect(Number((rows[0]?.taken_at as Date | undefined)?.getTime()) % 300_000).toBe(0);
      w.clock.advance(300_000);
      await upkeep.snapshot();
      expect((await service.snapshots(s, undefined, undefined, 100)).rows.map((r) => r.viewerCount)).toEqual([
        2, 0,
      ]);
    });

    it('deletes sessions and snapshots older than 90 days and keeps the rest', async () => {
      const s = await stage();
      const old = await service.join(s, { userId: '7' }, client);
      await service.leave(s.id, old.sessionId);
      await upkeep.snapshot();
      const deletedStage = await stage();
      await service.deleteStage(deletedStage.id);
      w.clock.advance(91 * DAY);
      const recent = await service.join(s, { userId: '8' }, client);
      await service.leave(s.id, recent.sessionId);
      const stillOpen = await w.db.query(
        `INSERT INTO viewer_sessions (id, stage_id, guild_id, source, user_id, viewer_key, joined_at)
         VALUES (gen_random_uuid(), $1, $2, 'web', 9, 'u:9', $3) RETURNING id`,
        [s.id, s.guildId, new Date(w.clock.now() - 100 * DAY)],
      );
      const report = await upkeep.retention();
      expect(report.sessions).toBeGreaterThanOrEqual(1);
      expect(report.snapshots).toBeGreaterThanOrEqual(1);
      expect(report.stages).toBeGreaterThanOrEqual(1);
      expect(await row(old.sessionId)).toBeUndefined();
      expect(await row(recent.sessionId)).toBeDefined();
      expect(await row(String(stillOpen.rows[0]?.id))).toBeDefined();
      const gone = await w.db.query('SELECT 1 FROM stages WHERE id = $1', [deletedStage.id]);
      expect(gone.rows).toEqual([]);
      const snapshots = await w.db.query('SELECT 1 FROM viewer_stats_snapshots WHERE stage_id = $1', [s.id]);
      expect(snapshots.rows).toEqual([]);
    });
  });
}
