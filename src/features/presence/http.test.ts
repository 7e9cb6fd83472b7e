import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { openPglite } from '../../platform/db/pglite.ts';
import type { Db } from '../../platform/db/port.ts';
import { createMemoryHotStore, type MemoryHotStore } from '../../platform/hot/memory.ts';
import { presenceRoutes } from './http.ts';
import { createPresenceService, type PresenceService } from './service.ts';
import { type Clock, fakeClock } from './test-kit.ts';
import { createPresenceUpkeep } from './upkeep.ts';

const GUILD = '200000000000000001';
const OTHER_GUILD = '200000000000000002';

describe('presence HTTP API', () => {
  let db: Db;
  let hot: MemoryHotStore;
  let clock: Clock;
  let service: PresenceService;
  let t: TestApp;
  let member: Record<string, string>;
  let admin: Record<string, string>;
  let otherAdmin: Record<string, string>;

  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    clock = fakeClock();
    hot = createMemoryHotStore({ now: clock.now, sweepIntervalMs: 0 });
    service = createPresenceService({
      db,
      hot,
      now: clock.now,
      settings: {
        heartbeatsPerTtl: 3,
        joinLimit: { limit: 1000, windowMs: 60_000 },
      },
    });
    t = await buildTestApp({
      apiPlugins: [presenceRoutes({ service, streamIntervalMs: 50 })],
    });
    member = { authorization: `Bearer ${await t.token({})}` };
    admin = { authorization: `Bearer ${await t.token({ role: 'admin' })}` };
    otherAdmin = { authorization: `Bearer ${await t.token({ role: 'admin', guildIds: [OTHER_GUILD] })}` };
  });
  afterAll(async () => {
    await t?.app.close();
    await hot?.close();
    await db?.close();
  });

  let seq = 0;
  async function createStage(
    body: Record<string, unknown> = {},
  ): Promise<{ id: string } & Record<string, unknown>> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stages',
      headers: admin,
      payload: {
        name: 'Live',
        external_id: `arn:aws:ivs:ap-northeast-1:123456789012:stage/s${++seq}`,
        ...body,
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  const join = (stageId: string, headers: Record<string, string> = member, payload: object = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1/stages/${stageId}/viewers/join`, headers, payload });
  const beat = (stageId: string, sessionId: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/stages/${stageId}/viewers/heartbeat`,
      payload: { session_id: sessionId },
    });
  const leave = (stageId: string, sessionId: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/stages/${stageId}/viewers/leave`,
      payload: { session_id: sessionId },
    });
  const count = async (stageId: string, headers: Record<string, string> = member) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/stages/${stageId}/viewers/count`, headers })).json()
      .viewer_count;

  describe('stages', () => {
    it('lets an admin create an external stage', async () => {
      const stage = await createStage({
        max_viewers: 10,
        is_master: false,
        ttl_seconds: 60,
        allow_anonymous: true,
      });
      expect(stage).toMatchObject({
        guild_id: GUILD,
        kind: 'external',
        max_viewers: 10,
        ttl_seconds: 60,
        allow_anonymous: true,
        viewer_count: 0,
      });
    });

    it('refuses a stage without a token (401) and from a member (403)', async () => {
      const payload = { name: 'x', external_id: 'y' };
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/stages', payload })).statusCode).toBe(401);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/stages', headers: member, payload });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('names the missing field of an invalid stage', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/stages',
        headers: admin,
        payload: { name: 'x' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'external_id' });
    });

    it('names a field out of range', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/stages',
        headers: admin,
        payload: { name: 'x', external_id: 'y', ttl_seconds: 5 },
      });
      expect(res.json()).toMatchObject({ statusCode: 400, field: 'ttl_seconds' });
    });

    it('answers 409 to a second stage for the same external id', async () => {
      const stage = await createStage();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/stages',
        headers: admin,
        payload: { name: 'again', external_id: stage.external_id },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'CONFLICT', field: 'external_id' });
    });

    it('lists the stages of the guild with their live counts', async () => {
      const stage = await createStage();
      await join(stage.id);
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/stages', headers: member });
      expect(res.statusCode).toBe(200);
      expect(res.json().stages).toContainEqual(expect.objectContaining({ id: stage.id, viewer_count: 1 }));
    });

    it('answers 404 for an unknown stage, and for a stage of a guild the token does not cover', async () => {
      const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/stages/987654321', headers: member });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
      const stage = await createStage();
      const other = await t.app.inject({
        method: 'GET',
        url: `/api/v1/stages/${stage.id}`,
        headers: otherAdmin,
      });
      expect(other.statusCode).toBe(404);
    });

    it('names the stage id when it is not an id', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/stages/abc', headers: member });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ field: 'stageId' });
    });

    it('lets an admin patch a stage, and refuses an empty patch', async () => {
      const stage = await createStage();
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/stages/${stage.id}`,
        headers: admin,
        payload: { max_viewers: 3, is_master: true, name: 'Main' },
      });
      expect(res.json()).toMatchObject({ max_viewers: 3, is_master: true, name: 'Main' });
      const empty = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/stages/${stage.id}`,
        headers: admin,
        payload: {},
      });
      expect(empty.statusCode).toBe(400);
      const byMember = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/stages/${stage.id}`,
        headers: member,
        payload: { name: 'x' },
      });
      expect(byMember.statusCode).toBe(403);
    });

    it('deletes a stage, ending its sessions, after which it is gone', async () => {
      const stage = await createStage();
      await join(stage.id);
      const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/stages/${stage.id}`, headers: admin });
      expect(res.json()).toEqual({ deleted: true, closed_sessions: 1 });
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/v1/stages/${stage.id}`, headers: member }))
          .statusCode,
      ).toBe(404);
    });
  });

  describe('viewers', () => {
    it('joins, heartbeats and leaves', async () => {
      const stage = await createStage();
      const joined = await join(stage.id, { ...member, 'cf-ipcountry': 'JP', 'user-agent': 'player/1' });
      expect(joined.statusCode).toBe(200);
      const body = joined.json();
      expect(body).toMatchObject({
        resumed: false,
        viewer_count: 1,
        ttl_seconds: 120,
        heartbeat_interval_seconds: 30,
      });
      const hb = await beat(stage.id, body.session_id);
      expect(hb.json()).toEqual({ session_id: body.session_id, viewer_count: 1 });
      clock.advance(45_000);
      const left = await leave(stage.id, body.session_id);
      expect(left.json()).toEqual({ session_id: body.session_id, closed: true, watch_duration_seconds: 45 });
      expect(await count(stage.id)).toBe(0);
      const { rows } = await db.query(
        'SELECT country, user_agent, ip_prefix FROM viewer_sessions WHERE id = $1',
        [body.session_id],
      );
      expect(rows[0]).toEqual({ country: 'JP', user_agent: 'player/1', ip_prefix: '127.0.0.0/24' });
    });

    it('answers 409 when the stage is full, and admits everyone on a master stage', async () => {
      const full = await createStage({ max_viewers: 1 });
      expect((await join(full.id)).statusCode).toBe(200);
      const refused = await join(full.id, {
        authorization: `Bearer ${await t.token({ userId: '100000000000000002' })}`,
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('full') });
      const master = await createStage({ max_viewers: 1, is_master: true });
      for (const userId of ['100000000000000003', '100000000000000004']) {
        const res = await join(master.id, { authorization: `Bearer ${await t.token({ userId })}` });
        expect(res.statusCode).toBe(200);
      }
      expect(await count(master.id)).toBe(2);
    });

    it('answers 404 to a join of an unknown stage', async () => {
      expect((await join('987654321')).statusCode).toBe(404);
    });

    it('refuses an anonymous join on a members-only stage with 401', async () => {
      const stage = await createStage();
      const res = await join(stage.id, {}, { participant_id: 'p1' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('refuses a join with a forged token instead of treating it as anonymous', async () => {
      const stage = await createStage({ allow_anonymous: true });
      const res = await join(stage.id, { authorization: 'Bearer not.a.jwt' }, { participant_id: 'p1' });
      expect(res.statusCode).toBe(401);
    });

    it('lets an anonymous participant join a stage that allows it, and asks for a participant id', async () => {
      const stage = await createStage({ allow_anonymous: true });
      const missing = await join(stage.id, {}, {});
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'participant_id' });
      const bad = await join(stage.id, {}, { participant_id: 'has spaces' });
      expect(bad.json()).toMatchObject({ statusCode: 400, field: 'participant_id' });
      const ok = await join(stage.id, {}, { participant_id: 'p-123' });
      expect(ok.statusCode).toBe(200);
      expect(await count(stage.id, {})).toBe(1);
    });

    it('answers 404 to a member joining a stage of another guild', async () => {
      const stage = await createStage();
      const res = await join(stage.id, {
        authorization: `Bearer ${await t.token({ guildIds: [OTHER_GUILD] })}`,
      });
      expect(res.statusCode).toBe(404);
    });

    it('names session_id when a heartbeat carries none or a malformed one', async () => {
      const stage = await createStage();
      const none = await t.app.inject({
        method: 'POST',
        url: `/api/v1/stages/${stage.id}/viewers/heartbeat`,
        payload: {},
      });
      expect(none.json()).toMatchObject({ statusCode: 400, field: 'session_id' });
      const bad = await beat(stage.id, 'not-a-uuid');
      expect(bad.json()).toMatchObject({ statusCode: 400, field: 'session_id' });
    });

    it('answers 409 to the heartbeat of an ended session, telling the player to join again', async () => {
      const stage = await createStage();
      const { session_id } = (await join(stage.id)).json();
      await leave(stage.id, session_id);
      const res = await beat(stage.id, session_id);
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toContain('join again');
    });

    it('rate-limits heartbeats with 429 RATE_LIMITED and retry-after', async () => {
      const stage = await createStage();
      const { session_id } = (await join(stage.id)).json();
      for (let i = 0; i < 3; i++) expect((await beat(stage.id, session_id)).statusCode).toBe(200);
      const limited = await beat(stage.id, session_id);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('keeps the count exact after a viewer vanishes without leaving', async () => {
      const stage = await createStage();
      const stays = (await join(stage.id)).json().session_id;
      await join(stage.id, { authorization: `Bearer ${await t.token({ userId: '100000000000000009' })}` });
      expect(await count(stage.id)).toBe(2);
      clock.advance(100_000);
      await beat(stage.id, stays);
      clock.advance(20_001);
      expect(await count(stage.id)).toBe(1);
    });

    it('serves the count publicly only on stages that allow anonymous viewers', async () => {
      const closed = await createStage();
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/stages/${closed.id}/viewers/count` });
      expect(res.statusCode).toBe(401);
      const open = await createStage({ allow_anonymous: true });
      const ok = await t.app.inject({ method: 'GET', url: `/api/v1/stages/${open.id}/viewers/count` });
      expect(ok.json()).toMatchObject({ stage_id: open.id, viewer_count: 0 });
    });
  });

  describe('statistics', () => {
    it('reports stats, snapshots and sessions of a stage', async () => {
      const stage = await createStage();
      // Snapshots are filed under the start of their 5-minute slot: look back further than that.
      const from = new Date(clock.now() - 600_000).toISOString();
      const { session_id } = (await join(stage.id, { ...member, 'cf-ipcountry': 'TW' })).json();
      await createPresenceUpkeep({ db, hot, now: clock.now }).snapshot();
      clock.advance(60_000);
      await leave(stage.id, session_id);
      const stats = await t.app.inject({
        method: 'GET',
        url: `/api/v1/stages/${stage.id}/stats?from=${encodeURIComponent(from)}`,
        headers: member,
      });
      expect(stats.json()).toMatchObject({
        stage_id: stage.id,
        peak_viewers: 1,
        average_viewers: 1,
        snapshots: 1,
        total_sessions: 1,
        unique_viewers: 1,
        total_watch_seconds: 60,
        by_country: [{ country: 'TW', sessions: 1, unique_viewers: 1, watch_seconds: 60 }],
      });
      const snapshots = await t.app.inject({
        method: 'GET',
        url: `/api/v1/stages/${stage.id}/snapshots?from=${encodeURIComponent(from)}`,
        headers: member,
      });
      expect(snapshots.json().snapshots).toEqual([{ taken_at: expect.any(String), viewer_count: 1 }]);
      const sessions = await t.app.inject({
        method: 'GET',
        url: `/api/v1/stages/${stage.id}/sessions?page=1&limit=10`,
        headers: admin,
      });
      expect(sessions.json()).toMatchObject({
        page: 1,
        limit: 10,
        total: 1,
        sessions: [
          { id: session_id, source: 'web', end_reason: 'left', watch_duration_seconds: 60, country: 'TW' },
        ],
      });
    });

    it('keeps session lists to admins', async () => {
      const stage = await createStage();
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/stages/${stage.id}/sessions`,
        headers: member,
      });
      expect(res.statusCode).toBe(403);
    });

    it('names a malformed or backwards range', async () => {
      const stage = await createStage();
      const malformed = await t.app.inject({
        method: 'GET',
        url: `/api/v1/stages/${stage.id}/stats?from=yesterday`,
        headers: member,
      });
      expect(malformed.json()).toMatchObject({ statusCode: 400, field: 'from' });
      const backwards = await t.app.inject({
        method: 'GET',
        url: `/api/v1/stages/${stage.id}/stats?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`,
        headers: member,
      });
      expect(backwards.json()).toMatchObject({ statusCode: 400, field: 'from' });
    });
  });

  it('documents every presence route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/stages',
        '/api/v1/stages/{stageId}',
        '/api/v1/stages/{stageId}/viewers/join',
        '/api/v1/stages/{stageId}/viewers/heartbeat',
        '/api/v1/stages/{stageId}/viewers/leave',
        '/api/v1/stages/{stageId}/viewers/count',
        '/api/v1/stages/{stageId}/viewers/stream',
        '/api/v1/stages/{stageId}/stats',
        '/api/v1/stages/{stageId}/snapshots',
        '/api/v1/stages/{stageId}/sessions',
      ]),
    );
  });
});
