import { describe, expect, it } from 'vitest';
import { applyActivity, claim, expireRows } from './progress.ts';
import type { QuestProgress } from './state.ts';
import { NOW, row } from './test-kit.ts';

const later = (ms: number): Date => new Date(NOW.getTime() + ms);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function only(rows: readonly QuestProgress[]): QuestProgress {
  const first = rows[0];
  if (!first) throw new Error('no row');
  return first;
}

describe('applyActivity: counters', () => {
  it('moves an untouched quest to IN_PROGRESS on its first step', () => {
    const result = applyActivity([row('messages_sent', 20)], { messages: 1 }, NOW);
    expect(only(result.rows)).toMatchObject({ progress: 1, status: 'IN_PROGRESS', completedAt: null });
    expect(result.transitions).toEqual([
      {
        userId: 'u1',
        questKey: 'daily_messages_sent_20',
        periodKey: '2026-11-25',
        from: 'AVAILABLE',
        to: 'IN_PROGRESS',
        at: NOW,
      },
    ]);
  });

  it('completes a quest and stamps completedAt when the target is reached', () => {
    const start = row('messages_sent', 3, { progress: 2, status: 'IN_PROGRESS' });
    const result = applyActivity([start], { messages: 1 }, NOW);
    expect(only(result.rows)).toMatchObject({ progress: 3, status: 'COMPLETED', completedAt: NOW });
    expect(result.transitions.map((t) => `${t.from}->${t.to}`)).toEqual(['IN_PROGRESS->COMPLETED']);
  });

  it('goes straight from AVAILABLE to COMPLETED when one event reaches the target', () => {
    const result = applyActivity([row('voice_minutes', 30)], { voiceMinutes: 45 }, NOW);
    expect(only(result.rows)).toMatchObject({ progress: 30, status: 'COMPLETED' });
    expect(result.transitions.map((t) => `${t.from}->${t.to}`)).toEqual(['AVAILABLE->COMPLETED']);
  });

  it('caps progress at the target', () => {
    const result = applyActivity(
      [row('karma_earned', 200, { progress: 190, status: 'IN_PROGRESS' })],
      { karmaEarned: 500 },
      NOW,
    );
    expect(only(result.rows).progress).toBe(200);
  });

  it('does not move a completed quest any further', () => {
    const done = row('messages_sent', 1, { progress: 1, status: 'COMPLETED', completedAt: NOW });
    const result = applyActivity([done], { messages: 5 }, later(HOUR));
    expect(result.rows[0]).toBe(done);
    expect(result.changed).toEqual([]);
    expect(result.transitions).toEqual([]);
  });

  it('counts each criterion only from its own field', () => {
    const rows = [
      row('messages_sent', 10),
      row('replies_sent', 10),
      row('attachments_shared', 10),
      row('reactions_given', 10),
      row('reactions_received', 10),
      row('voice_minutes', 100),
      row('karma_earned', 1000),
    ];
    const result = applyActivity(
      rows,
      {
        messages: 1,
        replies: 2,
        attachments: 3,
        reactionsGiven: 4,
        reactionsReceived: 5,
        voiceMinutes: 6,
        karmaEarned: 7,
      },
      NOW,
    );
    expect(result.rows.map((r) => r.progress)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('ignores negative, fractional parts and non-finite amounts', () => {
    const rows = [row('messages_sent', 10), row('voice_minutes', 10), row('karma_earned', 10)];
    const result = applyActivity(rows, { messages: -3, voiceMinutes: 2.7, karmaEarned: Number.NaN }, NOW);
    expect(result.rows.map((r) => r.progress)).toEqual([0, 2, 0]);
    expect(result.changed).toHaveLength(1);
  });

  it('returns the same objects for rows the activity does not touch', () => {
    const rows = [row('messages_sent', 10), row('voice_minutes', 10)];
    const result = applyActivity(rows, { messages: 1 }, NOW);
    expect(result.rows[1]).toBe(rows[1]);
    expect(result.changed).toEqual([result.rows[0]]);
  });
});

describe('applyActivity: distinct channels and active days', () => {
  it('counts each channel once and remembers them in the row', () => {
    let rows: readonly QuestProgress[] = [row('distinct_channels', 3)];
    rows = applyActivity(rows, { messages: 1, channelIds: ['a'] }, NOW).rows;
    rows = applyActivity(rows, { messages: 1, channelIds: ['a'] }, NOW).rows;
    expect(only(rows)).toMatchObject({ progress: 1, seen: ['a'], status: 'IN_PROGRESS' });
    rows = applyActivity(rows, { messages: 2, channelIds: ['b', 'c', 'd'] }, NOW).rows;
    expect(only(rows)).toMatchObject({ progress: 3, seen: ['a', 'b', 'c'], status: 'COMPLETED' });
  });

  it('leaves the row alone when only already-seen channels appear', () => {
    const seen = row('distinct_channels', 3, { progress: 1, seen: ['a'], status: 'IN_PROGRESS' });
    expect(applyActivity([seen], { messages: 1, channelIds: ['a', 'a'] }, NOW).rows[0]).toBe(seen);
  });

  it('counts a UTC day once as active, however much happens that day', () => {
    const weekly = row('active_days', 5, { period: 'weekly' });
    let rows: readonly QuestProgress[] = [weekly];
    rows = applyActivity(rows, { messages: 1 }, NOW).rows;
    rows = applyActivity(rows, { voiceMinutes: 10 }, later(HOUR)).rows;
    expect(only(rows)).toMatchObject({ progress: 1, seen: ['2026-11-25'] });
    rows = applyActivity(rows, { reactionsGiven: 1 }, later(12 * HOUR)).rows; // 00:00 Thursday
    expect(only(rows)).toMatchObject({ progress: 2, seen: ['2026-11-25', '2026-11-26'] });
  });

  it('does not count a day on which the member only received reactions', () => {
    const result = applyActivity(
      [row('active_days', 5, { period: 'weekly' })],
      { reactionsReceived: 3 },
      NOW,
    );
    expect(only(result.rows).progress).toBe(0);
  });

  it('completes the weekly regular quest on the fifth active day', () => {
    let rows: readonly QuestProgress[] = [row('active_days', 5, { period: 'weekly' })];
    const monday = new Date('2026-11-23T10:00:00Z');
    for (let day = 0; day < 5; day++) {
      rows = applyActivity(rows, { messages: 1 }, new Date(monday.getTime() + day * DAY)).rows;
    }
    expect(only(rows)).toMatchObject({ progress: 5, status: 'COMPLETED' });
  });
});

describe('applyActivity: streaks', () => {
  it('tracks the highest streak reported and completes at the target', () => {
    let rows: readonly QuestProgress[] = [row('streak_days', 7, { period: 'weekly' })];
    rows = applyActivity(rows, { messages: 1, streakDays: 4 }, NOW).rows;
    expect(only(rows)).toMatchObject({ progress: 4, status: 'IN_PROGRESS' });
    rows = applyActivity(rows, { messages: 1, streakDays: 1 }, later(DAY * 2)).rows;
    expect(only(rows).progress).toBe(4);
    rows = applyActivity(rows, { messages: 1, streakDays: 9 }, later(DAY * 3)).rows;
    expect(only(rows)).toMatchObject({ progress: 7, status: 'COMPLETED' });
  });
});

describe('applyActivity: quests completed', () => {
  const master = () => row('quests_completed', 2, { period: 'weekly' });

  it('counts quests completed in the same call toward the quest master', () => {
    const rows = [master(), row('messages_sent', 1), row('replies_sent', 1)];
    const result = applyActivity(rows, { messages: 1, replies: 1 }, NOW);
    expect(result.rows.map((r) => r.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(result.transitions.at(-1)).toMatchObject({
      questKey: 'weekly_quests_completed_2',
      to: 'COMPLETED',
    });
  });

  it('counts only new completions, not quests that were already complete', () => {
    const done = row('messages_sent', 1, { progress: 1, status: 'COMPLETED', completedAt: NOW });
    const result = applyActivity([master(), done, row('replies_sent', 3)], { messages: 1, replies: 1 }, NOW);
    expect(only(result.rows).progress).toBe(0);
  });

  it('never counts a quests-completed quest toward another', () => {
    const other = row('quests_completed', 1, { period: 'weekly', questKey: 'weekly_other_master' });
    const result = applyActivity([master(), other, row('messages_sent', 1)], { messages: 1 }, NOW);
    expect(result.rows.map((r) => r.progress)).toEqual([1, 1, 1]);
    expect(result.rows[0]?.status).toBe('IN_PROGRESS');
  });
});

describe('applyActivity: period boundaries', () => {
  it('expires an unfinished quest when activity arrives after its period', () => {
    const daily = row('messages_sent', 20, { progress: 5, status: 'IN_PROGRESS' });
    const result = applyActivity([daily], { messages: 1 }, new Date('2026-11-26T00:00:00Z'));
    expect(only(result.rows)).toMatchObject({ status: 'EXPIRED', progress: 5 });
    expect(result.transitions.map((t) => `${t.from}->${t.to}`)).toEqual(['IN_PROGRESS->EXPIRED']);
  });

  it('still counts activity one millisecond before the reset', () => {
    const result = applyActivity(
      [row('messages_sent', 20)],
      { messages: 1 },
      new Date('2026-11-25T23:59:59.999Z'),
    );
    expect(only(result.rows).progress).toBe(1);
  });

  it('ignores activity dated before the period started (history import)', () => {
    const daily = row('messages_sent', 20);
    const result = applyActivity([daily], { messages: 1 }, new Date('2026-11-24T18:00:00Z'));
    expect(result.rows[0]).toBe(daily);
    expect(result.transitions).toEqual([]);
  });

  it('leaves claimed and expired quests alone', () => {
    const claimed = row('messages_sent', 1, { status: 'CLAIMED', progress: 1 });
    const expired = row('messages_sent', 5, { status: 'EXPIRED' });
    const result = applyActivity([claimed, expired], { messages: 3 }, later(3 * DAY));
    expect(result.rows).toEqual([claimed, expired]);
    expect(result.transitions).toEqual([]);
  });
});

describe('expireRows', () => {
  it('expires every unclaimed row of an ended period, including completed ones', () => {
    const rows = [
      row('messages_sent', 5),
      row('messages_sent', 5, { status: 'IN_PROGRESS', progress: 2 }),
      row('messages_sent', 1, { status: 'COMPLETED', progress: 1 }),
      row('messages_sent', 1, { status: 'CLAIMED', progress: 1 }),
      row('messages_sent', 5, { period: 'weekly' }),
    ];
    const result = expireRows(rows, new Date('2026-11-26T01:00:00Z'));
    expect(result.rows.map((r) => r.status)).toEqual([
      'EXPIRED',
      'EXPIRED',
      'EXPIRED',
      'CLAIMED',
      'AVAILABLE',
    ]);
    expect(result.changed).toHaveLength(3);
    expect(result.transitions.map((t) => t.from)).toEqual(['AVAILABLE', 'IN_PROGRESS', 'COMPLETED']);
  });

  it('expires weekly quests at Monday 00:00 UTC, not before', () => {
    const weekly = [row('messages_sent', 200, { period: 'weekly' })];
    expect(expireRows(weekly, new Date('2026-11-29T23:59:59.999Z')).transitions).toEqual([]);
    expect(expireRows(weekly, new Date('2026-11-30T00:00:00Z')).transitions).toHaveLength(1);
  });
});

describe('claim', () => {
  const completed = row('messages_sent', 1, { status: 'COMPLETED', progress: 1, completedAt: NOW });

  it('pays a completed quest once, keyed by member, quest and period', () => {
    const result = claim(completed, later(HOUR));
    expect(result).toEqual({
      ok: true,
      row: { ...completed, status: 'CLAIMED', claimedAt: later(HOUR) },
      transition: {
        userId: 'u1',
        questKey: completed.questKey,
        periodKey: '2026-11-25',
        from: 'COMPLETED',
        to: 'CLAIMED',
        at: later(HOUR),
      },
      award: {
        kind: 'award',
        source: 'quest',
        sourceId: `u1:${completed.questKey}:2026-11-25`,
        delta: 25,
        reason: `quest:${completed.questKey}`,
      },
    });
  });

  it('refuses a second claim', () => {
    const first = claim(completed, NOW);
    if (!first.ok) throw new Error('first claim failed');
    expect(claim(first.row, NOW)).toEqual({ ok: false, error: 'already_claimed' });
  });

  it('refuses a quest that is not completed', () => {
    expect(claim(row('messages_sent', 5), NOW)).toEqual({ ok: false, error: 'not_completed' });
    expect(claim(row('messages_sent', 5, { status: 'IN_PROGRESS', progress: 3 }), NOW)).toEqual({
      ok: false,
      error: 'not_completed',
    });
  });

  it('refuses once the period has ended, even before the cleanup job ran', () => {
    expect(claim(completed, new Date('2026-11-26T00:00:00Z'))).toEqual({ ok: false, error: 'expired' });
    expect(claim({ ...completed, status: 'EXPIRED' }, NOW)).toEqual({ ok: false, error: 'expired' });
  });

  it('still refuses an already claimed quest as already claimed after expiry', () => {
    expect(claim({ ...completed, status: 'CLAIMED' }, later(10 * DAY))).toEqual({
      ok: false,
      error: 'already_claimed',
    });
  });

  it('claims a zero-reward quest without paying anything', () => {
    const result = claim({ ...completed, reward: 0 }, NOW);
    expect(result.ok && result.award).toBeNull();
    expect(result.ok && result.row.status).toBe('CLAIMED');
  });
});
