import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { columnTypes, parameterTypes } from '../../platform/db/statement-shape.ts';
import type { StatsDelta } from './domain.ts';
import { addStats, queryStats, STATS_UPSERT, STATS_UPSERT_COLUMNS, type StatsQuery } from './repository.ts';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const GENERAL = '300000000000000010';
const RANDOM = '300000000000000011';
const UNNAMED = '300000000000000012';
const ADA = '400000000000000001';
const BOB = '400000000000000002';
const GHOST = '400000000000000003';

function delta(d: Partial<StatsDelta> & Pick<StatsDelta, 'day' | 'channelId' | 'userId'>): StatsDelta {
  return {
    guildId: GUILD,
    messages: 0,
    words: 0,
    attachments: 0,
    edits: 0,
    deletions: 0,
    reactions: 0,
    ...d,
  };
}

const zero = { words: 0, attachments: 0, edits: 0, deletions: 0, reactions: 0 };

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`message statistics on ${backend.name}`, () => {
    let t: TestDatabase;
    const range: StatsQuery = { guildId: GUILD, from: '2026-02-10', to: '2026-02-11', limit: 10 };

    beforeAll(async () => {
      t = await backend.create({ migrated: true });
      await t.db.exec(`
        INSERT INTO channels (id, guild_id, name, type) VALUES (${GENERAL}, ${GUILD}, 'general', 0),
          (${RANDOM}, ${GUILD}, 'random', 0);
        INSERT INTO members (guild_id, user_id, username, display_name) VALUES (${GUILD}, ${ADA}, 'ada', 'Ada'),
          (${GUILD}, ${BOB}, 'bob', NULL);
      `);
      await addStats(t.db, [
        delta({ day: '2026-02-10', channelId: GENERAL, userId: ADA, messages: 2, words: 6, attachments: 1 }),
        delta({ day: '2026-02-10', channelId: RANDOM, userId: BOB, messages: 1, words: 1 }),
        delta({ day: '2026-02-11', channelId: RANDOM, userId: ADA, messages: 1, edits: 1 }),
        // Reactions only: counted, but not an active member.
        delta({ day: '2026-02-11', channelId: UNNAMED, userId: GHOST, reactions: 3 }),
        // Outside the range, and another guild.
        delta({ day: '2026-02-12', channelId: GENERAL, userId: ADA, messages: 50 }),
        delta({ guildId: OTHER_GUILD, day: '2026-02-10', channelId: GENERAL, userId: ADA, messages: 70 }),
      ]);
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it("sends each column of the hot upsert as an array of that column's own type", async () => {
      const columns = await columnTypes(t.db, 'message_stats_daily');
      const expected = STATS_UPSERT_COLUMNS.map(([name]) => `${columns[name]}[]`);
      expect(await parameterTypes(t.db, STATS_UPSERT)).toEqual(expected);
      // A column added to the table has to be written here too, or deliberately left out of this check.
      expect(STATS_UPSERT_COLUMNS.map(([name]) => name).sort()).toEqual(Object.keys(columns).sort());
    });

    it('sums a guild over a range: totals, each day, channels and members by messages', async () => {
      const stats = await queryStats(t.db, range);
      expect(stats.totals).toEqual({
        messages: 4,
        words: 7,
        attachments: 1,
        edits: 1,
        deletions: 0,
        reactions: 3,
        active_members: 2,
      });
      expect(stats.byDay).toEqual([
        { day: '2026-02-10', messages: 3, words: 7, attachments: 1, edits: 0, deletions: 0, reactions: 0 },
        { day: '2026-02-11', messages: 1, words: 0, attachments: 0, edits: 1, deletions: 0, reactions: 3 },
      ]);
      expect(stats.byChannel).toEqual([
        { channel_id: GENERAL, name: 'general', ...zero, messages: 2, words: 6, attachments: 1 },
        { channel_id: RANDOM, name: 'random', ...zero, messages: 2, words: 1, edits: 1 },
        { channel_id: UNNAMED, name: null, ...zero, messages: 0, reactions: 3 },
      ]);
      expect(stats.byUser).toEqual([
        {
          user_id: ADA,
          username: 'ada',
          display_name: 'Ada',
          ...zero,
          messages: 3,
          words: 6,
          attachments: 1,
          edits: 1,
        },
        { user_id: BOB, username: 'bob', display_name: null, ...zero, messages: 1, words: 1 },
        { user_id: GHOST, username: null, display_name: null, ...zero, messages: 0, reactions: 3 },
      ]);
    });

    it('narrows to one channel and to one member, and cuts the lists at the limit', async () => {
      const channel = await queryStats(t.db, { ...range, channelId: RANDOM });
      expect(channel.totals).toMatchObject({ messages: 2, active_members: 2 });
      expect(channel.byChannel.map((c) => c.channel_id)).toEqual([RANDOM]);
      const member = await queryStats(t.db, { ...range, userId: BOB });
      expect(member.totals).toMatchObject({ messages: 1, words: 1, active_members: 1 });
      expect(member.byUser.map((u) => u.user_id)).toEqual([BOB]);
      const both = await queryStats(t.db, { ...range, channelId: RANDOM, userId: ADA });
      expect(both.byDay).toEqual([
        { day: '2026-02-11', messages: 1, words: 0, attachments: 0, edits: 1, deletions: 0, reactions: 0 },
      ]);
      const top = await queryStats(t.db, { ...range, limit: 1 });
      expect(top.byChannel.map((c) => c.channel_id)).toEqual([GENERAL]);
      expect(top.byUser.map((u) => u.user_id)).toEqual([ADA]);
    });

    it('answers zeros for a range without activity', async () => {
      const stats = await queryStats(t.db, { ...range, from: '2025-01-01', to: '2025-01-31' });
      expect(stats).toEqual({
        totals: { messages: 0, ...zero, active_members: 0 },
        byDay: [],
        byChannel: [],
        byUser: [],
      });
    });

    it('adds a batch onto the counters already there', async () => {
      const day = { ...range, from: '2026-03-01', to: '2026-03-01' };
      await addStats(t.db, [
        delta({ day: '2026-03-01', channelId: GENERAL, userId: ADA, messages: 1, words: 2 }),
      ]);
      await addStats(t.db, [
        delta({ day: '2026-03-01', channelId: GENERAL, userId: ADA, messages: 2, words: 3, deletions: 1 }),
        delta({ day: '2026-03-01', channelId: GENERAL, userId: BOB, reactions: 1 }),
      ]);
      expect((await queryStats(t.db, day)).totals).toEqual({
        messages: 3,
        words: 5,
        attachments: 0,
        edits: 0,
        deletions: 1,
        reactions: 1,
        active_members: 1,
      });
      await addStats(t.db, []);
    });
  });
}
