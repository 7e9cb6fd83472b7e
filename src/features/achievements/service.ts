import { levelForKarma } from '../levels/domain/index.ts';
import type { KarmaRuntime } from '../rewards/context.ts';
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

interface StatsRow {
  total: string;
  messages: number;
  replies: number;
  attachments: number;
  reactions_given: number;
  reactions_received: number;
  voice_minutes: number;
  current_streak: number;
  longest_streak: number;
  quests_completed: number;
  distinct_channels: number;
}

export class AchievementsService {
  readonly #runtime: KarmaRuntime;

  constructor(deps: { runtime: KarmaRuntime }) {
    this.#runtime = deps.runtime;
  }

  async list(guildId: string, userId: string): Promise<AchievementList> {
    const runtime = this.#runtime;
    const config = await runtime.db.transaction((tx) => runtime.configs.one(tx, guildId));
    const [member, unlocks] = await Promise.all([
      runtime.db.query<StatsRow>(
        `SELECT total, messages, replies, attachments, reactions_given, reactions_received, voice_minutes,
                current_streak, longest_streak, quests_completed, distinct_channels
         FROM user_karma WHERE guild_id = $1 AND user_id = $2`,
        [guildId, userId],
      ),
      runtime.db.query<{ achievement_key: string; unlocked_at: Date }>(
        'SELECT achievement_key, unlocked_at FROM user_achievements WHERE guild_id = $1 AND user_id = $2',
        [guildId, userId],
      ),
    ]);
    const row = member.rows[0];
    const karma = Number(row?.total ?? 0);
    const stats: MemberStats = row
      ? {
          messages: row.messages,
          replies: row.replies,
          attachments: row.attachments,
          reactionsGiven: row.reactions_given,
          reactionsReceived: row.reactions_received,
          voiceMinutes: row.voice_minutes,
          karma,
          level: levelForKarma(config.table, karma),
          currentStreak: row.current_streak,
          longestStreak: row.longest_streak,
          questsCompleted: row.quests_completed,
          distinctChannels: row.distinct_channels,
        }
      : EMPTY_MEMBER_STATS;
    const unlockedAt = new Map(unlocks.rows.map((u) => [u.achievement_key, u.unlocked_at]));
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
