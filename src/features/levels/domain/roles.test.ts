import { describe, expect, it } from 'vitest';
import { rewardRolesAt, roleRewardChanges } from './roles.ts';

const rewards = [
  { level: 10, roleId: 'r10' },
  { level: 5, roleId: 'r5' },
  { level: 25, roleId: 'r25' },
];

describe('rewardRolesAt', () => {
  it('holds every earned role in stack mode', () => {
    expect(rewardRolesAt(12, rewards, 'stack')).toEqual(['r5', 'r10']);
  });

  it('holds only the highest earned role in replace mode', () => {
    expect(rewardRolesAt(12, rewards, 'replace')).toEqual(['r10']);
  });

  it('holds nothing below the first reward', () => {
    expect(rewardRolesAt(4, rewards, 'stack')).toEqual([]);
    expect(rewardRolesAt(4, rewards, 'replace')).toEqual([]);
  });
});

describe('roleRewardChanges', () => {
  it('adds the new role and keeps the old ones when stacking', () => {
    expect(roleRewardChanges({ oldLevel: 9, newLevel: 10, rewards, mode: 'stack' })).toEqual({
      add: ['r10'],
      remove: [],
    });
  });

  it('swaps the old role for the new one when replacing', () => {
    expect(roleRewardChanges({ oldLevel: 9, newLevel: 10, rewards, mode: 'replace' })).toEqual({
      add: ['r10'],
      remove: ['r5'],
    });
  });

  it('handles a jump over several reward levels at once', () => {
    expect(roleRewardChanges({ oldLevel: 0, newLevel: 30, rewards, mode: 'stack' })).toEqual({
      add: ['r5', 'r10', 'r25'],
      remove: [],
    });
    expect(roleRewardChanges({ oldLevel: 0, newLevel: 30, rewards, mode: 'replace' })).toEqual({
      add: ['r25'],
      remove: [],
    });
  });

  it('changes nothing between two reward levels', () => {
    expect(roleRewardChanges({ oldLevel: 6, newLevel: 9, rewards, mode: 'replace' })).toEqual({
      add: [],
      remove: [],
    });
  });

  it('takes roles away when the level drops', () => {
    expect(roleRewardChanges({ oldLevel: 26, newLevel: 7, rewards, mode: 'stack' })).toEqual({
      add: [],
      remove: ['r10', 'r25'],
    });
    expect(roleRewardChanges({ oldLevel: 26, newLevel: 7, rewards, mode: 'replace' })).toEqual({
      add: ['r5'],
      remove: ['r25'],
    });
  });

  it('resyncs against the member’s actual roles when given them', () => {
    const changes = roleRewardChanges({
      oldLevel: 12,
      newLevel: 12,
      rewards,
      mode: 'replace',
      memberRoleIds: ['r5', 'r25', 'unrelated'],
    });
    expect(changes).toEqual({ add: ['r10'], remove: ['r5', 'r25'] });
  });

  it('never removes a role that is also a wanted reward on another level', () => {
    const shared = [
      { level: 5, roleId: 'same' },
      { level: 10, roleId: 'same' },
    ];
    expect(roleRewardChanges({ oldLevel: 5, newLevel: 10, rewards: shared, mode: 'replace' })).toEqual({
      add: [],
      remove: [],
    });
    expect(
      roleRewardChanges({ oldLevel: 10, newLevel: 10, rewards: shared, mode: 'stack', memberRoleIds: [] }),
    ).toEqual({ add: ['same'], remove: [] });
  });
});
