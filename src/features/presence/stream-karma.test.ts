import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/support/app.ts';
import { type PresenceWorld, presenceBackends } from '../../../test/support/presence-worlds.ts';
import { setSettings, totalOf } from '../../../test/support/rewards-fixtures.ts';
import { presenceKarma } from '../../roles/feature-services.ts';
import { createRewards } from '../../roles/rewards.ts';
import { presenceRoutes } from './http.ts';
import type { PresenceKarma } from './karma.ts';
import { createPresenceService, type PresenceService } from './service.ts';
import { freshGuild, T0 } from './test-kit.ts';
import { createPresenceUpkeep } from './upkeep.ts';

const VIEWER = '620000000000000001';
const client = { ip: '203.0.113.9' };

for (const backend of presenceBackends) {
  describe.skipIf(!backend.available)(`stream watching into karma on ${backend.name}`, () => {
    let w: PresenceWorld;
    let karma: PresenceKarma;
    let service: PresenceService;

    beforeAll(async () => {
      w = await backend.create();
      karma = presenceKarma(
        createRewards({ db: w.db, hot: w.hot, now: () => new Date(w.clock.now()) }).voice,
      );
      service = createPresenceService({
        db: w.db,
        hot: w.hot,
        now: w.clock.now,
        karma,
        settings: { joinLimit: { limit: 10_000, windowMs: 60_000 } },
      });
    });
    afterAll(async () => {
      await w?.dispose();
    });

    /** A guild that pays `perMinute` for watching, with VIEWER as a member, and one of its stages. */
    async function setup(stream: object | null = { perMinute: 3 }, member = true) {
      w.clock.set(T0);
      const guildId = freshGuild();
      if (stream) await setSettings(w.db, { karma: { stream } }, guildId);
      if (member) {
        await w.db.query(`INSERT INTO members (guild_id, user_id, username) VALUES ($1, $2, 'viewer')`, [
          guildId,
          VIEWER,
        ]);
      }
      const stage = await service.createStage({
        guildId,
        name: 'Live',
        externalId: `arn:aws:ivs:stage/${guildId}`,
        allowAnonymous: true,
      });
      return { guildId, stage };
    }
    const ledger = async (guildId: string) =>
      (
        await w.db.query<{
          user_id: string;
          source: string;
          source_id: string;
          delta: number;
          reason: string;
        }>('SELECT user_id, source, source_id, delta, reason FROM karma_ledger WHERE guild_id = $1', [
          guildId,
        ])
      ).rows;

    it('pays a member the watched minutes once the session is left, once', async () => {
      const { guildId, stage } = await setup();
      const { sessionId } = await service.join(stage, { userId: VIEWER }, client);
      w.clock.advance(10 * 60_000 + 30_000);
      await service.heartbeat(stage.id, sessionId);
      await service.leave(stage.id, sessionId);
      expect(await ledger(guildId)).toEqual([
        { user_id: VIEWER, source: 'voice', source_id: `stream:${sessionId}`, delta: 30, reason: 'stream' },
      ]);
      await service.leave(stage.id, sessionId);
      expect(await totalOf(w.db, VIEWER, guildId)).toBe(30);
    });

    it('pays a viewer who vanished up to their last heartbeat when the sweeper ends the session', async () => {
      const { guildId, stage } = await setup();
      const { sessionId } = await service.join(stage, { userId: VIEWER }, client);
      for (let minute = 1; minute <= 5; minute++) {
        w.clock.set(T0 + minute * 60_000);
        await service.heartbeat(stage.id, sessionId);
      }
      w.clock.set(T0 + 5 * 60_000 + 121_000);
      await createPresenceUpkeep({ db: w.db, hot: w.hot, now: w.clock.now, karma }).sweep();
      expect(await ledger(guildId)).toMatchObject([{ source_id: `stream:${sessionId}`, delta: 15 }]);
    });

    it('pays the sessions a stage deletion ends, capped per session', async () => {
      const { guildId, stage } = await setup({ perMinute: 2, maxMinutesPerSession: 3 });
      const { sessionId } = await service.join(stage, { userId: VIEWER }, client);
      w.clock.advance(10 * 60_000);
      await service.heartbeat(stage.id, sessionId);
      // Ended at the last heartbeat: 10 minutes, of which 3 are paid.
      await service.deleteStage(stage.id);
      expect(await totalOf(w.db, VIEWER, guildId)).toBe(6);
    });

    it('pays nothing by default, to anonymous participants, or to users who are not members', async () => {
      const off = await setup(null);
      const a = await service.join(off.stage, { userId: VIEWER }, client);
      const on = await setup({ perMinute: 3 }, false);
      const b = await service.join(on.stage, { userId: VIEWER }, client);
      const c = await service.join(on.stage, { participantId: 'anon-1' }, client);
      w.clock.advance(10 * 60_000);
      await service.leave(off.stage.id, a.sessionId);
      await service.leave(on.stage.id, b.sessionId);
      await service.leave(on.stage.id, c.sessionId);
      expect(await ledger(off.guildId)).toEqual([]);
      expect(await ledger(on.guildId)).toEqual([]);
      const { rows } = await w.db.query('SELECT 1 FROM user_karma WHERE guild_id = ANY($1::bigint[])', [
        [off.guildId, on.guildId],
      ]);
      expect(rows).toEqual([]);
    });
  });
}

describe('stream watching from a player on another site', () => {
  it('joins, heartbeats and leaves cross-origin with a token, and the member is paid', async () => {
    const backend = presenceBackends.find((b) => b.available);
    if (!backend) return;
    const w = await backend.create();
    const karma = presenceKarma(
      createRewards({ db: w.db, hot: w.hot, now: () => new Date(w.clock.now()) }).voice,
    );
    const service = createPresenceService({ db: w.db, hot: w.hot, now: w.clock.now, karma });
    const t = await buildTestApp({
      apiPlugins: [presenceRoutes({ service })],
      env: { CORS_ORIGINS: 'https://player.example.com' },
    });
    try {
      const guildId = '200000000000000001';
      await setSettings(w.db, { karma: { stream: { perMinute: 1 } } }, guildId);
      await w.db.query(`INSERT INTO members (guild_id, user_id, username) VALUES ($1, $2, 'viewer')`, [
        guildId,
        '100000000000000001',
      ]);
      const stage = await service.createStage({ guildId, name: 'Live', externalId: 'arn:aws:ivs:stage/x' });
      const origin = 'https://player.example.com';
      const token = await t.token({});
      const preflight = await t.app.inject({
        method: 'OPTIONS',
        url: `/api/v1/stages/${stage.id}/viewers/join`,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      const post = (path: string, payload: object, auth = false) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/stages/${stage.id}/viewers/${path}`,
          headers: { origin, ...(auth ? { authorization: `Bearer ${token}` } : {}) },
          payload,
        });
      const joined = await post('join', {}, true);
      expect(joined.statusCode).toBe(200);
      expect(joined.headers['access-control-allow-origin']).toBe(origin);
      const sessionId = joined.json<{ session_id: string }>().session_id;
      w.clock.advance(4 * 60_000);
      const beat = await post('heartbeat', { session_id: sessionId });
      expect(beat.statusCode).toBe(200);
      expect(beat.headers['access-control-allow-origin']).toBe(origin);
      const left = await post('leave', { session_id: sessionId });
      expect(left.json()).toMatchObject({ closed: true, watch_duration_seconds: 240 });
      expect(await totalOf(w.db, '100000000000000001', guildId)).toBe(4);
    } finally {
      await t.app.close();
      await w.dispose();
    }
  });
});
