import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ALICE, addGuild, BOB, CAROL, G, totalOf } from '../../../test/support/rewards-fixtures.ts';
import { createPgliteHarness, type Harness } from '../../../test/support/rewards-harness.ts';
import { MAX_IMPORT_BYTES } from './domain/index.ts';
import { levelImportRoutes } from './http.ts';
import type { LevelImportService } from './service.ts';
import { csvExport, mee6Export, userIds } from './test-kit.ts';

const OTHER_GUILD = '500000000000000777';
const UNKNOWN_GUILD = '500000000000000888';

describe('level import API', () => {
  let h: Harness;
  let t: TestApp;
  let admin: Record<string, string>;
  let member: Record<string, string>;
  let otherAdmin: Record<string, string>;

  beforeAll(async () => {
    h = await createPgliteHarness();
    t = await buildTestApp({
      // The service is read per request: the harness replaces it on reset.
      apiPlugins: [
        async (app) => {
          await app.register(levelImportRoutes({ service: lazyService() }));
        },
        // A sibling route: the raw-body parsers must stay inside the import plugin.
        async (app) => {
          app.post('/echo', async (request) => ({ body: request.body }));
        },
      ],
      env: { API_RATE_LIMIT_PER_MINUTE: '100000' },
      toyRoutes: true,
    });
    admin = {
      authorization: `Bearer ${await t.token({ userId: BOB, guildIds: [G, UNKNOWN_GUILD], role: 'admin' })}`,
    };
    member = { authorization: `Bearer ${await t.token({ userId: ALICE, guildIds: [G] })}` };
    otherAdmin = {
      authorization: `Bearer ${await t.token({ userId: BOB, guildIds: [OTHER_GUILD], role: 'admin' })}`,
    };
  });
  afterAll(async () => {
    await t?.app.close();
    await h?.close();
    await h?.t.dispose();
  });
  beforeEach(async () => {
    await h.reset();
    await addGuild(h.t.db, G);
  });

  function lazyService(): LevelImportService {
    return new Proxy({} as LevelImportService, {
      get: (_target, key) => {
        const service = h.services.levelImport;
        const value: unknown = Reflect.get(service, key);
        return typeof value === 'function' ? value.bind(service) : value;
      },
    });
  }

  const post = (
    query: string,
    payload: string | Buffer,
    options: { headers?: Record<string, string>; type?: string; guild?: string } = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/levels/${options.guild ?? G}?${query}`,
      headers: { ...(options.headers ?? admin), 'content-type': options.type ?? 'application/json' },
      payload,
    });

  const file = mee6Export([
    { id: ALICE, xp: 1150 },
    { id: BOB, xp: 100 },
  ]);
  const importRows = async () =>
    (await h.t.db.query("SELECT user_id FROM karma_ledger WHERE source = 'import'")).rows.length;

  it('answers a dry run with the plan and writes nothing', async () => {
    const res = await post('format=mee6&dry_run=true', file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      guildId: G,
      format: 'mee6',
      mode: 'xp',
      dryRun: true,
      applied: null,
      summary: { usersInFile: 2, usersChanged: 2, karmaAdded: 1250, levelChanges: 2 },
      rows: [
        { userId: ALICE, delta: 1150, oldLevel: 0, newLevel: 5, status: 'raise' },
        { userId: BOB, delta: 100, newLevel: 1 },
      ],
    });
    expect(await importRows()).toBe(0);
  });

  it('pays on a real run, and nothing when the same file comes again', async () => {
    const first = await post('format=mee6&mode=xp&dry_run=false', file);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ dryRun: false, applied: { users: 2, karma: 1250, levelUps: 2 } });
    const again = await post('format=mee6', file);
    expect(again.json()).toMatchObject({
      applied: { users: 0, karma: 0 },
      summary: { usersChanged: 0, alreadyImported: 2 },
    });
    expect(await importRows()).toBe(2);
    const ledger = await h.t.db.query<{ actor_id: string }>(
      "SELECT DISTINCT actor_id FROM karma_ledger WHERE source = 'import'",
    );
    expect(ledger.rows).toEqual([{ actor_id: BOB }]);
  });

  it('takes a CSV as text/csv or text/plain, beyond the default body limit', async () => {
    const ids = userIds(40_000);
    const csv = csvExport(ids.map((id) => ({ id, xp: 5 })));
    expect(csv.length).toBeGreaterThan(1_048_576);
    const res = await post('format=csv&dry_run=true&preview=3', csv, { type: 'text/csv; charset=utf-8' });
    expect(res.statusCode).toBe(200);
    expect(res.json().summary.usersInFile).toBe(40_000);
    expect(res.json().rows).toHaveLength(3);
    const plain = await post('format=csv', `userId,xp\n${CAROL},7`, { type: 'text/plain' });
    expect(plain.json()).toMatchObject({ applied: { users: 1 } });
    expect(await totalOf(h.t.db, CAROL)).toBe(7);
  });

  it('answers 400 naming the line of a bad file', async () => {
    const csv = `user_id,xp\n${ALICE},5\n${BOB},-3\n`;
    const res = await post('format=csv', csv, { type: 'text/csv' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'line 3, column "xp"',
      message: 'line 3, column "xp": must not be negative',
    });
    const json = await post('format=mee6', '{"players": [\n{"id": "1"\n]}');
    expect(json.json()).toMatchObject({ statusCode: 400, field: 'line 3, column 1' });
    const level = await post('format=csv&mode=level', `user_id,xp\n${ALICE},5`, { type: 'text/csv' });
    expect(level.json()).toMatchObject({ statusCode: 400, field: 'line 2' });
    const empty = await post('format=polaris', '');
    expect(empty.json()).toMatchObject({ statusCode: 400, message: 'the file is empty' });
    expect(await importRows()).toBe(0);
  });

  it('validates the query, naming the parameter', async () => {
    expect((await post('mode=xp', file)).json()).toMatchObject({ statusCode: 400, field: 'format' });
    expect((await post('format=mee7', file)).json()).toMatchObject({ statusCode: 400, field: 'format' });
    expect((await post('format=mee6&mode=levels', file)).json()).toMatchObject({
      statusCode: 400,
      field: 'mode',
    });
    expect((await post('format=mee6&dry_run=maybe', file)).json()).toMatchObject({
      statusCode: 400,
      field: 'dry_run',
    });
  });

  it('refuses members (403), tokens for other guilds (403), no token (401)', async () => {
    expect((await post('format=mee6', file, { headers: member })).statusCode).toBe(403);
    expect((await post('format=mee6', file, { headers: otherAdmin })).statusCode).toBe(403);
    expect((await post('format=mee6', file, { headers: {} })).statusCode).toBe(401);
    expect(await importRows()).toBe(0);
  });

  it('answers 404 for a guild Hearth does not know', async () => {
    const res = await post('format=mee6', file, { guild: UNKNOWN_GUILD });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', field: 'guildId' });
  });

  it('leaves JSON parsing of the other routes alone', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/echo', payload: { a: 1 } });
    expect(res.json()).toEqual({ body: { a: 1 } });
  });

  it('answers 415 to other content types and 413 above the import limit', async () => {
    expect((await post('format=csv', 'a', { type: 'application/xml' })).statusCode).toBe(415);
    const huge = Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x20);
    expect((await post('format=csv', huge, { type: 'text/csv' })).json()).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });
});
