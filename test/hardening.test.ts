import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDb } from '../src/platform/db/pglite.ts';
import { createMemoryHotStore, type MemoryHotStore } from '../src/platform/hot/memory.ts';
import { type ApiTestApp, buildApiTestApp, SEED } from './support/api-app.ts';
import { openTestPglite } from './support/databases.ts';

/**
 * The defects of issue 14, each as its reproduction against the whole API: every one answered 500,
 * hung, or paid karma it must not before the fix.
 */
describe('the API refuses what it cannot serve, naming the field (issue 14)', () => {
  let db: PgliteDb;
  let hot: MemoryHotStore;
  let t: ApiTestApp;
  const G = SEED.guild;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const get = (url: string, token?: string) =>
    t.app.inject({ method: 'GET', url, headers: token ? as(token) : {} });
  const post = (url: string, token: string, payload: string | object) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...as(token), 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const refusal = (field: string) => ({ statusCode: 400, code: 'VALIDATION_FAILED', field });

  beforeAll(async () => {
    db = await openTestPglite();
    hot = createMemoryHotStore({ sweepIntervalMs: 0 });
    t = await buildApiTestApp({ db, hot });
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/guilds/${G}/settings/karma`,
      headers: as(t.callers.admin),
      payload: { leaderboard: { public: true } },
    });
  });
  afterAll(async () => {
    await t?.close();
    await hot?.close();
    await db?.close();
  });

  it.each(['Infinity', '-Infinity', '1e309', '0x10', '1e2', '5.0', ' 5'])(
    'refuses limit=%s as a number that is not plain decimal digits',
    async (value) => {
      const query = `limit=${encodeURIComponent(value)}`;
      for (const url of [
        `/api/v1/guilds/${G}/stats?${query}`,
        `/api/v1/guilds/${G}/viewers/snapshots?${query}`,
        `/api/v1/karma/logs?${query}`,
        `/api/v1/history/${G}/tasks?${query}`,
      ]) {
        expect((await get(url, t.callers.admin)).json()).toMatchObject(refusal('limit'));
      }
      expect((await get(`/api/v1/levels/leaderboard?guild_id=${G}&${query}`)).json()).toMatchObject(
        refusal('limit'),
      );
    },
  );

  it('refuses an infinite limit on the live statistics before a stream opens', async () => {
    const res = await get(`/api/v1/guilds/${G}/stats/live?limit=Infinity`, t.callers.member);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject(refusal('limit'));
  });

  it('refuses snowflakes beyond the bigint range wherever an id is read', async () => {
    const big = '9223372036854775808';
    expect((await get(`/api/v1/levels/leaderboard?guild_id=${big}`)).json()).toMatchObject(
      refusal('guild_id'),
    );
    expect((await get(`/api/v1/guilds/${G}/stats?channel_id=${big}`, t.callers.admin)).json()).toMatchObject(
      refusal('channel_id'),
    );
    expect((await get(`/api/v1/guilds/${G}/stats?user_id=${big}`, t.callers.admin)).json()).toMatchObject(
      refusal('user_id'),
    );
    expect((await get(`/api/v1/viewers/${big}/history`, t.callers.admin)).json()).toMatchObject(
      refusal('userId'),
    );
    expect((await get(`/api/v1/users/${big}/achievements`, t.callers.member)).json()).toMatchObject(
      refusal('id'),
    );
    expect((await post(`/api/v1/quests/${big}/claim`, t.callers.member, {})).json()).toMatchObject(
      refusal('progress_id'),
    );
    // The largest bigint itself is an id like any other.
    expect((await get('/api/v1/levels/leaderboard?guild_id=9223372036854775807')).statusCode).toBe(401);
  });

  it('refuses ids beyond the bigint range inside the settings', async () => {
    const put = (payload: object) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/guilds/${G}/settings/karma`,
        headers: as(t.callers.admin),
        payload,
      });
    expect(
      (await put({ levels: { roleRewards: [{ level: 5, roleId: '99999999999999999999' }] } })).json(),
    ).toMatchObject(refusal('levels.roleRewards.0.roleId'));
    expect((await put({ karma: { noKarmaChannelIds: ['9223372036854775808'] } })).json()).toMatchObject(
      refusal('karma.noKarmaChannelIds.0'),
    );
    expect((await put({ karma: { noKarmaChannelIds: ['general'] } })).json()).toMatchObject(
      refusal('karma.noKarmaChannelIds.0'),
    );
  });

  it('refuses pages beyond the deepest one served', async () => {
    const huge = '99999999999999999999999';
    expect(
      (await get(`/api/v1/stages/${t.ids.stageId}/sessions?page=${huge}`, t.callers.admin)).json(),
    ).toMatchObject(refusal('page'));
    expect(
      (await get(`/api/v1/viewers/${SEED.member}/history?page=100001`, t.callers.admin)).json(),
    ).toMatchObject(refusal('page'));
  });

  it('refuses NUL in any string, naming the field', async () => {
    expect(
      (await post('/api/v1/stages', t.callers.admin, { name: 'a\u0000b', external_id: 'nul-stage' })).json(),
    ).toMatchObject(refusal('name'));
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stages/${t.ids.stageId}`,
      headers: as(t.callers.admin),
      payload: { name: 'still\u0000here' },
    });
    expect(patch.json()).toMatchObject(refusal('name'));
    expect(
      (
        await post('/api/v1/karma/adjust', t.callers.admin, {
          user_id: SEED.member,
          delta: 5,
          reason: 'x\u0000',
        })
      ).json(),
    ).toMatchObject(refusal('reason'));
    expect((await get(`/api/v1/levels/leaderboard?guild_id=${G}&q=%00`)).json()).toMatchObject(refusal('q'));
    const nested = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/guilds/${G}/settings/karma`,
      headers: as(t.callers.admin),
      payload: { levels: { titles: [{ fromLevel: 1, title: 'a\u0000' }] } },
    });
    expect(nested.json()).toMatchObject(refusal('levels.titles.0.title'));
  });

  it('refuses a billion levels before working through them', async () => {
    const started = performance.now();
    const res = await post('/api/v1/levels/table/preview', t.callers.admin, {
      curve: { kind: 'linear', step: 500 },
      maxLevel: 1_000_000_000,
    });
    expect(res.json()).toMatchObject(refusal('maxLevel'));
    const settings = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/guilds/${G}/settings/karma`,
      headers: as(t.callers.admin),
      payload: { levels: { curve: { kind: 'linear', step: 500 }, maxLevel: 1_000_000_000 } },
    });
    expect(settings.json()).toMatchObject(refusal('levels.maxLevel'));
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses privileges by the thousand before building a table of them', async () => {
    const privilegeUnlocks = Array.from({ length: 1000 }, (_, i) => ({
      level: i + 1,
      privileges: Array.from({ length: 50 }, (_, j) => `p${i}-${j}`),
    }));
    const started = performance.now();
    const res = await post('/api/v1/levels/table/preview', t.callers.admin, {
      maxLevel: 1000,
      curve: { kind: 'linear', step: 500 },
      privilegeUnlocks,
    });
    expect(res.json()).toMatchObject(refusal('privilegeUnlocks'));
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('pays karma only to a member named by a string id, for a whole number', async () => {
    const paid = async () =>
      (await db.query<{ n: string }>('SELECT count(*) AS n FROM karma_ledger')).rows[0]?.n ?? '0';
    const before = await paid();
    const rounded = await post(
      '/api/v1/karma/adjust',
      t.callers.admin,
      '{"user_id":1282436098416574507,"delta":"7","reason":["array reason"]}',
    );
    expect(rounded.json()).toMatchObject(refusal('user_id'));
    const text = await post('/api/v1/karma/adjust', t.callers.admin, {
      user_id: SEED.member,
      delta: '7',
      reason: 'x',
    });
    expect(text.json()).toMatchObject(refusal('delta'));
    const flag = await post('/api/v1/karma/adjust', t.callers.admin, {
      user_id: SEED.member,
      delta: true,
      reason: 'x',
    });
    expect(flag.json()).toMatchObject(refusal('delta'));
    const list = await post('/api/v1/karma/adjust', t.callers.admin, {
      user_id: SEED.member,
      delta: 7,
      reason: ['array reason'],
    });
    expect(list.json()).toMatchObject(refusal('reason'));
    const stranger = await post('/api/v1/karma/adjust', t.callers.admin, {
      user_id: '1282436098416574500',
      delta: 7,
      reason: 'who is this',
    });
    expect(stranger.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', field: 'user_id' });
    expect(await paid()).toBe(before);
    const member = await post('/api/v1/karma/adjust', t.callers.admin, {
      user_id: SEED.member,
      delta: 7,
      reason: 'helped out',
    });
    expect(member.json()).toMatchObject({ applied: true, total: 7 });
  });

  it('answers router errors in the error shape with a request id', async () => {
    const bad = await get('/api/v1/stages/%zz', t.callers.admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST', requestId: expect.any(String) });
    const long = await post(`/api/v1/quests/${'1'.repeat(200)}/claim`, t.callers.member, {});
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({
      statusCode: 414,
      code: 'URI_TOO_LONG',
      requestId: expect.any(String),
    });
    expect(long.headers['x-request-id']).toBe(long.json().requestId);
  });

  it.each(['/health', '/ready', '/metrics', '/docs/json', '/auth/login'])(
    'serves public %s to a client that sends Basic auth',
    async (url) => {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: { authorization: 'Basic dXNlcjpwdw==' },
      });
      expect(res.statusCode).not.toBe(401);
    },
  );

  it('still refuses Basic auth on a route that needs a token', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/karma/summary',
      headers: { authorization: 'Basic dXNlcjpwdw==' },
    });
    expect(res.json()).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
  });

  it('names days when the stage statistics cannot read it', async () => {
    const res = await get(`/api/v1/stages/${t.ids.stageId}/stats?days=Infinity`, t.callers.admin);
    expect(res.json()).toMatchObject(refusal('days'));
  });

  describe('HEAD on a stream route', () => {
    let base: string;
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });

    it.each([
      ['the guild live counts', () => `/api/v1/guilds/${G}/live`],
      ['the live statistics', () => `/api/v1/guilds/${G}/stats/live`],
      ['a stage viewer stream', () => `/api/v1/stages/${t.ids.stageId}/viewers/stream`],
      ['an import task stream', () => `/api/v1/history/${G}/tasks/${t.ids.taskId}/stream`],
    ])('answers at once for %s, with the headers of the stream', async (_name, url) => {
      const res = await fetch(`${base}${url()}`, {
        method: 'HEAD',
        headers: as(t.callers.admin),
        signal: AbortSignal.timeout(2000),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
    });
  });
});
