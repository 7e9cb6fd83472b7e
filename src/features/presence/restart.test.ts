/** Issue 6: "a server restart does not leave phantom viewers". */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PresenceWorld, presenceBackends } from '../../../test/support/presence-worlds.ts';
import type { Stage } from './domain/index.ts';
import { createPresenceService, type PresenceService } from './service.ts';
import { freshGuild } from './test-kit.ts';
import { closeOrphanedSessions, createPresenceUpkeep } from './upkeep.ts';

const client = { ip: '198.51.100.7' };

for (const backend of presenceBackends) {
  describe.skipIf(!backend.available)(`presence restart on ${backend.name}`, () => {
    let w: PresenceWorld;
    let service: PresenceService;

    beforeAll(async () => {
      w = await backend.create();
      service = createPresenceService({
        db: w.db,
        hot: w.hot,
        now: w.clock.now,
        settings: { joinLimit: { limit: 10_000, windowMs: 60_000 } },
      });
    });
    afterAll(async () => {
      await w?.dispose();
    });

    const deps = () => ({ db: w.db, hot: w.hot, now: w.clock.now });
    const row = async (id: string) =>
      (
        await w.db.query<{ left_at: Date | null; end_reason: string | null; last_seen_at: Date | null }>(
          'SELECT left_at, end_reason, last_seen_at FROM viewer_sessions WHERE id = $1',
          [id],
        )
      ).rows[0];

    /**
     * Two viewers watch; the sweeper runs every minute as in production. B stops heartbeating at
     * t0 + 60 s, A at t0 + 90 s; then the process stops. Returns their sessions and t0.
     */
    async function watchThenStop(): Promise<{ s: Stage; a: string; b: string; t0: number }> {
      const s = await service.createStage({ guildId: freshGuild(), name: 'Live', externalId: 'ivs' });
      const t0 = w.clock.now();
      const a = (await service.join(s, { userId: '1' }, client)).sessionId;
      const b = (await service.join(s, { userId: '2' }, client)).sessionId;
      const upkeep = createPresenceUpkeep(deps());
      for (const step of [30_000, 30_000]) {
        w.clock.advance(step);
        await service.heartbeat(s.id, a);
        await service.heartbeat(s.id, b);
      }
      await upkeep.sweep();
      w.clock.advance(30_000);
      await service.heartbeat(s.id, a);
      await upkeep.sweep();
      return { s, a, b, t0 };
    }

    it('copies last heartbeats to PostgreSQL as it sweeps, never per heartbeat', async () => {
      const { a, b, t0 } = await watchThenStop();
      expect((await row(a))?.last_seen_at?.getTime()).toBe(t0 + 90_000);
      expect((await row(b))?.last_seen_at?.getTime()).toBe(t0 + 60_000);
    });

    it('ends the sessions at their last heartbeat on start when the hot store was lost', async () => {
      const { s, a, b, t0 } = await watchThenStop();
      await w.wipeHot();
      w.clock.advance(10 * 60_000);
      const report = await closeOrphanedSessions(createPresenceUpkeep(deps()));
      expect(report.closedFromLastSeen).toBeGreaterThanOrEqual(2);
      expect(await row(a)).toMatchObject({ left_at: new Date(t0 + 90_000), end_reason: 'timeout' });
      expect(await row(b)).toMatchObject({ left_at: new Date(t0 + 60_000), end_reason: 'timeout' });
      expect(await service.count(s)).toBe(0);
      // The player that comes back is told to join again, and gets a new session.
      await expect(service.heartbeat(s.id, a)).rejects.toMatchObject({ kind: 'conflict' });
      expect(await service.join(s, { userId: '1' }, client)).toMatchObject({
        resumed: false,
        viewerCount: 1,
      });
    });

    it('ends them at their exact last heartbeat when the hot store was kept (Redis)', async () => {
      const { s, a, b, t0 } = await watchThenStop();
      w.clock.advance(10 * 60_000);
      const report = await closeOrphanedSessions(createPresenceUpkeep(deps()));
      expect(report.timedOut).toBeGreaterThanOrEqual(2);
      expect(await row(a)).toMatchObject({ left_at: new Date(t0 + 90_000), end_reason: 'timeout' });
      expect(await row(b)).toMatchObject({ left_at: new Date(t0 + 60_000), end_reason: 'timeout' });
      expect(await service.count(s)).toBe(0);
    });

    it('after a quick restart, counts nobody beyond the TTL and lets a returning viewer carry on', async () => {
      const { s, a, b, t0 } = await watchThenStop();
      await w.wipeHot();
      w.clock.advance(20_000);
      const report = await closeOrphanedSessions(createPresenceUpkeep(deps()));
      expect(report.reinstated).toBeGreaterThanOrEqual(2);
      // Put back at their last-seen times, not "now": both are within the TTL at t0 + 110 s.
      expect(await service.count(s)).toBe(2);
      await expect(service.heartbeat(s.id, a)).resolves.toEqual({ viewerCount: 2 });
      // B's TTL runs from its last heartbeat (t0 + 60 s), not from the restart.
      w.clock.advance(71_000);
      expect(await service.count(s)).toBe(1);
      await service.heartbeat(s.id, a);
      await createPresenceUpkeep(deps()).sweep();
      expect(await row(b)).toMatchObject({ left_at: new Date(t0 + 60_000), end_reason: 'timeout' });
      expect(await row(a)).toMatchObject({ left_at: null });
    });

    it('does not stretch an old session over an outage when its viewer joins before any sweep', async () => {
      const { s, a, t0 } = await watchThenStop();
      await w.wipeHot();
      w.clock.advance(10 * 60_000);
      const joined = await service.join(s, { userId: '1' }, client);
      expect(joined.resumed).toBe(false);
      expect(joined.sessionId).not.toBe(a);
      expect(await row(a)).toMatchObject({ left_at: new Date(t0 + 90_000), end_reason: 'timeout' });
    });

    it('resumes the session of a viewer back shortly after the hot store was lost', async () => {
      const { s, a } = await watchThenStop();
      await w.wipeHot();
      w.clock.advance(60_000);
      expect(await service.join(s, { userId: '1' }, client)).toMatchObject({ sessionId: a, resumed: true });
    });
  });
}
