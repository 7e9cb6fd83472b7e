import { describe, expect, it } from 'vitest';
import { questsToAssign } from './assign.ts';
import { DEFAULT_QUESTS, parseQuestCatalog } from './catalog.ts';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('questsToAssign', () => {
  it('gives a member all 17 default quests on their first activity of the week', () => {
    const rows = questsToAssign(DEFAULT_QUESTS, [], NOW, 'u1');
    expect(rows).toHaveLength(17);
    const daily = rows.find((r) => r.questKey === 'daily_check_in');
    expect(daily).toMatchObject({
      userId: 'u1',
      period: 'daily',
      periodKey: '2026-11-25',
      status: 'AVAILABLE',
      progress: 0,
      seen: [],
      target: 1,
      reward: 10,
      startsAt: new Date('2026-11-25T00:00:00Z'),
      expiresAt: new Date('2026-11-26T00:00:00Z'),
      completedAt: null,
      claimedAt: null,
    });
    expect(rows.find((r) => r.questKey === 'weekly_regular')).toMatchObject({
      periodKey: '2026-W48',
      startsAt: new Date('2026-11-23T00:00:00Z'),
      expiresAt: new Date('2026-11-30T00:00:00Z'),
    });
  });

  it('assigns nothing the member already has for this period', () => {
    const first = questsToAssign(DEFAULT_QUESTS, [], NOW, 'u1');
    expect(questsToAssign(DEFAULT_QUESTS, first, NOW, 'u1')).toEqual([]);
  });

  it('assigns only the new day’s quests the next day, keeping the week’s', () => {
    const first = questsToAssign(DEFAULT_QUESTS, [], NOW, 'u1');
    const next = questsToAssign(DEFAULT_QUESTS, first, new Date('2026-11-26T00:00:00Z'), 'u1');
    expect(next).toHaveLength(10);
    expect(next.every((r) => r.period === 'daily' && r.periodKey === '2026-11-26')).toBe(true);
  });

  it('assigns a new week’s quests at Monday 00:00 UTC', () => {
    const first = questsToAssign(DEFAULT_QUESTS, [], NOW, 'u1');
    const monday = questsToAssign(DEFAULT_QUESTS, first, new Date('2026-11-30T00:00:00Z'), 'u1');
    expect(monday.filter((r) => r.period === 'weekly').map((r) => r.periodKey)).toEqual(
      Array(7).fill('2026-W49'),
    );
  });

  it('skips inactive quests and copies the definition’s terms', () => {
    const catalog = parseQuestCatalog([
      {
        key: 'daily_on',
        name: 'On',
        description: 'x',
        period: 'daily',
        criterion: 'messages_sent',
        target: 3,
        reward: 9,
      },
      {
        key: 'daily_off',
        name: 'Off',
        description: 'x',
        period: 'daily',
        criterion: 'messages_sent',
        target: 3,
        reward: 9,
        active: false,
      },
    ]);
    const rows = questsToAssign(catalog, [], NOW, 'u1');
    expect(rows.map((r) => [r.questKey, r.target, r.reward, r.criterion])).toEqual([
      ['daily_on', 3, 9, 'messages_sent'],
    ]);
  });

  it('ignores rows of other periods when deciding what is missing', () => {
    const old = [{ questKey: 'daily_check_in', periodKey: '2026-11-24' }];
    const rows = questsToAssign(DEFAULT_QUESTS, old, NOW, 'u1');
    expect(rows.some((r) => r.questKey === 'daily_check_in')).toBe(true);
  });
});
