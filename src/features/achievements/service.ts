import { levelForKarma } from '../levels/domain/index.ts';
import type { RewardsContext } from '../rewards/context.ts';
import { readMember } from '../rewards/member-repository.ts';
import { unlocksOf } from '../rewards/unlock-repository.ts';
import { achievementProgress, EMPTY_MEMBER_STATS, type MemberStats } from './domain/index.ts';

/** Seed 001's achievement panel as data: definitions with a member's progress and unlocks. */

export interface AchievementView {
  key: string;
  name: string;
  nameZh: string | null;
  description: string;
  descriptionZh: string | null;
  karmaReward: number;
  hidden: boolean;
  unlocked: boolean;
  unlockedAt: string | null;
  current: number;
  target: number;
  fraction: number;
}

export interface AchievementList {
  guildId: string;
  userId: string;
  unlocked: number;
  total: number;
  achievements: AchievementView[];
}

export class AchievementsService {
  readonly #context: RewardsContext;

  constructor(deps: { context: RewardsContext }) {
    this.#context = deps.context;
  }

  async list(guildId: string, userId: string): Promise<AchievementList> {
    const context = this.#context;
    const config = await context.db.transaction((tx) => context.configs.one(tx, guildId));
    const [row, unlockedAt] = await Promise.all([
      readMember(context.db, guildId, userId),
      unlocksOf(context.db, guildId, userId),
    ]);
    const stats: MemberStats = row
      ? {
          messages: row.messages,
          replies: row.replies,
          attachments: row.attachments,
          reactionsGiven: row.reactionsGiven,
          reactionsReceived: row.reactionsReceived,
          voiceMinutes: row.voiceMinutes,
          karma: row.total,
          level: levelForKarma(config.table, row.total),
          currentStreak: row.currentStreak,
          longestStreak: row.longestStreak,
          questsCompleted: row.questsCompleted,
          distinctChannels: row.distinctChannels,
        }
      : EMPTY_MEMBER_STATS;
    const progress = new Map(
      achievementProgress(config.achievements, stats, unlockedAt.keys()).map((p) => [p.key, p]),
    );
    const achievements: AchievementView[] = [];
    for (const definition of config.achievements) {
      const p = progress.get(definition.key);
      if (!p) continue; // hidden and not unlocked
      achievements.push({
        key: definition.key,
        name: definition.name,
        nameZh: definition.nameZh ?? null,
        description: definition.description,
        descriptionZh: definition.descriptionZh ?? null,
        karmaReward: definition.karmaReward,
        hidden: definition.hidden,
        unlocked: p.unlocked,
        unlockedAt: unlockedAt.get(definition.key)?.toISOString() ?? null,
        current: p.current,
        target: p.target,
        fraction: p.fraction,
      });
    }
    return {
      guildId,
      userId,
      unlocked: achievements.filter((a) => a.unlocked).length,
      total: config.achievements.length,
      achievements,
    };
  }
}
