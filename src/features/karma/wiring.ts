import type { FastifyPluginAsync } from 'fastify';
import type { PipelineFeature } from '../../pipeline/feature.ts';
import { achievementsRoutes } from '../achievements/http.ts';
import { AchievementsService } from '../achievements/service.ts';
import { levelsRoutes } from '../levels/http.ts';
import { LevelsService } from '../levels/service.ts';
import { questsRoutes } from '../quests/http.ts';
import { QuestsService } from '../quests/service.ts';
import { karmaRoutes } from './http.ts';
import { karmaPipelineFeature } from './pipeline.ts';
import { createKarmaRuntime, type KarmaRuntime, type KarmaRuntimeDeps } from './runtime.ts';
import { KarmaService } from './service.ts';
import { SettingsService } from './settings-service.ts';

/**
 * Everything the unified karma system offers a role, built from one runtime (one configuration cache
 * and leaderboard per process). Roles call `createKarmaServices` once and take what they need.
 */
export interface KarmaServices {
  runtime: KarmaRuntime;
  karma: KarmaService;
  settings: SettingsService;
  levels: LevelsService;
  quests: QuestsService;
  achievements: AchievementsService;
}

export function createKarmaServices(deps: KarmaRuntimeDeps): KarmaServices {
  const runtime = createKarmaRuntime(deps);
  return {
    runtime,
    karma: new KarmaService({ runtime }),
    settings: new SettingsService({ runtime, queue: deps.queue }),
    levels: new LevelsService({ runtime }),
    quests: new QuestsService({ runtime }),
    achievements: new AchievementsService({ runtime }),
  };
}

/** The API plugins of karma, levels, quests and achievements (mounted under /api/v1). */
export function karmaApiPlugins(services: KarmaServices): FastifyPluginAsync[] {
  return [
    karmaRoutes({ karma: services.karma, settings: services.settings }),
    levelsRoutes({ levels: services.levels, settings: services.settings }),
    questsRoutes({ quests: services.quests }),
    achievementsRoutes({ achievements: services.achievements }),
  ];
}

export function karmaPipelineFeatures(services: KarmaServices): PipelineFeature[] {
  return [karmaPipelineFeature(services.runtime)];
}
