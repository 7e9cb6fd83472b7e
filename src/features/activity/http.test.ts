import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { openTestPglite } from '../../../test/support/databases.ts';
import { GUILD, messageCreate, reactionAdd } from '../../../test/support/payloads.ts';
import { normalizeDispatch } from '../../pipeline/normalize.ts';
import { Pipeline } from '../../pipeline/pipeline.ts';
import type { Db } from '../../platform/db/port.ts';
import { silentLogger } from '../../platform/logger.ts';
import { syncPipelineFeature } from '../sync/pipeline.ts';
import { activityRoutes } from './http.ts';
import { activityPipelineFeature } from './pipeline.ts';

describe('GET /api/v1/guilds/:guildId/stats', () => {
  let db: Db;
  let t: TestApp;
  let auth: { authorization: string };
  beforeAll(async () => {
    db = await openTestPglite();
    const pipeline = new Pipeline({
      db,
      features: [syncPipelineFeature, activityPipelineFeature],
      logger: silentLogger,
    });
    const receivedAt = new Date('2026-02-11T12:00:00Z');
    const payloads = [
      messageCreate({ at: new Date('2026-02-10T10:00:00Z'), userId: '400000000000000001', content: 'a b c' }),
      messageCreate({ at: new Date('2026-02-10T11:00:00Z'), userId: '400000000000000002', content: 'a' }),
      messageCreate({
        at: new Date('2026-02-11T11:00:00Z'),
        userId: '400000000000000001',
        channelId: '300000000000000011',
      }),
      reactionAdd('1', '400000000000000002'),
    ];
    await pipeline.submitAndWait(payloads.flatMap((p) => normalizeDispatch(p, { receivedAt })));
    await pipeline.close();
    t = await buildTestApp({ apiPlugins: [activityRoutes({ db })] });
    auth = { authorization: `Bearer ${await t.token({ guildIds: [GUILD] })}` };
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  it('answers totals, days, channels and members over a range', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/guilds/${GUILD}/stats?from=2026-02-10&to=2026-02-11`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totals).toEqual({
      messages: 3,
      words: 7,
      attachments: 0,
      edits: 0,
      deletions: 0,
      reactions: 1,
      activeMembers: 2,
    });
    expect(body.byDay.map((d: { day: string; messages: number }) => [d.day, d.messages])).toEqual([
      ['2026-02-10', 2],
      ['2026-02-11', 1],
    ]);
    expect(body.byChannel[0]).toMatchObject({ channelId: '300000000000000010', messages: 2 });
    expect(body.byUser[0]).toMatchObject({ userId: '400000000000000001', messages: 2, words: 6 });
  });

  it('narrows to one member', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/guilds/${GUILD}/stats?from=2026-02-10&to=2026-02-11&user_id=400000000000000002`,
      headers: auth,
    });
    expect(res.json().totals).toMatchObject({ messages: 1, reactions: 1 });
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/guilds/${GUILD}/stats?from=2026-02-11&to=2026-02-10`,
      headers: auth,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
  });

  it('refuses a malformed date, naming the field', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/guilds/${GUILD}/stats?from=yesterday`,
      headers: auth,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'from' });
  });

  it("refuses a guild outside the caller's token", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/guilds/999999999999/stats',
      headers: auth,
    });
    expect(res.statusCode).toBe(403);
  });

  it('needs a token', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/guilds/${GUILD}/stats` });
    expect(res.statusCode).toBe(401);
  });
});
