import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ALICE, at, BOB, G, message } from '../../../test/support/rewards-fixtures.ts';
import { createPgliteHarness, type Harness, seedAliceAndBob } from '../../../test/support/rewards-harness.ts';

import { rewardsApiPlugins } from '../../roles/rewards.ts';

describe('the reward settings API', () => {
  let h: Harness;
  let t: TestApp;
  let member: { authorization: string };
  let admin: { authorization: string };

  beforeAll(async () => {
    h = await createPgliteHarness();
    await seedAliceAndBob(h);
    await h.run(message({ userId: ALICE, at: at(100) }));
    t = await buildTestApp({
      apiPlugins: rewardsApiPlugins(h.services),
      env: { API_RATE_LIMIT_PER_MINUTE: '100000' },
    });
    member = { authorization: `Bearer ${await t.token({ userId: ALICE, guildIds: [G] })}` };
    admin = { authorization: `Bearer ${await t.token({ userId: BOB, guildIds: [G], role: 'admin' })}` };
  });
  afterAll(async () => {
    await t?.app.close();
    await h?.close();
    await h?.t.dispose();
  });

  const get = (url: string, headers: Record<string, string> = member) =>
    t.app.inject({ method: 'GET', url, headers });

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

  it('lists every route of the reward features in the OpenAPI document', async () => {
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
