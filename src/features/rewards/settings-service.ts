import { ServiceError } from '../../platform/errors.ts';
import type { Queue } from '../../platform/queue/index.ts';
import type { AchievementDefinition } from '../achievements/domain/index.ts';
import { writeAchievements } from '../achievements/repository.ts';
import type { KarmaRules } from '../karma/domain/index.ts';
import { type LevelSettings, levelSettingsSchema, levelTable } from '../levels/domain/index.ts';
import { writeLevelTable } from '../levels/repository.ts';
import { writeQuests } from '../quests/catalog-repository.ts';
import type { QuestDefinition } from '../quests/domain/index.ts';
import {
  type AnnouncementSettings,
  describeZodError,
  type GuildConfig,
  type LeaderboardSettings,
  settingsPatchSchema,
} from './config.ts';
import type { KarmaRuntime } from './context.ts';
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
  readonly #runtime: KarmaRuntime;
  readonly #queue: (() => Queue | undefined) | undefined;

  constructor(deps: { runtime: KarmaRuntime; queue?: (() => Queue | undefined) | undefined }) {
    this.#runtime = deps.runtime;
    this.#queue = deps.queue;
  }

  async get(guildId: string): Promise<SettingsView> {
    return view(await this.config(guildId));
  }

  async config(guildId: string): Promise<GuildConfig> {
    return this.#runtime.db.transaction((tx) => this.#runtime.configs.one(tx, guildId));
  }

  async update(guildId: string, body: unknown, actorId: string | null): Promise<SettingsView> {
    const parsed = settingsPatchSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const { field, message } = describeZodError(parsed.error);
      throw new ServiceError('invalid', message, { reason: 'invalid_settings', field });
    }
    const patch = parsed.data;
    const input = (body ?? {}) as Record<string, unknown>;
    const runtime = this.#runtime;
    const config = await runtime.db.transaction(async (tx) => {
      await runtime.configs.one(tx, guildId);
      const sections: Partial<Record<SettingsColumn, unknown>> = {};
      for (const column of ['karma', 'levels', 'announcements', 'leaderboard'] as const) {
        if (input[column] !== undefined) sections[column] = input[column];
      }
      await updateSettings(tx, guildId, sections, actorId);
      if (patch.levels) await writeLevelTable(tx, guildId, levelTable(patch.levels.curve, patch.levels));
      if (patch.quests) await writeQuests(tx, guildId, patch.quests);
      if (patch.achievements) await writeAchievements(tx, guildId, patch.achievements);
      runtime.configs.invalidate(guildId);
      return runtime.configs.one(tx, guildId);
    });
    if (patch.levels) {
      // Members keep the level of the old curve until they next earn; the job re-derives them all now.
      await this.#queue?.()
        ?.send(LEVELS_RECOMPUTE_QUEUE, { guildId })
        .catch((error: unknown) =>
          runtime.logger?.warn({ err: error }, 'could not enqueue the level recompute'),
        );
    }
    return view(config);
  }

  /** The table a level configuration would give, without saving it (the dashboard's curve preview). */
  preview(body: unknown): ReturnType<typeof levelTable> {
    const parsed = levelSettingsSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const { field, message } = describeZodError(parsed.error);
      throw new ServiceError('invalid', message, { reason: 'invalid_levels', field });
    }
    return levelTable(parsed.data.curve, parsed.data);
  }
}
