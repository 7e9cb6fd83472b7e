import { award, type KarmaAward, sourceIds } from '../../karma/domain/sources.ts';
import type { AchievementDefinition } from './catalog.ts';
import type { MemberStats } from './stats.ts';

export function isMet(definition: AchievementDefinition, stats: MemberStats): boolean {
  return stats[definition.criterion.stat] >= definition.criterion.atLeast;
}

/**
 * The achievements `stats` newly qualify for: met and not already unlocked, each key at most once, in
 * catalog order. Idempotent: feeding the result back as `alreadyUnlocked` yields nothing, and the
 * ledger key of the reward (member + key) makes a racing second unlock pay nothing either.
 */
export function evaluate(
  definitions: readonly AchievementDefinition[],
  stats: MemberStats,
  alreadyUnlocked: Iterable<string>,
): AchievementDefinition[] {
  const unlocked = new Set(alreadyUnlocked);
  const fresh: AchievementDefinition[] = [];
  for (const definition of definitions) {
    if (unlocked.has(definition.key) || !isMet(definition, stats)) continue;
    unlocked.add(definition.key);
    fresh.push(definition);
  }
  return fresh;
}

/** The karma an unlock pays, or null for a badge-only achievement. */
export function achievementAward(definition: AchievementDefinition, userId: string): KarmaAward | null {
  if (definition.karmaReward <= 0) return null;
  return award(
    'achievement',
    sourceIds.achievement(userId, definition.key),
    definition.karmaReward,
    `achievement:${definition.key}`,
  );
}

export type AchievementProgress = Readonly<{
  key: string;
  current: number;
  target: number;
  /** In [0, 1]. */
  fraction: number;
  unlocked: boolean;
}>;

/**
 * Progress toward each achievement for the dashboard. Hidden achievements appear only once unlocked,
 * so their criteria stay a surprise.
 */
export function achievementProgress(
  definitions: readonly AchievementDefinition[],
  stats: MemberStats,
  alreadyUnlocked: Iterable<string>,
): AchievementProgress[] {
  const unlocked = new Set(alreadyUnlocked);
  return definitions
    .filter((definition) => !definition.hidden || unlocked.has(definition.key))
    .map((definition) => {
      const target = definition.criterion.atLeast;
      const current = Math.max(0, stats[definition.criterion.stat]);
      const isUnlocked = unlocked.has(definition.key);
      return {
        key: definition.key,
        current,
        target,
        fraction: isUnlocked ? 1 : Math.min(1, current / target),
        unlocked: isUnlocked,
      };
    });
}
