import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { openTestPglite } from '../../../test/support/databases.ts';
import type { Db } from '../../platform/db/port.ts';
import { syncRoutes } from './http.ts';
import { createSyncService } from './service.ts';

const GUILD = '200000000000000001';
const OTHER = '200000000000000002';

describe("GET /api/v1/guilds/:guildId/channels and /roles: a guild's lists for the dashboard", () => {
  let db: Db;
  let t: TestApp;
  beforeAll(async () => {
    db = await openTestPglite();
    await db.query("INSERT INTO guilds (id, name) VALUES ($1, 'Hearth'), ($2, 'Other')", [GUILD, OTHER]);
    await db.query(
      `INSERT INTO channels (id, guild_id, name, type, parent_id, position, deleted_at) VALUES
         (300000000000000001, $1, 'general', 0, NULL, 1, NULL),
         (300000000000000002, $1, 'announcements', 5, NULL, 0, NULL),
         (300000000000000003, $1, 'a thread', 11, 300000000000000001, 0, NULL),
         (300000000000000004, $1, 'gone', 0, NULL, 2, now()),
         (300000000000000005, $2, 'elsewhere', 0, NULL, 0, NULL)`,
      [GUILD, OTHER],
    );
    await db.query(
      `INSERT INTO roles (guild_id, id, name, position, color, managed, deleted_at) VALUES
         ($1, $1, '@everyone', 0, 0, false, NULL),
         ($1, 400000000000000001, 'Member', 1, 0, false, NULL),
         ($1, 400000000000000002, 'Moderator', 3, 3447003, false, NULL),
         ($1, 400000000000000003, 'Hearth', 2, 0, true, NULL),
         ($1, 400000000000000004, 'Retired', 4, 0, false, now()),
         ($2, 400000000000000005, 'Elsewhere', 1, 0, false, NULL)`,
      [GUILD, OTHER],
    );
    t = await buildTestApp({
      apiPlugins: [syncRoutes({ service: createSyncService({ db, queue: undefined }) })],
    });
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.close();
  });

  const get = async (list: 'channels' | 'roles', auth: object | null, guild = GUILD) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/guilds/${guild}/${list}`,
      headers: auth ? { authorization: `Bearer ${await t.token(auth)}` } : {},
    });

  it("lists the guild's channels and threads in Discord's order, without deleted ones", async () => {
    const res = await get('channels', { role: 'admin', guildIds: [GUILD] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      guildId: GUILD,
      channels: [
        { id: '300000000000000002', name: 'announcements', type: 5, parentId: null, position: 0 },
        { id: '300000000000000003', name: 'a thread', type: 11, parentId: '300000000000000001', position: 0 },
        { id: '300000000000000001', name: 'general', type: 0, parentId: null, position: 1 },
      ],
    });
  });

  it("lists the guild's roles highest first, without @everyone or deleted ones", async () => {
    const res = await get('roles', { role: 'admin', guildIds: [GUILD] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      guildId: GUILD,
      roles: [
        { id: '400000000000000002', name: 'Moderator', color: 3447003, position: 3, managed: false },
        { id: '400000000000000003', name: 'Hearth', color: 0, position: 2, managed: true },
        { id: '400000000000000001', name: 'Member', color: 0, position: 1, managed: false },
      ],
    });
  });

  it.each(['channels', 'roles'] as const)('answers %s to admins of that guild only', async (list) => {
    expect((await get(list, null)).statusCode).toBe(401);
    expect((await get(list, { role: 'member', guildIds: [GUILD] })).statusCode).toBe(403);
    expect((await get(list, { role: 'admin', guildIds: [OTHER] })).statusCode).toBe(403);
    expect((await get(list, { role: 'admin', guildIds: [GUILD] }, 'abc')).statusCode).toBe(400);
  });
});
