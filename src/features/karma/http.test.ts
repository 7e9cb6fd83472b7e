import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ALICE, at, BOB, G, message } from '../../../test/support/rewards-fixtures.ts';
import { createPgliteHarness, type Harness, seedAliceAndBob } from '../../../test/support/rewards-harness.ts';

import { karmaRoutes } from './http.ts';

const OTHER_GUILD = '500000000000000777';

describe('the karma API', () => {
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
      apiPlugins: [karmaRoutes({ karma: h.services.karma })],
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
});
