import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUESTS,
  measureOf,
  parseQuestCatalog,
  QUEST_CRITERIA,
  questDefinitionSchema,
} from './catalog.ts';

const valid = {
  key: 'daily_test',
  name: 'Test',
  description: 'Do the thing.',
  period: 'daily',
  criterion: 'messages_sent',
  target: 5,
  reward: 10,
} as const;

describe('default quest catalog', () => {
  it('has the 17 quests of seed 004: ten daily and seven weekly', () => {
    expect(DEFAULT_QUESTS).toHaveLength(17);
    expect(DEFAULT_QUESTS.filter((quest) => quest.period === 'daily')).toHaveLength(10);
    expect(DEFAULT_QUESTS.filter((quest) => quest.period === 'weekly')).toHaveLength(7);
  });

  it('gives every quest a unique key, a zh-TW name and description, and an active flag', () => {
    expect(new Set(DEFAULT_QUESTS.map((quest) => quest.key)).size).toBe(17);
    for (const quest of DEFAULT_QUESTS) {
      expect(quest.nameZh).toBeTruthy();
      expect(quest.descriptionZh).toBeTruthy();
      expect(quest.active).toBe(true);
      expect(quest.key.startsWith(quest.period)).toBe(true);
    }
  });

  it('uses every criterion at least once', () => {
    const used = new Set(DEFAULT_QUESTS.map((quest) => quest.criterion));
    expect([...used].sort()).toEqual([...QUEST_CRITERIA].sort());
  });

  it('pays weekly quests more than any daily quest', () => {
    const maxDaily = Math.max(...DEFAULT_QUESTS.filter((q) => q.period === 'daily').map((q) => q.reward));
    const minWeekly = Math.min(...DEFAULT_QUESTS.filter((q) => q.period === 'weekly').map((q) => q.reward));
    expect(minWeekly).toBeGreaterThan(maxDaily);
  });
});

describe('quest definition schema', () => {
  it('defaults a new quest to active', () => {
    expect(questDefinitionSchema.parse(valid).active).toBe(true);
  });

  it.each([
    ['an uppercase key', { key: 'Daily' }],
    ['a zero target', { target: 0 }],
    ['a negative reward', { reward: -1 }],
    ['a fractional target', { target: 2.5 }],
    ['an unknown period', { period: 'monthly' }],
    ['an unknown criterion', { criterion: 'logins' }],
    ['an empty name', { name: '  ' }],
    ['more active days than a week has', { period: 'weekly', criterion: 'active_days', target: 8 }],
    ['two active days in one day', { criterion: 'active_days', target: 2 }],
    ['more voice minutes than a day has', { criterion: 'voice_minutes', target: 1441 }],
    ['a distinct-channel target too large to store', { criterion: 'distinct_channels', target: 51 }],
  ])('rejects %s', (_label, overrides) => {
    expect(questDefinitionSchema.safeParse({ ...valid, ...overrides }).success).toBe(false);
  });

  it('rejects a catalog with a duplicate key', () => {
    expect(() => parseQuestCatalog([valid, valid])).toThrow(/duplicate key daily_test/);
  });

  it('accepts a guild catalog without translations', () => {
    expect(parseQuestCatalog([valid, { ...valid, key: 'weekly_test', period: 'weekly' }])).toHaveLength(2);
  });
});

describe('measureOf', () => {
  it('classifies criteria by how progress is kept', () => {
    expect(measureOf('messages_sent')).toBe('counter');
    expect(measureOf('quests_completed')).toBe('counter');
    expect(measureOf('distinct_channels')).toBe('distinct');
    expect(measureOf('active_days')).toBe('distinct');
    expect(measureOf('streak_days')).toBe('gauge');
  });
});
