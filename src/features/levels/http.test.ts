import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ALICE, at, BOB, G, message } from '../../../test/support/rewards-fixtures.ts';
import { createPgliteHarness, type Harness, seedAliceAndBob } from '../../../test/support/rewards-harness.ts';

import { rewardsSettingsRoutes } from '../rewards/http.ts';
import { levelsRoutes } from './http.ts';

const OTHER_GUILD = '500000000000000777';

describe('the levels API', () => {
  let h: Harness;
  let t: TestApp;
  let member: { authorization: string };
  let admin: { authorization: string };
  let stranger: { authorization: string };

  beforeAll(async () => {
    h = await createPgliteHarness();
    await seedAliceAndBob(h);
    await h.run(message({ userId: ALICE, at: at(100) }));
    t = await buildTestApp({
      apiPlugins: [
        levelsRoutes({ levels: h.services.levels }),
        rewardsSettingsRoutes({ settings: h.services.settings }),
      ],
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
});
