import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import {
  CH,
  CH2,
  memberOf,
  message,
  reaction,
  snapshot,
  T0,
} from '../../../test/support/rewards-fixtures.ts';
import type { DomainEvent } from '../../pipeline/events.ts';
import { Pipeline } from '../../pipeline/pipeline.ts';
import { migrate } from '../../platform/db/migrate.ts';
import type { Db } from '../../platform/db/port.ts';
import { createMemoryHotStore } from '../../platform/hot/memory.ts';
import { silentLogger } from '../../platform/logger.ts';
import { createRewards } from '../../roles/rewards.ts';
import { activityPipelineFeature } from '../activity/pipeline.ts';
import { syncPipelineFeature } from '../sync/pipeline.ts';

/**
 * A batch split by member into concurrent transactions must leave exactly the rows that one
 * transaction per batch leaves: same karma, counters, streaks, quests, achievements and statistics.
 * The traffic has busy and quiet members, reactions between them (which join reactor and author),
 * replays and a burst inside the cooldown, over the current day so quests move too.
 */
function traffic(): DomainEvent[] {
  let state = 11;
  const rand = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const id = (n: number) => `6000000000000${String(n).padStart(5, '0')}`;
  const user = () => id(Math.floor(1000 * rand() ** 2));
  // Members synced first: whether an unsynced author is "known" depends on which transaction created
  // their row (isKnownHuman), and a split round draws transaction boundaries elsewhere.
  const events: DomainEvent[] = [snapshot(Array.from({ length: 1000 }, (_, n) => memberOf(id(n))))];
  const messages: { id: string; userId: string }[] = [];
  const start = T0.getTime() - 6 * 3_600_000;
  for (let i = 0; i < 3000; i++) {
    const at = new Date(start + i * 7_000 + Math.floor(rand() * 5_000));
    if (i % 10 === 9 && messages.length > 0) {
      const target = messages[Math.floor(rand() * messages.length)] as { id: string; userId: string };
      events.push(
        reaction(target.id, {
          userId: user(),
          authorId: target.userId,
          at,
          emoji: rand() < 0.3 ? '🎉' : '👍',
        }),
      );
    } else {
      const m = message({ userId: user(), at, channelId: rand() < 0.5 ? CH : CH2, reply: rand() < 0.2 });
      messages.push({ id: m.messageId, userId: m.userId });
      events.push(m);
    }
    if (i % 97 === 0) events.push(events[Math.floor(rand() * events.length)] as DomainEvent);
  }
  return events;
}

const SNAPSHOT_QUERIES = [
  `SELECT user_id, total, current_level, current_streak, longest_streak, last_active_day, last_message_reward_at,
          given_window, given_in_window, received_window, received_in_window, messages, replies, attachments,
          reactions_given, reactions_received, quests_completed, distinct_channels, achievement_keys, quest_state
   FROM user_karma ORDER BY user_id`,
  'SELECT user_id, delta, reason, source, source_id, created_at FROM karma_ledger ORDER BY source, source_id',
  // Status only: the stored progress of a quest is written on status changes (the live progress is in
  // user_karma.quest_state, compared above), and completed_at is the member's latest activity of the
  // day in the completing transaction; both follow where transactions begin and end.
  'SELECT user_id, quest_key, period_key, status FROM user_quest_progress ORDER BY user_id, period_key, quest_key',
  'SELECT user_id, achievement_key FROM user_achievements ORDER BY user_id, achievement_key',
  'SELECT user_id, channel_id FROM karma_member_channels ORDER BY user_id, channel_id',
  'SELECT day, channel_id, user_id, messages, words, reactions FROM message_stats_daily ORDER BY 1, 2, 3',
];

async function ingest(db: Db, events: readonly DomainEvent[], writers: number) {
  await migrate(db);
  const services = createRewards({ db, hot: createMemoryHotStore(), now: () => T0 });
  const rounds: number[] = [];
  const pipeline = new Pipeline({
    db,
    features: [syncPipelineFeature, activityPipelineFeature, services.pipeline],
    logger: silentLogger,
    maxBatch: 600,
    flushIntervalMs: 1,
    writers,
    metrics: {
      committed: (batch) => rounds.push(batch.length),
      received() {},
      rejected() {},
      failed() {},
      backpressure() {},
      buffered() {},
    },
  });
  for (let i = 0; i < events.length; i += 500) await pipeline.submit(events.slice(i, i + 500));
  await pipeline.flush();
  const stats = pipeline.stats();
  await pipeline.close();
  const rows = [];
  for (const sql of SNAPSHOT_QUERIES) rows.push((await db.query(sql)).rows);
  return { stats, rows, largestRound: Math.max(...rounds) };
}

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`parallel writers on ${backend.name}`, () => {
    let one: TestDatabase;
    let two: TestDatabase;
    beforeAll(async () => {
      one = await backend.create({ migrated: false });
      two = await backend.create({ migrated: false });
    });
    afterAll(async () => {
      await one?.dispose();
      await two?.dispose();
    });

    it('leave exactly the rows of one transaction per batch', async () => {
      const events = traffic();
      const serial = await ingest(one.db, events, 1);
      const parallel = await ingest(two.db, events, 2);
      // The parallel run really wrote rounds of two transactions.
      expect(serial.largestRound).toBeLessThanOrEqual(600);
      expect(parallel.largestRound).toBeGreaterThan(600);
      expect(parallel.stats).toMatchObject({
        applied: serial.stats.applied,
        duplicates: serial.stats.duplicates,
        rejected: 0,
      });
      expect(serial.rows[0]?.length).toBeGreaterThan(20);
      expect(serial.rows[2]?.length).toBeGreaterThan(0);
      expect(parallel.rows).toEqual(serial.rows);
    });
  });
}
