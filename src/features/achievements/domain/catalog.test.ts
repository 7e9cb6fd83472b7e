import { describe, expect, it } from 'vitest';
import { achievementDefinitionSchema, DEFAULT_ACHIEVEMENTS, parseAchievementCatalog } from './catalog.ts';

const valid = {
  key: 'custom_one',
  name: 'Custom',
  description: 'Do it.',
  criterion: { stat: 'messages', atLeast: 5 },
} as const;

describe('default achievements', () => {
  it('covers first message, message counts, voice hours, levels, streaks, quests and reactions', () => {
    const byKey = new Map(DEFAULT_ACHIEVEMENTS.map((definition) => [definition.key, definition.criterion]));
    expect(byKey.get('first_message')).toEqual({ stat: 'messages', atLeast: 1 });
    expect(byKey.get('messages_100')?.atLeast).toBe(100);
    expect(byKey.get('messages_1000')?.atLeast).toBe(1000);
    expect(byKey.get('messages_10000')?.atLeast).toBe(10_000);
    expect(byKey.get('voice_10h')).toEqual({ stat: 'voiceMinutes', atLeast: 600 });
    for (const level of [5, 10, 25, 50, 100])
      expect(byKey.get(`level_${level}`)).toEqual({ stat: 'level', atLeast: level });
    expect(byKey.get('streak_7')).toEqual({ stat: 'longestStreak', atLeast: 7 });
    expect(byKey.get('quests_10')).toEqual({ stat: 'questsCompleted', atLeast: 10 });
    expect(byKey.get('reactions_received_100')).toEqual({ stat: 'reactionsReceived', atLeast: 100 });
    expect(byKey.get('channels_10')).toEqual({ stat: 'distinctChannels', atLeast: 10 });
  });

  it('has unique keys and zh-TW text everywhere', () => {
    expect(new Set(DEFAULT_ACHIEVEMENTS.map((d) => d.key)).size).toBe(DEFAULT_ACHIEVEMENTS.length);
    for (const definition of DEFAULT_ACHIEVEMENTS) {
      expect(definition.nameZh).toBeTruthy();
      expect(definition.descriptionZh).toBeTruthy();
    }
  });

  it('pays no karma for level achievements, so levels cannot feed themselves', () => {
    const levels = DEFAULT_ACHIEVEMENTS.filter((d) => d.criterion.stat === 'level');
    expect(levels.map((d) => d.karmaReward)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('achievement definition schema', () => {
  it('defaults to no karma and visible', () => {
    expect(achievementDefinitionSchema.parse(valid)).toMatchObject({ karmaReward: 0, hidden: false });
  });

  it.each([
    ['an unknown stat', { criterion: { stat: 'logins', atLeast: 1 } }],
    ['a zero threshold', { criterion: { stat: 'messages', atLeast: 0 } }],
    ['a negative reward', { karmaReward: -5 }],
    ['a bad key', { key: 'has spaces' }],
  ])('rejects %s', (_label, overrides) => {
    expect(achievementDefinitionSchema.safeParse({ ...valid, ...overrides }).success).toBe(false);
  });

  it('rejects a catalog with a duplicate key', () => {
    expect(() => parseAchievementCatalog([valid, valid])).toThrow(/duplicate key custom_one/);
  });
});
