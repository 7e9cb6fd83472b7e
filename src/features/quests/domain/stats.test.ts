import { describe, expect, it } from 'vitest';
import { questStats } from './stats.ts';
import { NOW, row } from './test-kit.ts';

describe('questStats', () => {
  it('summarises a member’s quests by status', () => {
    const rows = [
      row('messages_sent', 5),
      row('messages_sent', 5, { status: 'IN_PROGRESS', progress: 1 }),
      row('messages_sent', 1, { status: 'COMPLETED', progress: 1, completedAt: NOW }),
      row('messages_sent', 1, {
        status: 'CLAIMED',
        progress: 1,
        completedAt: NOW,
        claimedAt: NOW,
        reward: 40,
      }),
      row('messages_sent', 1, { status: 'EXPIRED', progress: 1, completedAt: NOW }),
      row('messages_sent', 3, { status: 'EXPIRED', progress: 1 }),
    ];
    expect(questStats(rows, NOW)).toEqual({
      total: 6,
      available: 1,
      inProgress: 1,
      completed: 1,
      claimed: 1,
      expired: 2,
      claimable: 1,
      karmaClaimed: 40,
      completionRate: 0.5,
    });
  });

  it('does not count a completed quest as claimable after its period ended', () => {
    const done = row('messages_sent', 1, { status: 'COMPLETED', progress: 1, completedAt: NOW });
    expect(questStats([done], new Date('2026-11-26T00:00:00Z')).claimable).toBe(0);
  });

  it('is all zeros without quests', () => {
    expect(questStats([], NOW)).toMatchObject({ total: 0, completionRate: 0, karmaClaimed: 0 });
  });
});
