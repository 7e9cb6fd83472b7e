import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { nextEvent } from '../../../test/support/sse.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { openPglite } from '../../platform/db/pglite.ts';
import type { Db } from '../../platform/db/port.ts';
import { createMemoryHotStore, type MemoryHotStore } from '../../platform/hot/memory.ts';
import { presenceRoutes } from './http.ts';
import { type Clock, fakeClock } from './test-kit.ts';

describe('presence live count stream', () => {
  let db: Db;
  let hot: MemoryHotStore;
  let clock: Clock;
  let t: TestApp;
  let base: string;
  let headers: Record<string, string>;
  let open = 0;
  let stageId: string;

  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });
  afterEach(async () => {
    await t?.app.close();
    await hot?.close();
  });

  beforeEach(async () => {
    clock = fakeClock();
    hot = createMemoryHotStore({ now: clock.now, sweepIntervalMs: 0 });
    t = await buildTestApp({
      apiPlugins: [
        presenceRoutes({
          db,
          hot,
          now: clock.now,
          streamIntervalMs: 50,
          onStreamsChange: (n) => {
            open = n;
          },
        }),
      ],
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1`;
    headers = { authorization: `Bearer ${await t.token({ role: 'admin' })}` };
    const created = await fetch(`${base}/stages`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Live', external_id: `arn:stream:${Math.random()}` }),
    });
    stageId = ((await created.json()) as { id: string }).id;
  });

  const waitFor = async (condition: () => boolean) => {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(condition()).toBe(true);
  };

  it('pushes the count at once, then its changes, and ends when the client goes away', async () => {
    const res = await fetch(`${base}/stages/${stageId}/viewers/stream`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const buffer = { text: '' };
    const first = await nextEvent(reader, buffer, (e) => e.name === 'count');
    expect(first.data).toMatchObject({ stage_id: stageId, viewer_count: 0 });
    await fetch(`${base}/stages/${stageId}/viewers/join`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    await nextEvent(reader, buffer, (e) => e.name === 'count' && e.data.viewer_count === 1);
    clock.advance(120_001);
    await nextEvent(reader, buffer, (e) => e.name === 'count' && e.data.viewer_count === 0);
    expect(open).toBe(1);
    await reader.cancel();
    await waitFor(() => open === 0);
  });

  it('ends open streams when the server closes', async () => {
    const res = await fetch(`${base}/stages/${stageId}/viewers/stream`, { headers });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await nextEvent(reader, { text: '' }, (e) => e.name === 'count');
    await t.app.close();
    expect(open).toBe(0);
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
  });

  it('tells the stream when its stage is deleted, and ends it', async () => {
    const res = await fetch(`${base}/stages/${stageId}/viewers/stream`, { headers });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const buffer = { text: '' };
    await nextEvent(reader, buffer, (e) => e.name === 'count');
    await fetch(`${base}/stages/${stageId}`, { method: 'DELETE', headers });
    await expect(nextEvent(reader, buffer, (e) => e.name === 'deleted')).resolves.toMatchObject({
      data: { stage_id: stageId },
    });
    await waitFor(() => open === 0);
  });
});
