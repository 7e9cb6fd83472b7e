import { beforeEach, describe, expect, it } from 'vitest';
import { servePresence, waitFor } from '../../../test/support/presence-server.ts';
import { nextEvent } from '../../../test/support/sse.ts';

describe('presence live count stream', () => {
  const served = servePresence();
  let headers: Record<string, string>;
  let stageId: string;

  beforeEach(async () => {
    headers = { authorization: `Bearer ${await served.t.token({ role: 'admin' })}` };
    const created = await fetch(`${served.base}/stages`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Live', external_id: `arn:stream:${Math.random()}` }),
    });
    stageId = ((await created.json()) as { id: string }).id;
  });

  it('pushes the count at once, then its changes, and ends when the client goes away', async () => {
    const res = await fetch(`${served.base}/stages/${stageId}/viewers/stream`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const buffer = { text: '' };
    const first = await nextEvent(reader, buffer, (e) => e.name === 'count');
    expect(first.data).toMatchObject({ stage_id: stageId, viewer_count: 0 });
    await fetch(`${served.base}/stages/${stageId}/viewers/join`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    await nextEvent(reader, buffer, (e) => e.name === 'count' && e.data.viewer_count === 1);
    served.clock.advance(120_001);
    await nextEvent(reader, buffer, (e) => e.name === 'count' && e.data.viewer_count === 0);
    expect(served.open).toBe(1);
    await reader.cancel();
    await waitFor(() => served.open === 0);
  });

  it('ends open streams when the server closes', async () => {
    const res = await fetch(`${served.base}/stages/${stageId}/viewers/stream`, { headers });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await nextEvent(reader, { text: '' }, (e) => e.name === 'count');
    await served.t.app.close();
    expect(served.open).toBe(0);
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
  });

  it('tells the stream when its stage is deleted, and ends it', async () => {
    const res = await fetch(`${served.base}/stages/${stageId}/viewers/stream`, { headers });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const buffer = { text: '' };
    await nextEvent(reader, buffer, (e) => e.name === 'count');
    await fetch(`${served.base}/stages/${stageId}`, { method: 'DELETE', headers });
    await expect(nextEvent(reader, buffer, (e) => e.name === 'deleted')).resolves.toMatchObject({
      data: { stage_id: stageId },
    });
    await waitFor(() => served.open === 0);
  });
});
