import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../test/support/databases.ts';
import {
  GUILD,
  guildCreate,
  memberAdd,
  memberRemove,
  messageCreate,
  messageDelete,
  messageUpdate,
  reactionAdd,
  snowflakeAt,
} from '../../test/support/payloads.ts';
import { activityPipelineFeature } from '../features/activity/pipeline.ts';
import { syncPipelineFeature } from '../features/sync/pipeline.ts';
import type { Db } from '../platform/db/port.ts';
import { silentLogger } from '../platform/logger.ts';
import type { DomainEvent } from './events.ts';
import type { PipelineFeature } from './feature.ts';
import { normalizeDispatch } from './normalize.ts';
import { Pipeline } from './pipeline.ts';

const receivedAt = new Date('2026-03-01T12:00:00Z');
const events = (...payloads: Parameters<typeof normalizeDispatch>[0][]): DomainEvent[] =>
  payloads.flatMap((p) => normalizeDispatch(p, { receivedAt }));

async function stats(db: Db) {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT day, channel_id, user_id, messages, words, attachments, edits, deletions, reactions
     FROM message_stats_daily ORDER BY day, channel_id, user_id`,
  );
  return rows;
}

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`pipeline on ${backend.name}`, () => {
    let t: TestDatabase;
    let pipeline: Pipeline;
    const features = [syncPipelineFeature, activityPipelineFeature];
    beforeEach(async () => {
      t = await backend.create({ migrated: true });
      pipeline = new Pipeline({
        db: t.db,
        features,
        logger: silentLogger,
        flushIntervalMs: 5,
        retryInitialMs: 5,
      });
    });
    afterEach(async () => {
      await pipeline?.close(1000).catch(() => {});
      await t?.dispose();
    });

    it('counts messages, words, attachments, edits, deletions and reactions per member and day', async () => {
      const day1 = new Date('2026-02-10T10:00:00Z');
      const first = snowflakeAt(day1);
      await pipeline.submit(
        events(
          messageCreate({ id: first, content: 'hello brave new world', attachments: 1 }),
          messageCreate({ at: new Date('2026-02-10T11:00:00Z'), content: 'again' }),
          messageCreate({ at: new Date('2026-02-11T09:00:00Z'), content: 'next day' }),
          messageUpdate(first, new Date('2026-02-11T09:30:00Z')),
          reactionAdd(first, '400000000000000002'),
          messageDelete(first),
        ),
      );
      await pipeline.flush();
      expect(await stats(t.db)).toEqual([
        {
          day: '2026-02-10',
          channel_id: '300000000000000010',
          user_id: '400000000000000001',
          messages: 2,
          words: 5,
          attachments: 1,
          edits: 0,
          deletions: 0,
          reactions: 0,
        },
        {
          day: '2026-02-11',
          channel_id: '300000000000000010',
          user_id: '400000000000000001',
          messages: 1,
          words: 2,
          attachments: 0,
          edits: 1,
          deletions: 0,
          reactions: 0,
        },
        {
          day: '2026-03-01',
          channel_id: '300000000000000010',
          user_id: '0',
          messages: 0,
          words: 0,
          attachments: 0,
          edits: 0,
          deletions: 1,
          reactions: 0,
        },
        {
          day: '2026-03-01',
          channel_id: '300000000000000010',
          user_id: '400000000000000002',
          messages: 0,
          words: 0,
          attachments: 0,
          edits: 0,
          deletions: 0,
          reactions: 1,
        },
      ]);
    });

    it('does not count bots, webhooks or system messages as member activity', async () => {
      await pipeline.submit(
        events(
          messageCreate({ bot: true }),
          messageCreate({ type: 7 }),
          reactionAdd('1', '400000000000000009', '👍', true),
        ),
      );
      await pipeline.flush();
      expect(await stats(t.db)).toEqual([]);
    });

    it('counts each event once however often it is delivered', async () => {
      const id = snowflakeAt(new Date('2026-02-10T10:00:00Z'));
      const batch = events(messageCreate({ id }), reactionAdd(id, '400000000000000002'));
      await pipeline.submit([...batch, ...batch]);
      await pipeline.flush();
      await pipeline.submit(batch);
      await pipeline.flush();
      await pipeline.submitAndWait(batch);
      const rows = await stats(t.db);
      expect(rows.map((r) => [r.messages, r.reactions])).toEqual([
        [1, 0],
        [0, 1],
      ]);
      expect(pipeline.stats()).toMatchObject({ applied: 2, duplicates: 6 });
    });

    it('keeps guilds, channels and members in step with Discord', async () => {
      await pipeline.submit(events(guildCreate({ members: ['500000000000000001', '500000000000000002'] })));
      await pipeline.submit(events(memberAdd('500000000000000003'), memberRemove('500000000000000001')));
      await pipeline.flush();
      const { rows: guilds } = await t.db.query('SELECT id, name FROM guilds');
      expect(guilds).toEqual([{ id: GUILD, name: 'Test Guild' }]);
      const { rows: members } = await t.db.query<{ user_id: string; left: boolean }>(
        'SELECT user_id, left_at IS NOT NULL AS left FROM members ORDER BY user_id',
      );
      expect(members).toEqual([
        { user_id: '500000000000000001', left: true },
        { user_id: '500000000000000002', left: false },
        { user_id: '500000000000000003', left: false },
      ]);
      const { rows: channels } = await t.db.query('SELECT id, name, type FROM channels');
      expect(channels).toEqual([{ id: '300000000000000010', name: 'general', type: 0 }]);
    });

    it('marks channels that a new snapshot no longer lists as deleted', async () => {
      await pipeline.submit(
        events(
          guildCreate({
            channels: [
              { id: '300000000000000010', name: 'general', type: 0 },
              { id: '300000000000000011', name: 'old', type: 0 },
            ],
          }),
        ),
      );
      await pipeline.flush();
      await pipeline.submit(
        events(guildCreate({ channels: [{ id: '300000000000000010', name: 'general', type: 0 }] })),
      );
      await pipeline.flush();
      const { rows } = await t.db.query(
        'SELECT id, deleted_at IS NOT NULL AS deleted FROM channels ORDER BY id',
      );
      expect(rows).toEqual([
        { id: '300000000000000010', deleted: false },
        { id: '300000000000000011', deleted: true },
      ]);
    });

    it('retries a batch while the database fails and loses nothing', async () => {
      let failuresLeft = 3;
      const flaky: PipelineFeature = {
        name: 'flaky',
        touches() {},
        async apply() {
          if (failuresLeft-- > 0) throw Object.assign(new Error('connection terminated unexpectedly'), {});
          return undefined;
        },
      };
      const p = new Pipeline({
        db: t.db,
        features: [flaky, ...features],
        logger: silentLogger,
        flushIntervalMs: 1,
        retryInitialMs: 1,
      });
      await p.submitAndWait(events(messageCreate({}), messageCreate({})));
      expect(p.stats()).toMatchObject({ applied: 2, failures: 3 });
      expect((await stats(t.db))[0]).toMatchObject({ messages: 2 });
      await p.close();
    });

    it('writes a large batch as parts by member at once, and retries only a part that failed', async () => {
      const unlucky = '400000000000000009';
      let failuresLeft = 1;
      const flaky: PipelineFeature = {
        name: 'flaky',
        touches() {},
        async apply(_tx, evs) {
          if (failuresLeft > 0 && evs.some((e) => e.kind === 'message.created' && e.userId === unlucky)) {
            failuresLeft--;
            throw new Error('connection terminated unexpectedly');
          }
          return undefined;
        },
      };
      const p = new Pipeline({
        db: t.db,
        features: [flaky, ...features],
        logger: silentLogger,
        flushIntervalMs: 1,
        retryInitialMs: 1,
        writers: 2,
      });
      const start = Date.parse('2026-02-10T10:00:00Z');
      const batch = events(
        ...Array.from({ length: 1200 }, (_, i) =>
          messageCreate({ at: new Date(start + i * 1000), userId: `40000000000000000${i % 10}` }),
        ),
      );
      await p.submitAndWait(batch);
      // Two parts, one committed at once and one after its retry. Had the whole batch been retried,
      // the part that committed would have come back as duplicates.
      expect(p.stats()).toMatchObject({ applied: 1200, duplicates: 0, failures: 1, batches: 2 });
      const rows = await stats(t.db);
      expect(rows.reduce((sum, r) => sum + Number(r.messages), 0)).toBe(1200);
      expect(new Set(rows.map((r) => r.user_id)).size).toBe(10);
      await p.close();
    });

    it('keeps a busy member in order when their part of a round is larger than a transaction', async () => {
      const seen = new Map<string, number[]>();
      const recorder: PipelineFeature = {
        name: 'recorder',
        touches() {},
        async apply(_tx, evs) {
          for (const e of evs) {
            if (e.kind !== 'message.created') continue;
            seen.set(e.userId, [...(seen.get(e.userId) ?? []), e.words]);
          }
          return undefined;
        },
      };
      const p = new Pipeline({
        db: t.db,
        features: [recorder, ...features],
        logger: silentLogger,
        flushIntervalMs: 1,
        maxBatch: 600,
        writers: 2,
      });
      const busy = '400000000000000001';
      const start = Date.parse('2026-02-10T10:00:00Z');
      // Words number each member's messages, so the order they were applied in shows.
      const counters = new Map<string, number>();
      const batch = events(
        ...Array.from({ length: 1200 }, (_, i) => {
          const userId = i % 3 === 2 ? `40000000000000010${i % 7}` : busy;
          const n = (counters.get(userId) ?? 0) + 1;
          counters.set(userId, n);
          return messageCreate({ at: new Date(start + i * 1000), userId, content: 'w '.repeat(n).trim() });
        }),
      );
      await p.submitAndWait(batch);
      expect(p.stats()).toMatchObject({ applied: 1200, duplicates: 0 });
      for (const [userId, order] of seen) {
        expect(order).toEqual(Array.from({ length: counters.get(userId) ?? 0 }, (_, i) => i + 1));
      }
      const rows = await stats(t.db);
      expect(rows.reduce((sum, r) => sum + Number(r.messages), 0)).toBe(1200);
      await p.close();
    });

    it('writes other guilds beside a guild snapshot, each transaction within maxBatch by weight', async () => {
      const weightOf = (e: DomainEvent) =>
        e.kind === 'guild.snapshot'
          ? e.members.length + (e.channels?.length ?? 0) + (e.roles?.length ?? 0)
          : 1;
      const transactions: DomainEvent[][] = [];
      const recorder: PipelineFeature = {
        name: 'recorder',
        touches() {},
        async apply(_tx, evs) {
          transactions.push([...evs]);
          return undefined;
        },
      };
      const rounds: number[] = [];
      const p = new Pipeline({
        db: t.db,
        features: [recorder, ...features],
        logger: silentLogger,
        flushIntervalMs: 1,
        maxBatch: 10,
        writers: 2,
        minPartEvents: 1,
        metrics: {
          committed: (entries) => rounds.push(entries.reduce((sum, entry) => sum + weightOf(entry.event), 0)),
          received() {},
          rejected() {},
          failed() {},
          backpressure() {},
          buffered() {},
        },
      });
      const other = '300000000000000002';
      const start = Date.parse('2026-02-10T10:00:00Z');
      const members = Array.from({ length: 7 }, (_, i) => `50000000000000000${i}`);
      // A GUILD_CREATE weighing 9 (7 members, a channel, a role), then the two guilds' messages.
      const batch = events(
        guildCreate({ members }),
        ...Array.from({ length: 15 }, (_, i) =>
          i % 5 === 0
            ? messageCreate({ at: new Date(start + i * 1000), content: 'w '.repeat(i + 1).trim() })
            : messageCreate({
                at: new Date(start + i * 1000),
                guildId: other,
                userId: `40000000000000000${i % 4}`,
              }),
        ),
      );
      await p.submitAndWait(batch);
      expect(p.stats()).toMatchObject({ applied: batch.length, rejected: 0 });
      for (const transaction of transactions) {
        expect(transaction.reduce((sum, e) => sum + weightOf(e), 0)).toBeLessThanOrEqual(10);
      }
      // The snapshot's guild is one part, in arrival order, while the other guild's members are split
      // beside it: a round weighed more than one transaction may.
      const ofGuild = transactions.flat().filter((e) => e.guildId === GUILD);
      expect(ofGuild).toEqual(batch.filter((e) => e.guildId === GUILD));
      expect(Math.max(...rounds)).toBeGreaterThan(10);
      await p.close();
    });

    it('isolates and rejects one event that can never be applied, applying the rest', async () => {
      const poison: PipelineFeature = {
        name: 'poison',
        touches() {},
        async apply(tx, evs) {
          if (evs.some((e) => e.kind === 'message.created' && e.words === 13)) {
            await tx.query("SELECT 'not a number'::int");
          }
          return undefined;
        },
      };
      const p = new Pipeline({
        db: t.db,
        features: [poison, ...features],
        logger: silentLogger,
        flushIntervalMs: 1,
      });
      const good = events(messageCreate({}), messageCreate({}), messageCreate({}));
      const bad = events(messageCreate({ content: 'a b c d e f g h i j k l m' }));
      await p.submit([...good.slice(0, 2), ...bad, ...good.slice(2)]);
      await p.flush();
      expect(p.stats()).toMatchObject({ applied: 3, rejected: 1 });
      expect((await stats(t.db))[0]).toMatchObject({ messages: 3 });
      await expect(p.submitAndWait(bad)).rejects.toThrow();
      await p.close();
    });

    it('makes submitters wait when the buffer is full instead of dropping events', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const slow: PipelineFeature = {
        name: 'slow',
        touches() {},
        async apply() {
          await gate;
          return undefined;
        },
      };
      const p = new Pipeline({
        db: t.db,
        features: [slow, ...features],
        logger: silentLogger,
        flushIntervalMs: 1,
        maxBatch: 2,
        maxBuffered: 4,
      });
      await p.submit(events(messageCreate({}), messageCreate({}), messageCreate({}), messageCreate({})));
      let accepted = false;
      const waiting = p.submit(events(messageCreate({}))).then(() => {
        accepted = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(accepted).toBe(false);
      release();
      await waiting;
      await p.flush();
      expect((await stats(t.db))[0]).toMatchObject({ messages: 5 });
      await p.close();
    });

    it('drains everything buffered when it closes', async () => {
      const p = new Pipeline({ db: t.db, features, logger: silentLogger, flushIntervalMs: 10_000 });
      await p.submit(events(messageCreate({}), messageCreate({})));
      await p.close();
      expect((await stats(t.db))[0]).toMatchObject({ messages: 2 });
      await expect(p.submit(events(messageCreate({})))).rejects.toThrow('pipeline is closed');
    });
  });
}
