import { ServiceError } from '../../platform/errors.ts';
import type { Queue } from '../../platform/queue/index.ts';
import type { AchievementDefinition } from '../achievements/domain/index.ts';
import type { KarmaRules } from '../karma/domain/index.ts';
import { type LevelSettings, levelTable } from '../levels/domain/index.ts';
import type { QuestDefinition } from '../quests/domain/index.ts';
import type { RewardsContext } from './context.ts';
import {
  type AnnouncementSettings,
  describeZodError,
  type GuildConfig,
  type LeaderboardSettings,
  settingsPatchSchema,
} from './domain/config.ts';
import { type SettingsColumn, updateSettings } from './settings-repository.ts';

/** Queue of the job that re-derives members' levels after the curve changed. */
export const LEVELS_RECOMPUTE_QUEUE = 'karma-levels-recompute';

export interface SettingsView {
  guildId: string;
  version: number;
  karma: KarmaRules;
  levels: LevelSettings;
  announcements: AnnouncementSettings;
  leaderboard: LeaderboardSettings;
  quests: readonly QuestDefinition[];
  achievements: readonly AchievementDefinition[];
}

function view(config: GuildConfig): SettingsView {
  return {
    guildId: config.guildId,
    version: config.version,
    karma: config.rules,
    levels: config.levels,
    announcements: config.announcements,
    leaderboard: config.leaderboard,
    quests: config.quests,
    achievements: config.achievements,
  };
}

/**
 * Reading and changing a guild's karma configuration. Each section of a change is validated by its
 * schema (a 400 names the offending field, e.g. `levels.curve.coefficients`), stored as the admin sent
 * it, and applied in one transaction: the level table is rewritten when the levels change, the quest
 * and achievement catalogs are replaced when given, and the version moves so every process reloads.
 */
export class SettingsService {
  readonly #context: RewardsContext;
  readonly #queue: Queue | undefined;

  constructor(deps: { context: RewardsContext; queue?: Queue | undefined }) {
    this.#context = deps.context;
    this.#queue = deps.queue;
  }

  async get(guildId: string): Promise<SettingsView> {
    return view(await this.config(guildId));
  }

  async config(guildId: string): Promise<GuildConfig> {
    return this.#context.db.transaction((tx) => this.#context.configs.one(tx, guildId));
  }

  async update(guildId: string, body: unknown, actorId: string | null): Promise<SettingsView> {
    const parsed = settingsPatchSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const { field, message } = describeZodError(parsed.error);
      throw new ServiceError('invalid', message, { reason: 'invalid_settings', field });
    }
    const patch = parsed.data;
    const input = (body ?? {}) as Record<string, unknown>;
    const context = this.#context;
    const config = await context.db.transaction(async (tx) => {
      await context.configs.one(tx, guildId);
      const sections: Partial<Record<SettingsColumn, unknown>> = {};
      for (const column of ['karma', 'levels', 'announcements', 'leaderboard'] as const) {
        if (input[column] !== undefined) sections[column] = input[column];
      }
      await updateSettings(tx, guildId, sections, actorId);
      await context.catalogs.save(tx, guildId, {
        ...(patch.levels ? { levelTable: levelTable(patch.levels.curve, patch.levels) } : {}),
        ...(patch.quests ? { quests: patch.quests } : {}),
        ...(patch.achievements ? { achievements: patch.achievements } : {}),
      });
      context.configs.invalidate(guildId);
      return context.configs.one(tx, guildId);
    });
    if (patch.levels) {
      // Members keep the level of the old curve until they next earn; the job re-derives them all now.
      await this.#queue
        ?.send(LEVELS_RECOMPUTE_QUEUE, { guildId })
        .catch((error: unknown) =>
          context.logger?.warn({ err: error }, 'could not enqueue the level recompute'),
        );
    }
    return view(config);
  }
}
