import type { Interaction } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { FastifyPluginAsync } from 'fastify';
import { achievementsCommands, handleAchievementsInteraction } from '../features/achievements/discord.ts';
import { achievementsRoutes } from '../features/achievements/http.ts';
import { AchievementsService } from '../features/achievements/service.ts';
import { handleKarmaInteraction, karmaCommands } from '../features/karma/discord.ts';
import { karmaRoutes } from '../features/karma/http.ts';
import { karmaPipelineFeature } from '../features/karma/pipeline.ts';
import { KarmaService } from '../features/karma/service.ts';
import { levelImportRoutes } from '../features/level-import/http.ts';
import { LevelImportService } from '../features/level-import/service.ts';
import { handleLevelsInteraction, levelsCommands } from '../features/levels/discord.ts';
import { levelsRoutes } from '../features/levels/http.ts';
import { LevelsService } from '../features/levels/service.ts';
import { handleQuestsInteraction, questsCommands } from '../features/quests/discord.ts';
import { questsRoutes } from '../features/quests/http.ts';
import { QuestsService } from '../features/quests/service.ts';
import { createKarmaRuntime, type KarmaRuntime, type KarmaRuntimeDeps } from '../features/rewards/context.ts';
import { SettingsService } from '../features/rewards/settings-service.ts';
import type { PipelineFeature } from '../pipeline/feature.ts';

/**
 * The reward features (karma, levels, quests, achievements, level import) composed: one runtime per
 * process (one configuration cache and leaderboard), every service built once here and handed to
 * the routes, the Discord handlers, the pipeline and the jobs.
 */
export interface RewardsServices {
  runtime: KarmaRuntime;
  karma: KarmaService;
  settings: SettingsService;
  levels: LevelsService;
  quests: QuestsService;
  achievements: AchievementsService;
  levelImport: LevelImportService;
}

export function createRewards(deps: KarmaRuntimeDeps): RewardsServices {
  const runtime = createKarmaRuntime(deps);
  return {
    runtime,
    karma: new KarmaService({ runtime }),
    settings: new SettingsService({ runtime, queue: deps.queue }),
    levels: new LevelsService({ runtime }),
    quests: new QuestsService({ runtime }),
    achievements: new AchievementsService({ runtime }),
    levelImport: new LevelImportService({ runtime }),
  };
}

/** The API plugins of the reward features (mounted under /api/v1). */
export function rewardsApiPlugins(services: RewardsServices): FastifyPluginAsync[] {
  return [
    karmaRoutes({ karma: services.karma, settings: services.settings }),
    levelsRoutes({ levels: services.levels, settings: services.settings }),
    questsRoutes({ quests: services.quests }),
    achievementsRoutes({ achievements: services.achievements }),
    levelImportRoutes({ service: services.levelImport }),
  ];
}

export function rewardsPipelineFeatures(services: RewardsServices): PipelineFeature[] {
  return [karmaPipelineFeature(services.runtime)];
}

/** The reward features' slash commands, for a bulk overwrite. */
export function rewardsCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...levelsCommands(), ...questsCommands(), ...achievementsCommands(), ...karmaCommands()];
}

/** Routes an interaction to the reward feature that owns it; false when none does. */
export async function handleRewardsInteraction(
  interaction: Interaction,
  services: RewardsServices,
): Promise<boolean> {
  return (
    (await handleLevelsInteraction(interaction, services.levels)) ||
    (await handleQuestsInteraction(interaction, services.quests)) ||
    (await handleAchievementsInteraction(interaction, services.achievements)) ||
    handleKarmaInteraction(interaction, services.karma)
  );
}
