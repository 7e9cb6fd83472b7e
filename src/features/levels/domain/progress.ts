import { type LevelRow, type LevelTable, rowForLevel } from './table.ts';

/**
 * The level a karma total has reached: the highest level whose required karma is <= karma, 0 when
 * none is. Binary search, because the pipeline calls this for every paid event.
 */
export function levelForKarma(table: LevelTable, karma: number): number {
  let low = 0;
  let high = table.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const row = table[mid];
    if (row === undefined) break;
    if (row.requiredKarma <= karma) {
      found = row.level;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

export type LevelProgress = Readonly<{
  level: number;
  karma: number;
  /** Karma at which the current level was reached (0 for level 0). */
  currentRequired: number;
  /** Null at the maximum level. */
  nextLevel: number | null;
  nextRequired: number | null;
  /** Karma earned since reaching the current level. */
  intoLevel: number;
  /** Karma still missing for the next level; 0 at the maximum level. */
  remaining: number;
  /** intoLevel / (nextRequired - currentRequired), in [0, 1]; 1 at the maximum level. */
  fraction: number;
}>;

export function levelProgress(table: LevelTable, karma: number): LevelProgress {
  const level = levelForKarma(table, karma);
  const currentRequired = rowForLevel(table, level).requiredKarma;
  const next = table[level];
  const intoLevel = Math.max(0, karma - currentRequired);
  if (!next) {
    return {
      level,
      karma,
      currentRequired,
      nextLevel: null,
      nextRequired: null,
      intoLevel,
      remaining: 0,
      fraction: 1,
    };
  }
  const span = next.requiredKarma - currentRequired;
  return {
    level,
    karma,
    currentRequired,
    nextLevel: next.level,
    nextRequired: next.requiredKarma,
    intoLevel,
    remaining: next.requiredKarma - Math.max(karma, currentRequired),
    fraction: Math.min(1, intoLevel / span),
  };
}

export const MILESTONE_REASONS = ['title', 'role', 'privilege'] as const;
export type MilestoneReason = (typeof MILESTONE_REASONS)[number];

export type Milestone = Readonly<{
  level: number;
  requiredKarma: number;
  remaining: number;
  reasons: readonly MilestoneReason[];
  title: string;
  newPrivileges: readonly string[];
  roleRewardId?: string;
}>;

/** What makes `row` a milestone compared with the level just below it; empty for an ordinary level. */
export function milestoneReasons(previous: LevelRow, row: LevelRow): MilestoneReason[] {
  const reasons: MilestoneReason[] = [];
  if (row.title !== previous.title) reasons.push('title');
  if (row.roleRewardId !== undefined) reasons.push('role');
  if (row.privileges.some((privilege) => !previous.privileges.includes(privilege))) reasons.push('privilege');
  return reasons;
}

/**
 * The next level above the member's that changes something they can see or use: a new title, a role
 * reward or a privilege (seed 004's `/levels/me/next-milestone`). Null when none is left.
 */
export function nextMilestone(table: LevelTable, karma: number): Milestone | null {
  const current = levelForKarma(table, karma);
  for (let level = current + 1; level <= table.length; level++) {
    const row = rowForLevel(table, level);
    const previous = rowForLevel(table, level - 1);
    const reasons = milestoneReasons(previous, row);
    if (reasons.length === 0) continue;
    return {
      level,
      requiredKarma: row.requiredKarma,
      remaining: row.requiredKarma - karma,
      reasons,
      title: row.title,
      newPrivileges: row.privileges.filter((privilege) => !previous.privileges.includes(privilege)),
      ...(row.roleRewardId === undefined ? {} : { roleRewardId: row.roleRewardId }),
    };
  }
  return null;
}

export type LevelChange = Readonly<{
  from: number;
  to: number;
  direction: 'up' | 'down' | 'none';
  /** Levels newly reached, ascending; one karma award can cross several (quest rewards, imports). */
  reached: readonly LevelRow[];
  /** Levels lost after a negative adjustment, descending. */
  lost: readonly LevelRow[];
  titleChanged: boolean;
}>;

/** Compares the levels of two karma totals, for level-up announcements and role rewards. */
export function levelChange(table: LevelTable, oldKarma: number, newKarma: number): LevelChange {
  const from = levelForKarma(table, oldKarma);
  const to = levelForKarma(table, newKarma);
  const reached: LevelRow[] = [];
  const lost: LevelRow[] = [];
  for (let level = from + 1; level <= to; level++) reached.push(rowForLevel(table, level));
  for (let level = from; level > to; level--) lost.push(rowForLevel(table, level));
  return {
    from,
    to,
    direction: to > from ? 'up' : to < from ? 'down' : 'none',
    reached,
    lost,
    titleChanged: rowForLevel(table, from).title !== rowForLevel(table, to).title,
  };
}
