import { describe, expect, it } from 'vitest';
import { DEFAULT_ACHIEVEMENTS, parseAchievementCatalog } from './catalog.ts';
import { achievementAward, achievementProgress, evaluate, isMet } from './evaluate.ts';
import { EMPTY_MEMBER_STATS, type MemberStats } from './stats.ts';

const stats = (overrides: Partial<MemberStats>): MemberStats => ({ ...EMPTY_MEMBER_STATS, ...overrides });
const keys = (definitions: readonly { key: string }[]): string[] => definitions.map((d) => d.key);

describe('evaluate', () => {
  it('unlocks nothing for a member who has done nothing', () => {
    expect(evaluate(DEFAULT_ACHIEVEMENTS, EMPTY_MEMBER_STATS, [])).toEqual([]);
  });

  it('unlocks first message on the first message', () => {
    expect(keys(evaluate(DEFAULT_ACHIEVEMENTS, stats({ messages: 1 }), []))).toEqual(['first_message']);
  });

  it('unlocks exactly at the threshold, not one below', () => {
    expect(keys(evaluate(DEFAULT_ACHIEVEMENTS, stats({ messages: 99 }), ['first_message']))).toEqual([]);
    expect(keys(evaluate(DEFAULT_ACHIEVEMENTS, stats({ messages: 100 }), ['first_message']))).toEqual([
      'messages_100',
    ]);
  });

  it('unlocks every tier a member jumps past at once (history import)', () => {
    expect(keys(evaluate(DEFAULT_ACHIEVEMENTS, stats({ messages: 12_000 }), []))).toEqual([
      'first_message',
      'messages_100',
      'messages_1000',
      'messages_10000',
    ]);
  });

  it('never unlocks an achievement twice', () => {
    const member = stats({ messages: 150, level: 12, voiceMinutes: 90 });
    const first = evaluate(DEFAULT_ACHIEVEMENTS, member, []);
    expect(keys(first)).toEqual(['first_message', 'messages_100', 'voice_1h', 'level_5', 'level_10']);
    expect(evaluate(DEFAULT_ACHIEVEMENTS, member, keys(first))).toEqual([]);
  });

  it('accepts already unlocked keys as a set', () => {
    expect(evaluate(DEFAULT_ACHIEVEMENTS, stats({ messages: 1 }), new Set(['first_message']))).toEqual([]);
  });

  it('uses the longest streak, so a broken streak keeps its achievement on re-evaluation', () => {
    expect(keys(evaluate(DEFAULT_ACHIEVEMENTS, stats({ currentStreak: 1, longestStreak: 8 }), []))).toEqual([
      'streak_7',
    ]);
  });

  it('unlocks level achievements from the level stat', () => {
    expect(keys(evaluate(DEFAULT_ACHIEVEMENTS, stats({ level: 100 }), []))).toEqual([
      'level_5',
      'level_10',
      'level_25',
      'level_50',
      'level_100',
    ]);
  });

  it('reports a key defined twice only once', () => {
    const definition = {
      key: 'twice',
      name: 'T',
      description: 'd',
      criterion: { stat: 'messages', atLeast: 1 },
    } as const;
    const [one] = parseAchievementCatalog([definition]);
    if (!one) throw new Error('no definition');
    expect(keys(evaluate([one, one], stats({ messages: 1 }), []))).toEqual(['twice']);
  });
});

describe('isMet', () => {
  it('compares the criterion stat with its threshold', () => {
    const [quests] = DEFAULT_ACHIEVEMENTS.filter((d) => d.key === 'quests_10');
    if (!quests) throw new Error('missing quests_10');
    expect(isMet(quests, stats({ questsCompleted: 9 }))).toBe(false);
    expect(isMet(quests, stats({ questsCompleted: 10 }))).toBe(true);
  });
});

describe('achievementAward', () => {
  it('pays the karma reward under the achievement source, keyed by member and achievement', () => {
    const [first] = DEFAULT_ACHIEVEMENTS;
    if (!first) throw new Error('empty catalog');
    expect(achievementAward(first, 'u1')).toEqual({
      kind: 'award',
      source: 'achievement',
      sourceId: 'u1:first_message',
      delta: 10,
      reason: 'achievement:first_message',
    });
  });

  it('pays nothing for a badge-only achievement', () => {
    const level5 = DEFAULT_ACHIEVEMENTS.find((d) => d.key === 'level_5');
    if (!level5) throw new Error('missing level_5');
    expect(achievementAward(level5, 'u1')).toBeNull();
  });
});

describe('achievementProgress', () => {
  const catalog = parseAchievementCatalog([
    { key: 'open', name: 'Open', description: 'd', criterion: { stat: 'messages', atLeast: 10 } },
    {
      key: 'secret',
      name: 'Secret',
      description: 'd',
      criterion: { stat: 'replies', atLeast: 1 },
      hidden: true,
    },
  ]);

  it('shows progress as a fraction of the threshold, capped at 1', () => {
    expect(achievementProgress(catalog, stats({ messages: 4 }), [])).toEqual([
      { key: 'open', current: 4, target: 10, fraction: 0.4, unlocked: false },
    ]);
    expect(achievementProgress(catalog, stats({ messages: 40 }), [])[0]?.fraction).toBe(1);
  });

  it('reveals a hidden achievement only once unlocked', () => {
    expect(keys(achievementProgress(catalog, stats({ replies: 1 }), []))).toEqual(['open']);
    expect(achievementProgress(catalog, stats({ replies: 1 }), ['secret'])[1]).toEqual({
      key: 'secret',
      current: 1,
      target: 1,
      fraction: 1,
      unlocked: true,
    });
  });
});
