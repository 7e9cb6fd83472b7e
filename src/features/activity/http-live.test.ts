import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { GUILD, messageCreate, reactionAdd } from '../../../test/support/payloads.ts';
import { nextEvent, type SseEvent } from '../../../test/support/sse.ts';
import { normalizeDispatch } from '../../pipeline/normalize.ts';
import { Pipeline } from '../../pipeline/pipeline.ts';
import type { Db } from '../../platform/db/port.ts';
import { openPostgres } from '../../platform/db/postgres.ts';
import { silentLogger } from '../../platform/logger.ts';
import { syncPipelineFeature } from '../sync/pipeline.ts';
import { activityRoutes } from './http.ts';
import { activityPipelineFeature } from './pipeline.ts';

const DAY = '2026-02-11';
const NOW = Date.parse(`${DAY}T12:00:00Z`);

function totalsOf(event: SseEvent): Record<string, number> {
  return event.data.totals as Record<string, number>;
}

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`GET /api/v1/guilds/:guildId/stats/live on ${backend.name}`, () => {
    let database: TestDatabase;
    /** The writer's own connection on PostgreSQL, as a bot process would have. */
    let writerDb: Db;
    let pipeline: Pipeline;
    let t: TestApp;
    let base: string;
    let auth: { authorization: string };
    let seq = 0;

    const send = async (...payloads: ReturnType<typeof messageCreate>[]) => {
      const receivedAt = new Date(NOW);
      await pipeline.submitAndWait(payloads.flatMap((p) => normalizeDispatch(p, { receivedAt })));
    };
    const message = () =>
      messageCreate({ at: new Date(NOW - 60_000 + ++seq), userId: '400000000000000001', content: 'one two' });

    const open = async (query = '') => {
      const res = await fetch(`${base}/api/v1/guilds/${GUILD}/stats/live${query}`, { headers: auth });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      return { reader: (res.body as ReadableStream<Uint8Array>).getReader(), buffer: { text: '' } };
    };

    beforeAll(async () => {
      database = await backend.create({ migrated: true });
      writerDb = database.url ? openPostgres({ url: database.url, poolMax: 2 }) : database.db;
      pipeline = new Pipeline({
        db: writerDb,
        features: [syncPipelineFeature, activityPipelineFeature],
        logger: silentLogger,
      });
      await send(message(), message());
      t = await buildTestApp({
        // Without news a stream would only refresh every minute: each event below comes from a
        // notification of the pipeline's commit.
        apiPlugins: [
          activityRoutes({ db: database.db, now: () => NOW, liveIntervalMs: 60_000, liveCoalesceMs: 50 }),
        ],
      });
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      auth = { authorization: `Bearer ${await t.token({ guildIds: [GUILD] })}` };
    });
    afterAll(async () => {
      await t?.app.close();
      await pipeline?.close();
      if (writerDb !== database?.db) await writerDb?.close();
      await database?.dispose();
    });

    it('sends the statistics at once, then again when the pipeline commits new ones', async () => {
      const { reader, buffer } = await open();
      const first = await nextEvent(reader, buffer, (e) => e.name === 'stats');
      expect(first.data).toMatchObject({ guildId: GUILD, from: '2026-01-13', to: DAY });
      expect(totalsOf(first)).toMatchObject({ messages: 2, words: 4 });

      await send(message());
      const next = await nextEvent(reader, buffer, (e) => e.name === 'stats');
      expect(totalsOf(next)).toMatchObject({ messages: 3, words: 6 });
      expect(next.data.byDay).toEqual([expect.objectContaining({ day: DAY, messages: 3 })]);

      // Reactions move the statistics too; a crowd of messages arrives as few events, the last exact.
      await send(reactionAdd('1', '400000000000000002'));
      const reacted = await nextEvent(reader, buffer, (e) => e.name === 'stats');
      expect(totalsOf(reacted)).toMatchObject({ messages: 3, reactions: 1 });
      await send(...Array.from({ length: 20 }, message));
      await nextEvent(reader, buffer, (e) => e.name === 'stats' && totalsOf(e).messages === 23);
      await reader.cancel();
    });

    it('serves each query its own statistics, the same to the dashboards sharing a query', async () => {
      const a = await open('?user_id=400000000000000001&limit=1');
      const b = await open('?user_id=400000000000000001&limit=1');
      const other = await open('?user_id=400000000000000009');
      const [ea, eb, eo] = await Promise.all([
        nextEvent(a.reader, a.buffer, (e) => e.name === 'stats'),
        nextEvent(b.reader, b.buffer, (e) => e.name === 'stats'),
        nextEvent(other.reader, other.buffer, (e) => e.name === 'stats'),
      ]);
      expect(totalsOf(ea).messages).toBeGreaterThan(0);
      expect(eb.data).toEqual(ea.data);
      expect(totalsOf(eo).messages).toBe(0);
      expect((ea.data.byChannel as unknown[]).length).toBe(1);
      const before = totalsOf(ea).messages ?? 0;
      await send(message());
      const [na, nb] = await Promise.all([
        nextEvent(a.reader, a.buffer, (e) => e.name === 'stats'),
        nextEvent(b.reader, b.buffer, (e) => e.name === 'stats'),
      ]);
      expect(totalsOf(na).messages).toBe(before + 1);
      expect(nb.data).toEqual(na.data);
      await Promise.all([a.reader.cancel(), b.reader.cancel(), other.reader.cancel()]);
    });

    it('refuses a bad range, a foreign guild and a missing token before streaming', async () => {
      const bad = await fetch(`${base}/api/v1/guilds/${GUILD}/stats/live?from=2026-02-12&to=2026-02-10`, {
        headers: auth,
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'from' });
      const malformed = await fetch(`${base}/api/v1/guilds/${GUILD}/stats/live?limit=0`, { headers: auth });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ field: 'limit' });
      const foreign = await fetch(`${base}/api/v1/guilds/999999999999/stats/live`, { headers: auth });
      expect(foreign.status).toBe(403);
      expect((await fetch(`${base}/api/v1/guilds/${GUILD}/stats/live`)).status).toBe(401);
    });
  });
}
