import type { RoleRewardMode } from './settings.ts';
import type { RoleReward } from './table.ts';

/**
 * The reward roles a member at `level` should hold. `stack` keeps every role earned so far (classic
 * MEE6 behaviour); `replace` keeps only the role of the highest reward level reached, for guilds whose
 * reward roles are ranks that would otherwise clutter the member list.
 */
export function rewardRolesAt(level: number, rewards: readonly RoleReward[], mode: RoleRewardMode): string[] {
  const earned = rewards.filter((reward) => reward.level <= level).sort((a, b) => a.level - b.level);
  if (mode === 'stack') return unique(earned.map((reward) => reward.roleId));
  const top = earned.at(-1);
  return top ? [top.roleId] : [];
}

export type RoleChanges = Readonly<{ add: readonly string[]; remove: readonly string[] }>;

export type RoleChangeInput = Readonly<{
  oldLevel: number;
  newLevel: number;
  rewards: readonly RoleReward[];
  mode: RoleRewardMode;
  /**
   * The member's actual roles, when known. With them the result is a full resync (a role removed by
   * hand comes back, a stale one goes); without them only the difference between the two levels.
   */
  memberRoleIds?: readonly string[];
}>;

/** Roles to add and remove after a level change; works downwards too (admin removed karma). */
export function roleRewardChanges(input: RoleChangeInput): RoleChanges {
  const wanted = new Set(rewardRolesAt(input.newLevel, input.rewards, input.mode));
  if (input.memberRoleIds !== undefined) {
    const held = new Set(input.memberRoleIds);
    const rewardRoles = new Set(input.rewards.map((reward) => reward.roleId));
    return {
      add: [...wanted].filter((role) => !held.has(role)),
      remove: [...rewardRoles].filter((role) => held.has(role) && !wanted.has(role)),
    };
  }
  const had = new Set(rewardRolesAt(input.oldLevel, input.rewards, input.mode));
  return {
    add: [...wanted].filter((role) => !had.has(role)),
    remove: [...had].filter((role) => !wanted.has(role)),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
