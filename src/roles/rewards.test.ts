import { describe, expect, it } from 'vitest';
import { rewardsCommands } from './rewards.ts';

describe('the reward features composed', () => {
  it('registers each reward command once, with ASCII names', () => {
    const names = rewardsCommands().map((c) => c.name);
    expect([...names].sort()).toEqual(['achievements', 'karma', 'leaderboard', 'levels', 'quests', 'rank']);
    for (const name of names) expect(name).toMatch(/^[a-z]+$/);
  });
});
