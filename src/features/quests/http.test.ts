import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ALICE, at, BOB, G, message } from '../../../test/support/rewards-fixtures.ts';
import { createPgliteHarness, type Harness } from '../../../test/support/rewards-harness.ts';
import { questsRoutes } from './http.ts';

describe('quests API', () => {
  let h: Harness;
  let t: TestApp;
  let alice: { authorization: string };
  let bob: { authorization: string };

  beforeAll(async () => {
    h = await createPgliteHarness();
    await h.run(message({ userId: ALICE, at: at(0) }));
    t = await buildTestApp({
      apiPlugins: [questsRoutes({ quests: h.services.quests })],
      env: { API_RATE_LIMIT_PER_MINUTE: '100000' },
    });
    alice = { authorization: `Bearer ${await t.token({ userId: ALICE, guildIds: [G] })}` };
    bob = { authorization: `Bearer ${await t.token({ userId: BOB, guildIds: [G] })}` };
  });
  afterAll(async () => {
    await t?.app.close();
    await h?.close();
    await h?.t.dispose();
  });

  const daily = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/quests/daily', headers: alice })).json();
  const claim = (id: string, headers = alice) =>
    t.app.inject({ method: 'POST', url: `/api/v1/quests/${id}/claim`, headers });

  it("lists the caller's daily and weekly quests", async () => {
    const body = await daily();
    expect(body).toMatchObject({ period: 'daily', periodKey: '2026-11-25' });
    expect(body.quests).toHaveLength(10);
    expect(body.quests.find((q: { key: string }) => q.key === 'daily_check_in')).toMatchObject({
      status: 'COMPLETED',
      claimable: true,
      nameZh: '每日報到',
    });
    const weekly = await t.app.inject({ method: 'GET', url: '/api/v1/quests/weekly', headers: alice });
    expect(weekly.json().quests).toHaveLength(7);
  });

  it('claims a completed quest once: then 409, and 404 for someone else', async () => {
    const quest = (await daily()).quests.find((q: { key: string }) => q.key === 'daily_check_in');
    expect((await claim(quest.progressId, bob)).statusCode).toBe(404);
    const ok = await claim(quest.progressId);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'CLAIMED', reward: 10, paid: true });
    const again = await claim(quest.progressId);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CONFLICT', field: 'progress_id' });
  });

  it('answers 409 for a quest not completed yet and 404 for an unknown one', async () => {
    const quest = (await daily()).quests.find((q: { key: string }) => q.key === 'daily_chatter');
    expect((await claim(quest.progressId)).statusCode).toBe(409);
    expect((await claim('987654321')).statusCode).toBe(404);
    expect((await claim('abc')).json()).toMatchObject({ statusCode: 400, field: 'progress_id' });
  });

  it('summarises quest stats', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/quests/stats', headers: alice });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 17, claimed: 1, karmaClaimed: 10 });
  });

  it("answers the guild's active quests of the day and week with its members' counts", async () => {
    const guild = (headers = alice, id = G) =>
      t.app.inject({ method: 'GET', url: `/api/v1/guilds/${id}/quests/active`, headers });
    const res = await guild();
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ guildId: G });
    expect(body.periods.map((p: { period: string; periodKey: string }) => [p.period, p.periodKey])).toEqual([
      ['daily', '2026-11-25'],
      ['weekly', '2026-W48'],
    ]);
    expect(body.periods[0].quests).toHaveLength(10);
    expect(body.periods[1].quests).toHaveLength(7);
    // Alice claimed her check-in above; Bob, who never wrote, holds no quest until he visits.
    const checkIn = body.periods[0].quests.find((q: { key: string }) => q.key === 'daily_check_in');
    expect(checkIn).toMatchObject({
      nameZh: '每日報到',
      members: 1,
      inProgress: 0,
      completed: 1,
      claimed: 1,
    });
    await t.app.inject({ method: 'GET', url: '/api/v1/quests/daily', headers: bob });
    const after = (await guild(bob)).json();
    expect(after.periods[0].quests.find((q: { key: string }) => q.key === 'daily_check_in')).toMatchObject({
      members: 2,
      completed: 1,
      claimed: 1,
    });
    expect((await guild(alice, '999999999999')).statusCode).toBe(403);
    expect((await guild(alice, 'abc')).json()).toMatchObject({ statusCode: 400, field: 'guildId' });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/guilds/${G}/quests/active` })).statusCode).toBe(
      401,
    );
  });

  it('needs a token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/quests/daily' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/quests/1/claim' })).statusCode).toBe(401);
  });
});
