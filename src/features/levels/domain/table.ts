import { curveProblem, DEFAULT_MAX_LEVEL, type LevelCurve, MAX_LEVEL_LIMIT, requiredKarma } from './curve.ts';
import {
  DEFAULT_PRIVILEGE_UNLOCKS,
  DEFAULT_TITLE_TIERS,
  type PrivilegeUnlock,
  type TitleTier,
} from './titles.ts';

/** One `user_levels` row. `privileges` is cumulative: everything unlocked at or below this level. */
export type LevelRow = Readonly<{
  level: number;
  requiredKarma: number;
  title: string;
  titleKey: string | null;
  privileges: readonly string[];
  roleRewardId?: string;
}>;

/** Rows for levels 1..maxLevel, ascending by level and strictly ascending by required karma. */
export type LevelTable = readonly LevelRow[];

export type RoleReward = Readonly<{ level: number; roleId: string }>;

export type LevelTableOptions = Readonly<{
  maxLevel?: number;
  titles?: readonly TitleTier[];
  privilegeUnlocks?: readonly PrivilegeUnlock[];
  roleRewards?: readonly RoleReward[];
}>;

export function levelTable(curve: LevelCurve, options: LevelTableOptions = {}): LevelTable {
  const maxLevel = options.maxLevel ?? DEFAULT_MAX_LEVEL;
  if (!Number.isInteger(maxLevel) || maxLevel < 1 || maxLevel > MAX_LEVEL_LIMIT) {
    throw new RangeError(`maxLevel must be an integer in 1..${MAX_LEVEL_LIMIT}, got ${maxLevel}`);
  }
  const problem = curveProblem(curve, maxLevel);
  if (problem) throw new RangeError(problem);

  const tiers = sortedTiers(options.titles ?? DEFAULT_TITLE_TIERS);
  const unlocks = options.privilegeUnlocks ?? DEFAULT_PRIVILEGE_UNLOCKS;
  const roles = new Map((options.roleRewards ?? []).map((reward) => [reward.level, reward.roleId]));

  const rows: LevelRow[] = [];
  // A Set, and unlocks by level: 1,000 unlocks of 50 privileges each must not cost a scan per privilege.
  const held = new Set<string>();
  const unlocksAt = Map.groupBy(unlocks, (unlock) => unlock.level);
  for (let level = 1; level <= maxLevel; level++) {
    for (const unlock of unlocksAt.get(level) ?? []) {
      for (const privilege of unlock.privileges) held.add(privilege);
    }
    const tier = tierFor(tiers, level);
    const roleRewardId = roles.get(level);
    rows.push({
      level,
      requiredKarma: requiredKarma(curve, level),
      title: tier.title,
      titleKey: tier.key ?? null,
      privileges: [...held],
      ...(roleRewardId === undefined ? {} : { roleRewardId }),
    });
  }
  return rows;
}

function sortedTiers(tiers: readonly TitleTier[]): TitleTier[] {
  const sorted = [...tiers].sort((a, b) => a.fromLevel - b.fromLevel);
  const first = sorted[0];
  if (!first || first.fromLevel > 1) throw new RangeError('title tiers must start at level 1');
  return sorted;
}

function tierFor(tiers: readonly TitleTier[], level: number): TitleTier {
  let found: TitleTier | undefined;
  for (const tier of tiers) if (tier.fromLevel <= level) found = tier;
  if (!found) throw new RangeError(`no title for level ${level}`);
  return found;
}

/**
 * The row for any level including 0. Level 0 is not stored; it carries level 1's title (a member who
 * has not levelled yet is still a newcomer) and no privileges or role.
 */
export function rowForLevel(table: LevelTable, level: number): LevelRow {
  if (level === 0) {
    const first = table[0];
    return {
      level: 0,
      requiredKarma: 0,
      title: first?.title ?? '',
      titleKey: first?.titleKey ?? null,
      privileges: [],
    };
  }
  const row = table[level - 1];
  if (!row || row.level !== level) throw new RangeError(`level ${level} is not in the table`);
  return row;
}

export function maxLevelOf(table: LevelTable): number {
  return table.length;
}
