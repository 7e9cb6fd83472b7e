import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPglite } from '../../test/support/databases.ts';
import type { Db } from '../platform/db/port.ts';
import { importGuilds, presenceDirectory, signInGuilds } from './feature-services.ts';

const GUILD = '200000000000000001';
const GONE = '200000000000000002';
const OTHER = '200000000000000003';
const VOICE = '300000000000000001';
const ELSEWHERE = '300000000000000002';

describe('the ports the roles fill from sync’s tables', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestPglite();
    await db.query(
      `INSERT INTO guilds (id, name, available) VALUES ($1, 'Hearth', true), ($2, 'Left', false), ($3, 'Other', true)`,
      [GUILD, GONE, OTHER],
    );
    await db.query(
      `INSERT INTO channels (id, guild_id, name, type) VALUES ($1, $2, 'Town hall', 13), ($3, $4, 'elsewhere', 2)`,
      [VOICE, GUILD, ELSEWHERE, OTHER],
    );
    await db.query(
      `INSERT INTO members (guild_id, user_id, username, display_name) VALUES
         ($1, 1, 'ada', 'Ada'), ($1, 2, 'bob', NULL), ($2, 3, 'cy', 'Cy')`,
      [GUILD, OTHER],
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it('offers sign-in the guilds Hearth is in now', async () => {
    expect([...(await signInGuilds(db).availableIds())].sort()).toEqual([GUILD, OTHER]);
  });

  it('tells history import which guilds and which of their channels Hearth has seen', async () => {
    const guilds = importGuilds(db);
    expect(await guilds.exists(GONE)).toBe(true);
    expect(await guilds.exists('200000000000000009')).toBe(false);
    expect([...(await guilds.knownChannels(GUILD, [VOICE, ELSEWHERE]))]).toEqual([VOICE]);
  });

  it('names channels for presence, and sees one written earlier in the same transaction', async () => {
    expect(await presenceDirectory.channels(db, [VOICE, '300000000000000009'])).toEqual(
      new Map([[VOICE, { name: 'Town hall', type: 13 }]]),
    );
    const fresh = '300000000000000010';
    const seen = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO channels (id, guild_id, name, type) VALUES ($1, $2, 'Stage', 13)`, [
        fresh,
        GUILD,
      ]);
      return presenceDirectory.channels(tx, [fresh]);
    });
    expect(seen.get(fresh)).toEqual({ name: 'Stage', type: 13 });
  });

  it('names members for presence by display name, else username, within their guild only', async () => {
    expect(await presenceDirectory.memberNames(db, GUILD, ['1', '2', '3'])).toEqual(
      new Map([
        ['1', 'Ada'],
        ['2', 'bob'],
      ]),
    );
  });
});
