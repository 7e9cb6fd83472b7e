import { beforeEach, describe, expect, it } from 'vitest';
import { servePresence, waitFor } from '../../../test/support/presence-server.ts';
import { nextEvent } from '../../../test/support/sse.ts';
import { insertSnapshots } from './snapshot-repository.ts';
import { T0 } from './test-kit.ts';

const ADMIN = '100000000000000001';
const VIEWER = '100000000000000002';
let guildSeq = 0;

describe('presence routes for dashboards: guild counts, their stream, viewers over time, current viewers', () => {
  const served = servePresence();
  let guild: string;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;

  beforeEach(async () => {
    guild = `30000000000000${String(++guildSeq).padStart(4, '0')}`;
    admin = {
      authorization: `Bearer ${await served.t.token({ userId: ADMIN, guildIds: [guild], role: 'admin' })}`,
    };
    viewer = { authorization: `Bearer ${await served.t.token({ userId: VIEWER, guildIds: [guild] })}` };
  });

  const post = async (path: string, body: object, headers: Record<string, string> = admin) => {
    const res = await fetch(`${served.base}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const get = async (path: string, headers: Record<string, string> = admin) => {
    const res = await fetch(`${served.base}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const createStage = async (name: string) => {
    const created = await post('/stages', { guild_id: guild, name, external_id: `arn:${name}:${guild}` });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const join = async (stageId: string, headers: Record<string, string> = viewer) => {
    const joined = await post(`/stages/${stageId}/viewers/join`, {}, headers);
    expect(joined.status).toBe(200);
    return joined.body.session_id as string;
  };

  it('answers the guild’s viewers now: the total and each stage’s count', async () => {
    const main = await createStage('Main');
    const side = await createStage('Side');
    await join(main);
    await join(main, admin);
    const { status, body } = await get(`/guilds/${guild}/viewers`, viewer);
    expect(status).toBe(200);
    expect(body).toEqual({
      guild_id: guild,
      total_viewers: 2,
      stages: [
        { stage_id: main, name: 'Main', kind: 'external', viewer_count: 2 },
        { stage_id: side, name: 'Side', kind: 'external', viewer_count: 0 },
      ],
      at: new Date(T0).toISOString(),
    });
    expect((await get(`/guilds/${guild}/viewers`, {})).status).toBe(401);
    const stranger = {
      authorization: `Bearer ${await served.t.token({ guildIds: ['399999999999999999'] })}`,
    };
    expect((await get(`/guilds/${guild}/viewers`, stranger)).status).toBe(403);
  });

  it('streams the guild’s counts at once, on joins and leaves, and on stages coming and going', async () => {
    const main = await createStage('Main');
    const res = await fetch(`${served.base}/guilds/${guild}/live`, { headers: viewer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const buffer = { text: '' };
    const first = await nextEvent(reader, buffer, (e) => e.name === 'counts');
    expect(first.data).toMatchObject({ guild_id: guild, total_viewers: 0, stages: [{ stage_id: main }] });
    expect(served.open).toBe(1);

    const session = await join(main);
    await nextEvent(reader, buffer, (e) => e.name === 'counts' && e.data.total_viewers === 1);
    await post(`/stages/${main}/viewers/leave`, { session_id: session });
    await nextEvent(reader, buffer, (e) => e.name === 'counts' && e.data.total_viewers === 0);

    // A new stage shows up with the next tick; a vanished viewer stops counting with the TTL.
    const side = await createStage('Side');
    await nextEvent(
      reader,
      buffer,
      (e) => Array.isArray(e.data.stages) && e.data.stages.some((s) => s.stage_id === side),
    );
    await join(side);
    await nextEvent(reader, buffer, (e) => e.name === 'counts' && e.data.total_viewers === 1);
    served.clock.advance(120_001);
    await nextEvent(reader, buffer, (e) => e.name === 'counts' && e.data.total_viewers === 0);

    await reader.cancel();
    await waitFor(() => served.open === 0);
  });

  it('refuses the stream to strangers and ends it when the server closes', async () => {
    expect((await fetch(`${served.base}/guilds/${guild}/live`)).status).toBe(401);
    const stranger = {
      authorization: `Bearer ${await served.t.token({ guildIds: ['399999999999999999'] })}`,
    };
    expect((await fetch(`${served.base}/guilds/${guild}/live`, { headers: stranger })).status).toBe(403);

    const res = await fetch(`${served.base}/guilds/${guild}/live`, { headers: viewer });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await nextEvent(reader, { text: '' }, (e) => e.name === 'counts');
    await served.t.app.close();
    expect(served.open).toBe(0);
    for (;;) if ((await reader.read()).done) break;
  });

  it('sums the stages’ snapshots per slot, deleted stages included, other guilds not', async () => {
    const main = await createStage('Main');
    const side = await createStage('Side');
    const slot = (minutes: number) => new Date(T0 - minutes * 60_000);
    await insertSnapshots(served.db, [
      { stageId: main, takenAt: slot(10), viewerCount: 3 },
      { stageId: side, takenAt: slot(10), viewerCount: 4 },
      { stageId: main, takenAt: slot(5), viewerCount: 2 },
    ]);
    const otherGuild = (await served.t.token({ guildIds: ['399999999999999998'], role: 'admin' })) as string;
    const other = await post(
      '/stages',
      { name: 'Elsewhere', external_id: `arn:elsewhere:${guild}` },
      { authorization: `Bearer ${otherGuild}` },
    );
    await insertSnapshots(served.db, [
      { stageId: other.body.id as string, takenAt: slot(5), viewerCount: 50 },
    ]);
    expect((await fetch(`${served.base}/stages/${side}`, { method: 'DELETE', headers: admin })).status).toBe(
      200,
    );

    const { status, body } = await get(`/guilds/${guild}/viewers/snapshots`, viewer);
    expect(status).toBe(200);
    expect(body).toEqual({
      guild_id: guild,
      from: new Date(T0 - 86_400_000).toISOString(),
      to: new Date(T0).toISOString(),
      snapshots: [
        { taken_at: slot(10).toISOString(), viewer_count: 7 },
        { taken_at: slot(5).toISOString(), viewer_count: 2 },
      ],
    });
    const narrow = await get(
      `/guilds/${guild}/viewers/snapshots?from=${slot(7).toISOString()}&to=${slot(0).toISOString()}`,
    );
    expect(narrow.body.snapshots).toEqual([{ taken_at: slot(5).toISOString(), viewer_count: 2 }]);
    const reversed = await get(
      `/guilds/${guild}/viewers/snapshots?from=${slot(0).toISOString()}&to=${slot(7).toISOString()}`,
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
  });

  it('lists who is watching a stage now, to admins only, as the count counts them', async () => {
    const main = await createStage('Main');
    await served.db.query(
      `INSERT INTO members (guild_id, user_id, username, display_name) VALUES ($1, $2, 'viewer', 'Vera')`,
      [guild, VIEWER],
    );
    const session = await join(main);
    served.clock.advance(1_000);
    const adminSession = await join(main, admin);
    const { status, body } = await get(`/stages/${main}/viewers`);
    expect(status).toBe(200);
    expect(body).toEqual({
      stage_id: main,
      viewer_count: 2,
      at: new Date(T0 + 1_000).toISOString(),
      viewers: [
        {
          session_id: adminSession,
          source: 'web',
          user_id: ADMIN,
          participant_id: null,
          name: null,
          joined_at: new Date(T0 + 1_000).toISOString(),
          last_heartbeat_at: new Date(T0 + 1_000).toISOString(),
        },
        {
          session_id: session,
          source: 'web',
          user_id: VIEWER,
          participant_id: null,
          name: 'Vera',
          joined_at: new Date(T0).toISOString(),
          last_heartbeat_at: new Date(T0).toISOString(),
        },
      ],
    });
    expect((await get(`/stages/${main}/viewers?limit=1`)).body.viewers).toHaveLength(1);
    // Past the first viewer's TTL: gone from the list as from the count.
    served.clock.advance(119_500);
    const later = await get(`/stages/${main}/viewers`);
    expect(later.body).toMatchObject({ viewer_count: 1, viewers: [{ session_id: adminSession }] });
    expect((await get(`/stages/${main}/viewers`, viewer)).status).toBe(403);
  });
});
