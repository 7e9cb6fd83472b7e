/** Seed 003's API paths: /viewer/{rejoin,heartbeat,leave}, /viewers/{userId}/history, stats ?days=. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { openTestPglite } from '../../../test/support/databases.ts';
import type { Db } from '../../platform/db/port.ts';
import { createMemoryHotStore, type MemoryHotStore } from '../../platform/hot/memory.ts';
import { presenceRoutes } from './http.ts';
import { createPresenceService, type PresenceService } from './service.ts';
import { type Clock, fakeClock } from './test-kit.ts';

const GUILD = '200000000000000001';
const OTHER_GUILD = '200000000000000002';
const MEMBER = '100000000000000001';
const DAY = 86_400_000;

describe('presence: seed 003 paths', () => {
  let db: Db;
  let hot: MemoryHotStore;
  let clock: Clock;
  let service: PresenceService;
  let t: TestApp;
  let member: Record<string, string>;
  let otherMember: Record<string, string>;
  let admin: Record<string, string>;
  let otherAdmin: Record<string, string>;

  beforeAll(async () => {
    db = await openTestPglite();
    clock = fakeClock();
    hot = createMemoryHotStore({ now: clock.now, sweepIntervalMs: 0 });
    service = createPresenceService({
      db,
      hot,
      now: clock.now,
      settings: { joinLimit: { limit: 1000, windowMs: 60_000 } },
    });
    t = await buildTestApp({ apiPlugins: [presenceRoutes({ service, streamIntervalMs: 50 })] });
    member = { authorization: `Bearer ${await t.token({})}` };
    otherMember = { authorization: `Bearer ${await t.token({ userId: '100000000000000002' })}` };
    admin = {
      authorization: `Bearer ${await t.token({ userId: '100000000000000009', role: 'admin' })}`,
    };
    otherAdmin = {
      authorization: `Bearer ${await t.token({ userId: '100000000000000008', role: 'admin', guildIds: [OTHER_GUILD] })}`,
    };
  });
  afterAll(async () => {
    await t?.app.close();
    await hot?.close();
    await db?.close();
  });

  let seq = 0;
  const stage = () => service.createStage({ guildId: GUILD, name: `S${++seq}`, externalId: `arn:s${seq}` });
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });
  const get = (url: string, headers: Record<string, string> = member) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

  describe('POST /viewer/rejoin, /viewer/heartbeat, /viewer/leave', () => {
    it('joins, resumes, heartbeats and leaves with the stage in the body', async () => {
      const s = await stage();
      const joined = await post('/viewer/rejoin', { stage_id: s.id }, member);
      expect(joined.statusCode).toBe(200);
      expect(joined.json()).toMatchObject({ resumed: false, viewer_count: 1, ttl_seconds: 120 });
      const sessionId: string = joined.json().session_id;

      const again = await post('/viewer/rejoin', { stage_id: s.id }, member);
      expect(again.json()).toMatchObject({ session_id: sessionId, resumed: true, viewer_count: 1 });

      clock.advance(30_000);
      const beat = await post('/viewer/heartbeat', { stage_id: s.id, session_id: sessionId });
      expect(beat.statusCode).toBe(200);
      expect(beat.json()).toEqual({ session_id: sessionId, viewer_count: 1 });

      clock.advance(10_000);
      const left = await post('/viewer/leave', { stage_id: s.id, session_id: sessionId });
      expect(left.json()).toEqual({ session_id: sessionId, closed: true, watch_duration_seconds: 40 });
      const late = await post('/viewer/heartbeat', { stage_id: s.id, session_id: sessionId });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ field: 'session_id' });
    });

    it('admits anonymous participants where the stage allows them', async () => {
      const s = await service.createStage({
        guildId: GUILD,
        name: 'open',
        externalId: `arn:open${++seq}`,
        allowAnonymous: true,
      });
      const res = await post('/viewer/rejoin', { stage_id: s.id, participant_id: 'ivs-p-1' });
      expect(res.statusCode).toBe(200);
      const members = await post('/viewer/rejoin', { stage_id: s.id });
      expect(members.statusCode).toBe(400);
      expect(members.json()).toMatchObject({ field: 'participant_id' });
    });

    it('answers 400 naming the field, and 404 for an unknown stage or session', async () => {
      const s = await stage();
      const cases: [string, object, string][] = [
        ['/viewer/rejoin', {}, 'stage_id'],
        ['/viewer/rejoin', { stage_id: 'abc' }, 'stage_id'],
        ['/viewer/rejoin', { stage_id: s.id, extra: 1 }, 'extra'],
        ['/viewer/heartbeat', { stage_id: s.id }, 'session_id'],
        ['/viewer/heartbeat', { session_id: '00000000-0000-4000-8000-000000000000' }, 'stage_id'],
        ['/viewer/leave', { stage_id: s.id, session_id: 'nope' }, 'session_id'],
      ];
      for (const [url, payload, field] of cases) {
        const res = await post(url, payload, member);
        expect(res.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field });
      }
      expect((await post('/viewer/rejoin', { stage_id: '999999' }, member)).statusCode).toBe(404);
      const unknown = await post('/viewer/leave', {
        stage_id: s.id,
        session_id: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.statusCode).toBe(404);
    });

    it('needs a token on members-only stages', async () => {
      const s = await stage();
      expect((await post('/viewer/rejoin', { stage_id: s.id })).statusCode).toBe(401);
    });
  });

  describe('GET /viewers/{userId}/history', () => {
    let historyStages: string[] = [];
    beforeAll(async () => {
      const a = await stage();
      const b = await stage();
      historyStages = [a.id, b.id];
      for (const s of [a, b, a]) {
        const { sessionId } = await service.join(s, { userId: MEMBER }, {});
        clock.advance(60_000);
        await service.leave(s.id, sessionId);
        clock.advance(1_000);
      }
    });

    it('lists the member’s own sessions across stages, newest first, paged', async () => {
      const res = await get(`/viewers/${MEMBER}/history?limit=2`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ user_id: MEMBER, page: 1, limit: 2 });
      expect(body.total).toBeGreaterThanOrEqual(3);
      expect(body.sessions).toHaveLength(2);
      const [newest, next] = body.sessions;
      expect(newest).toMatchObject({
        stage_id: historyStages[0],
        guild_id: GUILD,
        stage_kind: 'external',
        source: 'web',
        watch_duration_seconds: 60,
        end_reason: 'left',
      });
      expect(newest.external_id).toMatch(/^arn:s/);
      expect(Date.parse(newest.joined_at)).toBeGreaterThan(Date.parse(next.joined_at));
      expect(next.stage_id).toBe(historyStages[1]);
      const page2 = (await get(`/viewers/${MEMBER}/history?limit=2&page=2`)).json();
      expect(page2.sessions.length).toBe(Math.min(2, body.total - 2));
    });

    it('lets an admin read it for the guilds the token covers, and nobody else', async () => {
      const mine = (await get(`/viewers/${MEMBER}/history`)).json();
      const byAdmin = await get(`/viewers/${MEMBER}/history`, admin);
      expect(byAdmin.statusCode).toBe(200);
      expect(byAdmin.json().total).toBe(mine.total);
      const elsewhere = await get(`/viewers/${MEMBER}/history`, otherAdmin);
      expect(elsewhere.json()).toMatchObject({ total: 0, sessions: [] });
      expect((await get(`/viewers/${MEMBER}/history`, otherMember)).statusCode).toBe(403);
      expect((await get(`/viewers/${MEMBER}/history`, {})).statusCode).toBe(401);
    });

    it('validates the user id and the page', async () => {
      const bad = await get('/viewers/not-an-id/history');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ field: 'userId' });
      const page = await get(`/viewers/${MEMBER}/history?page=0`);
      expect(page.json()).toMatchObject({ statusCode: 400, field: 'page' });
    });
  });

  describe('GET /stages/{id}/stats?days=', () => {
    it('covers the last N days: total views, unique viewers, average and longest watch, peak', async () => {
      const s = await stage();
      const old = await service.join(s, { userId: MEMBER }, {});
      clock.advance(100_000);
      await service.leave(s.id, old.sessionId);
      clock.advance(8 * DAY);
      const a = await service.join(s, { userId: MEMBER }, {});
      const b = await service.join(s, { userId: '100000000000000002' }, {});
      clock.advance(30_000);
      await service.leave(s.id, a.sessionId);
      clock.advance(60_000);

      const week = await get(`/stages/${s.id}/stats?days=7`);
      expect(week.statusCode).toBe(200);
      expect(week.json()).toMatchObject({
        total_sessions: 2,
        unique_viewers: 2,
        average_watch_seconds: 60,
        max_watch_seconds: 90,
        peak_viewers: 1,
        to: new Date(clock.now()).toISOString(),
        from: new Date(clock.now() - 7 * DAY).toISOString(),
      });
      await service.leave(s.id, b.sessionId);
      const month = (await get(`/stages/${s.id}/stats?days=30`)).json();
      expect(month).toMatchObject({ total_sessions: 3, unique_viewers: 2, max_watch_seconds: 100 });
    });

    it('refuses days with from/to, and days out of range, naming days', async () => {
      const s = await stage();
      const from = new Date(clock.now() - DAY).toISOString();
      for (const query of [`days=7&from=${from}`, 'days=0', 'days=92', 'days=x']) {
        const res = await get(`/stages/${s.id}/stats?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'days' });
      }
    });
  });
});
