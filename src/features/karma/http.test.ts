import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ALICE, at, BOB, G, memberOf, message, snapshot } from '../../../test/support/rewards-fixtures.ts';
import { createHarness, type Harness } from '../../../test/support/rewards-harness.ts';
import { openPglite } from '../../platform/db/pglite.ts';
import { rewardsApiPlugins } from '../../roles/rewards.ts';

const OTHER_GUILD = '500000000000000777';

describe('karma and levels API', () => {
  let h: Harness;
  let t: TestApp;
  let member: { authorization: string };
  let admin: { authorization: string };
  let stranger: { authorization: string };

  beforeAll(async () => {
    const db = await openPglite();
    h = await createHarness({ db, url: undefined, dispose: () => db.close() });
    await h.run(snapshot([memberOf(ALICE), memberOf(BOB)]));
    await h.run(message({ userId: ALICE, at: at(0) }), message({ userId: BOB, at: at(1) }));
    await h.run(message({ userId: ALICE, at: at(100) }));
    t = await buildTestApp({
      apiPlugins: rewardsApiPlugins(h.services),
      env: { API_RATE_LIMIT_PER_MINUTE: '100000' },
    });
    member = { authorization: `Bearer ${await t.token({ userId: ALICE, guildIds: [G] })}` };
    admin = { authorization: `Bearer ${await t.token({ userId: BOB, guildIds: [G], role: 'admin' })}` };
    stranger = { authorization: `Bearer ${await t.token({ userId: BOB, guildIds: [OTHER_GUILD] })}` };
  });
  afterAll(async () => {
    await t?.app.close();
    await h?.close();
    await h?.t.dispose();
  });

  const get = (url: string, headers: Record<string, string> = member) =>
    t.app.inject({ method: 'GET', url, headers });

  it('answers the summary of the caller', async () => {
    const res = await get('/api/v1/karma/summary');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ guildId: G, userId: ALICE, rank: 1, counters: { messages: 2 } });
    expect(res.json().total).toBeGreaterThan(0);
  });

  it('pages the ledger and refuses a limit above 100 naming the field', async () => {
    const res = await get('/api/v1/karma/logs?page=1&limit=2');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ page: 1, limit: 2 });
    expect(res.json().items).toHaveLength(2);
    const bad = await get('/api/v1/karma/logs?limit=500');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'limit' });
  });

  it('answers daily history over a range and refuses a reversed range', async () => {
    const res = await get('/api/v1/karma/history?from=2026-11-24&to=2026-11-25');
    expect(res.statusCode).toBe(200);
    expect(res.json().days.map((d: { day: string }) => d.day)).toEqual(['2026-11-24', '2026-11-25']);
    const bad = await get('/api/v1/karma/history?from=2026-11-26&to=2026-11-25');
    expect(bad.json()).toMatchObject({ statusCode: 400, field: 'from' });
    const malformed = await get('/api/v1/karma/history?to=tomorrow');
    expect(malformed.json()).toMatchObject({ statusCode: 400, field: 'to' });
  });

  it('needs a token, and a token for the guild', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/karma/summary' })).statusCode).toBe(401);
    expect((await get(`/api/v1/karma/summary?guild_id=${G}`, stranger)).statusCode).toBe(403);
  });

  it('lets an admin adjust karma idempotently and refuses members', async () => {
    const body = {
      user_id: ALICE,
      delta: 40,
      reason: 'helped at the event',
      idempotency_key: 'event-2026-11',
    };
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/karma/adjust', headers: member, payload: body }))
        .statusCode,
    ).toBe(403);
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/karma/adjust',
      headers: admin,
      payload: body,
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ adjustmentId: 'event-2026-11', applied: true });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/karma/adjust',
      headers: admin,
      payload: body,
    });
    expect(again.json()).toMatchObject({ applied: false, total: first.json().total });
  });

  it('refuses bad adjustments naming the field, and a removal below zero with 409', async () => {
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/karma/adjust', headers: admin, payload });
    expect((await post({ user_id: ALICE, delta: 5 })).json()).toMatchObject({
      statusCode: 400,
      field: 'reason',
    });
    expect((await post({ user_id: ALICE, delta: 0, reason: 'x' })).json()).toMatchObject({
      statusCode: 400,
      field: 'delta',
    });
    expect((await post({ user_id: 'alice', delta: 1, reason: 'x' })).json()).toMatchObject({
      statusCode: 400,
      field: 'user_id',
    });
    expect((await post({ user_id: ALICE, delta: 5, reason: '   ' })).json()).toMatchObject({
      statusCode: 400,
      field: 'reason',
    });
    expect((await post({ user_id: ALICE, delta: -1_000_000, reason: 'x' })).json()).toMatchObject({
      statusCode: 400,
      field: 'delta',
    });
    expect((await post({ user_id: ALICE, delta: -99_999, reason: 'x' })).json()).toMatchObject({
      statusCode: 409,
      field: 'delta',
    });
  });

  it('reads and changes the karma settings as an admin, naming the bad field', async () => {
    const url = `/api/v1/guilds/${G}/settings/karma`;
    const read = await get(url, admin);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      guildId: G,
      karma: { message: { min: 15, max: 25 } },
      leaderboard: { public: false },
    });
    expect(read.json().quests).toHaveLength(17);
    expect((await get(url, member)).statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'PUT',
      url,
      headers: admin,
      payload: { announcements: { mode: 'channel' } },
    });
    expect(bad.json()).toMatchObject({ statusCode: 400, field: 'announcements.channelId' });
    const extra = await t.app.inject({ method: 'PUT', url, headers: admin, payload: { colour: 'red' } });
    expect(extra.json()).toMatchObject({ statusCode: 400, field: 'colour' });
    const ok = await t.app.inject({
      method: 'PUT',
      url,
      headers: admin,
      payload: {
        announcements: { mode: 'channel', channelId: '500000000000000010' },
        leaderboard: { public: true },
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ announcements: { mode: 'channel' }, leaderboard: { public: true } });
    expect(ok.json().version).toBeGreaterThan(read.json().version);
  });

  it("answers the caller's level, rank and next milestone", async () => {
    const me = await get('/api/v1/levels/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      guildId: G,
      userId: ALICE,
      maxLevel: 100,
      next: { level: me.json().level + 1 },
    });
    expect(me.json().progress.percent).toBeGreaterThanOrEqual(0);
    const rank = await get('/api/v1/levels/me/rank');
    expect(rank.json()).toMatchObject({ rank: 1, total: 2, percentile: 100 });
    const milestone = await get('/api/v1/levels/me/next-milestone');
    expect(milestone.json().milestone).toMatchObject({ level: 3, reasons: ['privilege'] });
  });

  it('serves the leaderboard to members, and to anyone only while the guild makes it public', async () => {
    const res = await get('/api/v1/levels/leaderboard?page=1&limit=1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, items: [{ rank: 1, userId: ALICE, username: 'user001' }] });
    expect(typeof res.json().nextCursor).toBe('string');
    const next = await get(`/api/v1/levels/leaderboard?limit=1&cursor=${res.json().nextCursor}`);
    expect(next.json().items).toMatchObject([{ rank: 2, userId: BOB }]);
    const settings = `/api/v1/guilds/${G}/settings/karma`;
    await t.app.inject({
      method: 'PUT',
      url: settings,
      headers: admin,
      payload: { leaderboard: { public: true } },
    });
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/levels/leaderboard?guild_id=${G}` });
    expect(anonymous.statusCode).toBe(200);
    await t.app.inject({
      method: 'PUT',
      url: settings,
      headers: admin,
      payload: { leaderboard: { public: false } },
    });
    const closed = await t.app.inject({ method: 'GET', url: `/api/v1/levels/leaderboard?guild_id=${G}` });
    expect(closed.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/levels/leaderboard' })).statusCode).toBe(401);
    expect((await get(`/api/v1/levels/leaderboard?guild_id=${G}`, stranger)).statusCode).toBe(403);
    expect((await get('/api/v1/levels/leaderboard?cursor=nope')).json()).toMatchObject({ field: 'cursor' });
  });

  it('gives every leaderboard item its progress toward the next level', async () => {
    const res = await get('/api/v1/levels/leaderboard');
    const [first] = res.json().items;
    const me = (await get('/api/v1/levels/me')).json();
    expect(first).toMatchObject({ userId: ALICE, level: me.level, progress: me.progress });
    expect(first.progress.nextRequired).toBeGreaterThan(first.progress.currentRequired);
  });

  it('searches the leaderboard by name with real ranks, anonymously when public', async () => {
    await h.t.db.query(`UPDATE members SET display_name = 'Bob 100%_Real' WHERE user_id = $1`, [BOB]);
    const byName = await get('/api/v1/levels/leaderboard?q=%20bob%20');
    expect(byName.statusCode).toBe(200);
    // Bob is the only hit but keeps his place on the whole leaderboard.
    expect(byName.json()).toMatchObject({
      total: 1,
      query: 'bob',
      nextCursor: null,
      items: [{ rank: 2, userId: BOB, displayName: 'Bob 100%_Real', username: 'user002' }],
    });
    expect(byName.json().items[0].progress).toMatchObject({ currentRequired: expect.any(Number) });
    expect(
      (await get('/api/v1/levels/leaderboard?q=USER00')).json().items.map((i: { rank: number }) => i.rank),
    ).toEqual([1, 2]);
    expect((await get('/api/v1/levels/leaderboard?q=user00&limit=1&page=2')).json()).toMatchObject({
      total: 2,
      page: 2,
      items: [{ rank: 2, userId: BOB }],
    });
    // LIKE's wildcards are plain characters in a search.
    expect((await get('/api/v1/levels/leaderboard?q=0%25_r')).json().items).toMatchObject([{ userId: BOB }]);
    expect((await get('/api/v1/levels/leaderboard?q=%25')).json().items).toMatchObject([{ userId: BOB }]);
    expect((await get('/api/v1/levels/leaderboard?q=nobody')).json()).toMatchObject({ total: 0, items: [] });

    const blank = await get('/api/v1/levels/leaderboard?q=%20%20');
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'q' });
    const long = await get(`/api/v1/levels/leaderboard?q=${'x'.repeat(101)}`);
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ field: 'q' });
    expect((await get('/api/v1/levels/leaderboard?q=bob&cursor=1.2.3')).json()).toMatchObject({
      field: 'cursor',
    });

    const settings = `/api/v1/guilds/${G}/settings/karma`;
    const put = (open: boolean) =>
      t.app.inject({
        method: 'PUT',
        url: settings,
        headers: admin,
        payload: { leaderboard: { public: open } },
      });
    const anonymous = () =>
      t.app.inject({ method: 'GET', url: `/api/v1/levels/leaderboard?guild_id=${G}&q=BOB` });
    expect((await anonymous()).statusCode).toBe(401);
    await put(true);
    try {
      const open = await anonymous();
      expect(open.statusCode).toBe(200);
      expect(open.json()).toMatchObject({ guildId: G, total: 1, items: [{ rank: 2, userId: BOB }] });
    } finally {
      await put(false);
      await h.t.db.query('UPDATE members SET display_name = NULL WHERE user_id = $1', [BOB]);
    }
  });

  it('shows the level table and previews curves to admins', async () => {
    const table = await get(`/api/v1/levels/table?guild_id=${G}`, admin);
    expect(table.statusCode).toBe(200);
    expect(table.json().levels).toHaveLength(100);
    expect(table.json().levels[0]).toMatchObject({ level: 1, requiredKarma: 100, title: 'Newcomer' });
    expect((await get('/api/v1/levels/table', member)).statusCode).toBe(403);
    const preview = await t.app.inject({
      method: 'POST',
      url: '/api/v1/levels/table/preview',
      headers: admin,
      payload: { curve: { kind: 'linear', step: 50 }, maxLevel: 10 },
    });
    expect(preview.json().levels).toHaveLength(10);
    expect(preview.json().levels[9]).toMatchObject({ level: 10, requiredKarma: 500 });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/levels/table/preview',
      headers: admin,
      payload: { curve: { kind: 'cubic' } },
    });
    expect(bad.json()).toMatchObject({ statusCode: 400, field: 'curve.kind' });
  });

  it('answers the whole settings document, as the OpenAPI document describes it', async () => {
    const url = `/api/v1/guilds/${G}/settings/karma`;
    const put = await t.app.inject({
      method: 'PUT',
      url,
      headers: admin,
      payload: {
        karma: {
          message: { min: 5, max: 10, cooldownSeconds: 30 },
          noKarmaRoleIds: ['500000000000000020'],
          channelMultipliers: { '500000000000000010': 1.5 },
          roleMultipliers: { '500000000000000021': 2 },
        },
        levels: {
          curve: { kind: 'polynomial', coefficients: [0, 100, 20] },
          maxLevel: 50,
          roleRewards: [{ level: 5, roleId: '500000000000000022' }],
          roleRewardMode: 'replace',
        },
      },
    });
    expect(put.statusCode).toBe(200);
    const read = await get(url, admin);
    expect(read.json()).toEqual(put.json());
    // The serializer drops whatever its schema lacks: the answer must be the service's whole view.
    expect(read.json()).toEqual(JSON.parse(JSON.stringify(await h.services.settings.get(G))));
    expect(read.json()).toMatchObject({
      karma: {
        channelMultipliers: { '500000000000000010': 1.5 },
        roleMultipliers: { '500000000000000021': 2 },
      },
      levels: { curve: { kind: 'polynomial', coefficients: [0, 100, 20] }, roleRewardMode: 'replace' },
    });
    const table = await get(`/api/v1/levels/table?guild_id=${G}`, admin);
    expect(table.json()).toMatchObject({
      curve: { kind: 'polynomial' },
      maxLevel: 50,
      roleRewardMode: 'replace',
    });
    expect(table.json().levels[4]).toMatchObject({
      level: 5,
      requiredKarma: 1000,
      roleRewardId: '500000000000000022',
    });

    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const schema =
      doc.paths['/api/v1/guilds/{guildId}/settings/karma'].get.responses['200'].content['application/json']
        .schema;
    expect(schema.required).toEqual(
      expect.arrayContaining([
        'guildId',
        'version',
        'karma',
        'levels',
        'announcements',
        'leaderboard',
        'quests',
        'achievements',
      ]),
    );
    expect(schema.properties.levels.properties.curve.oneOf).toHaveLength(4);
    expect(schema.properties.levels.required).toContain('roleRewards');
    expect(schema.properties.quests.items.required).toEqual(
      expect.arrayContaining(['key', 'target', 'reward', 'active']),
    );
    expect(schema.properties.announcements.required).not.toContain('channelId');
    expect(JSON.stringify(schema)).not.toContain('"default"');

    await t.app.inject({ method: 'PUT', url, headers: admin, payload: { karma: {}, levels: {} } });
  });

  it('lists every route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of [
      '/api/v1/karma/summary',
      '/api/v1/karma/logs',
      '/api/v1/karma/history',
      '/api/v1/karma/adjust',
      '/api/v1/guilds/{guildId}/settings/karma',
      '/api/v1/levels/me',
      '/api/v1/levels/leaderboard',
      '/api/v1/levels/me/rank',
      '/api/v1/levels/me/next-milestone',
      '/api/v1/levels/table',
      '/api/v1/levels/table/preview',
      '/api/v1/quests/daily',
      '/api/v1/quests/weekly',
      '/api/v1/quests/stats',
      '/api/v1/quests/{progress_id}/claim',
      '/api/v1/achievements',
      '/api/v1/users/{id}/achievements',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });
});
