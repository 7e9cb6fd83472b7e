import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ALICE, at, BOB, G, message } from '../../../test/support/rewards-fixtures.ts';
import { createPgliteHarness, type Harness } from '../../../test/support/rewards-harness.ts';
import { achievementsRoutes } from './http.ts';

describe('achievements API', () => {
  let h: Harness;
  let t: TestApp;
  let bob: { authorization: string };

  beforeAll(async () => {
    h = await createPgliteHarness();
    await h.run(message({ userId: ALICE, at: at(0) }));
    t = await buildTestApp({ apiPlugins: [achievementsRoutes({ achievements: h.services.achievements })] });
    bob = { authorization: `Bearer ${await t.token({ userId: BOB, guildIds: [G] })}` };
  });
  afterAll(async () => {
    await t?.app.close();
    await h?.close();
    await h?.t.dispose();
  });

  it("lists the guild's achievements with the caller's progress", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/achievements', headers: bob });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ userId: BOB, unlocked: 0 });
    expect(res.json().achievements[0]).toMatchObject({
      key: 'first_message',
      unlocked: false,
      current: 0,
      target: 1,
    });
  });

  it("shows another member's unlocks", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/users/${ALICE}/achievements`,
      headers: bob,
    });
    expect(res.statusCode).toBe(200);
    const first = res.json().achievements.find((a: { key: string }) => a.key === 'first_message');
    expect(first).toMatchObject({ unlocked: true, fraction: 1 });
    expect(first.unlockedAt).toBe('2026-11-25T12:00:00.000Z');
    expect(res.json().unlocked).toBe(2);
  });

  it('refuses a malformed user id naming the field, and callers without a token', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/users/alice/achievements', headers: bob });
    expect(bad.json()).toMatchObject({ statusCode: 400, field: 'id' });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/achievements' })).statusCode).toBe(401);
  });
});
