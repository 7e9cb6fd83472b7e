import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { openTestPglite } from '../../../test/support/databases.ts';
import { nextEvent } from '../../../test/support/sse.ts';
import type { Db } from '../../platform/db/port.ts';
import { silentLogger } from '../../platform/logger.ts';
import type { Queue } from '../../platform/queue/index.ts';
import { historyImportRoutes } from './http.ts';
import { claimTask, saveProgress } from './repository.ts';
import { HISTORY_IMPORT_QUEUE, HistoryImportService } from './service.ts';

const GUILD = '200000000000000001';
const OTHER = '200000000000000002';
const CHANNEL = '300000000000000001';
const ADMIN = { role: 'admin' as const, guildIds: [GUILD] };

describe('history import API', () => {
  let db: Db;
  let t: TestApp;
  let sent: { name: string; data: object }[];

  beforeAll(async () => {
    db = await openTestPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  beforeEach(async () => {
    await db.query('DELETE FROM history_fetch_tasks');
    sent = [];
    const queue = {
      send: async (name: string, data: object) => {
        sent.push({ name, data });
        return 'job';
      },
    } as unknown as Queue;
    const service = new HistoryImportService({
      db,
      // Hearth knows two guilds, and one channel of the first.
      guilds: {
        exists: async (guildId) => guildId === GUILD || guildId === OTHER,
        knownChannels: async (guildId, ids) =>
          new Set(guildId === GUILD ? ids.filter((id) => id === CHANNEL) : []),
      },
      queue,
      logger: silentLogger,
    });
    t = await buildTestApp({ apiPlugins: [historyImportRoutes({ service, streamIntervalMs: 20 })] });
  });
  afterEach(async () => {
    await t?.app.close();
  });

  const start = async (body: object | undefined, auth: object = ADMIN, guild = GUILD) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/fetch/${guild}/start`,
      headers: { authorization: `Bearer ${await t.token(auth)}` },
      ...(body === undefined ? {} : { payload: body }),
    });

  it('starts a task (201), enqueues its job and answers 409 while it is unfinished', async () => {
    const first = await start({ channel_ids: [CHANNEL], since: '2026-01-01T00:00:00Z', award_karma: false });
    expect(first.statusCode).toBe(201);
    const task = first.json();
    expect(task).toMatchObject({
      guild_id: GUILD,
      status: 'pending',
      channel_ids: [CHANNEL],
      since: '2026-01-01T00:00:00.000Z',
      award_karma: false,
      requested_by: '100000000000000001',
      percent: 0,
    });
    expect(sent).toEqual([{ name: HISTORY_IMPORT_QUEUE, data: { taskId: task.id } }]);
    const second = await start(undefined);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'CONFLICT' });
    expect(second.json().message).toContain(`task ${task.id}`);
  });

  it('refuses bad input with the field named', async () => {
    const cases: [object, string][] = [
      [{ since: 'yesterday' }, 'since'],
      [{ channel_ids: ['abc'] }, 'channel_ids'],
      [{ channel_ids: ['300000000000000999'] }, 'channel_ids'],
      [{ since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' }, 'since'],
      [{ award_karma: 'yes' }, 'award_karma'],
      [{ unknown: 1 }, 'unknown'],
    ];
    for (const [body, field] of cases) {
      const response = await start(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().message, JSON.stringify(body)).toContain(field);
    }
    expect(sent).toEqual([]);
  });

  it('is for admins of that guild only, and knows only guilds Hearth is in', async () => {
    expect((await start({}, { role: 'member', guildIds: [GUILD] })).statusCode).toBe(403);
    expect((await start({}, ADMIN, OTHER)).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'POST', url: `/api/v1/fetch/${GUILD}/start` });
    expect(anonymous.statusCode).toBe(401);
    const unknown = await start(
      {},
      { role: 'admin', guildIds: ['200000000000000009'] },
      '200000000000000009',
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('lists tasks newest first, shows one with its channels, and cancels it once', async () => {
    const headers = { authorization: `Bearer ${await t.token(ADMIN)}` };
    const a = (await start({})).json();
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/history/${GUILD}/tasks/${a.id}/cancel`,
      headers,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ id: a.id, status: 'cancelled' });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/history/${GUILD}/tasks/${a.id}/cancel`,
      headers,
    });
    expect(again.statusCode).toBe(409);
    const b = (await start({})).json();
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/history/${GUILD}/tasks?limit=10`,
      headers,
    });
    expect(list.json().tasks.map((x: { id: string }) => x.id)).toEqual([b.id, a.id]);
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/history/${GUILD}/tasks/${b.id}`, headers });
    expect(one.json()).toMatchObject({ id: b.id, status: 'pending', channels: [] });
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/v1/history/${GUILD}/tasks/999999`,
      headers,
    });
    expect(foreign.statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'GET', url: `/api/v1/history/${GUILD}/tasks?limit=0`, headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('limit');
  });

  it('streams progress until the task ends', async () => {
    const task = (await start({})).json();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/history/${GUILD}/tasks/${task.id}/stream`, {
      headers: { authorization: `Bearer ${await t.token(ADMIN)}` },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const buffer = { text: '' };
    const first = await nextEvent(reader, buffer, (e) => e.name === 'progress');
    expect(first.data).toMatchObject({ id: task.id, status: 'pending' });
    await claimTask(db, task.id, 'runner', 10_000);
    await saveProgress(db, task.id, 'runner', { progress: 0.5, rate: 120, eta: 30, runSeconds: 2 });
    const moved = await nextEvent(reader, buffer, (e) => e.name === 'progress' && e.data.percent === 50);
    expect(moved.data).toMatchObject({ status: 'running', rate_per_second: 120, eta_seconds: 30 });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/history/${GUILD}/tasks/${task.id}/cancel`,
      headers: { authorization: `Bearer ${await t.token(ADMIN)}` },
    });
    const end = await nextEvent(reader, buffer, (e) => e.name === 'end');
    expect(end.data).toEqual({ status: 'cancelled' });
    await reader.cancel();
  });
});
