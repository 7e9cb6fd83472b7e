import type { Interaction } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { FastifyPluginAsync } from 'fastify';
import { achievementsCommands, handleAchievementsInteraction } from '../features/achievements/discord.ts';
import { achievementsRoutes } from '../features/achievements/http.ts';
import { loadAchievements, writeAchievements } from '../features/achievements/repository.ts';
import { AchievementsService } from '../features/achievements/service.ts';
import { handleKarmaInteraction, karmaCommands } from '../features/karma/discord.ts';
import { karmaRoutes } from '../features/karma/http.ts';
import { karmaPipelineFeature } from '../features/karma/pipeline.ts';
import type { KarmaDirectory, QuestProgress } from '../features/karma/ports.ts';
import { KarmaService } from '../features/karma/service.ts';
import { VoiceKarmaService } from '../features/karma/voice.ts';
import { levelImportRoutes } from '../features/level-import/http.ts';
import type { KnownGuilds } from '../features/level-import/ports.ts';
import { LevelImportService } from '../features/level-import/service.ts';
import { handleLevelsInteraction, levelsCommands } from '../features/levels/discord.ts';
import { levelsRoutes } from '../features/levels/http.ts';
import type { MemberNames } from '../features/levels/ports.ts';
import { writeLevelTable } from '../features/levels/repository.ts';
import { LevelsService } from '../features/levels/service.ts';
import { loadQuests, writeQuests } from '../features/quests/catalog-repository.ts';
import { handleQuestsInteraction, questsCommands } from '../features/quests/discord.ts';
import { questsRoutes } from '../features/quests/http.ts';
import { progressQuests } from '../features/quests/progress-stage.ts';
import { QuestsService } from '../features/quests/service.ts';
import type { RewardCatalogs } from '../features/rewards/catalogs.ts';
import type { RewardConsumer } from '../features/rewards/consumers.ts';
import { createRewardsContext, type RewardsContext } from '../features/rewards/context.ts';
import { rewardsSettingsRoutes } from '../features/rewards/http.ts';
import { SettingsService } from '../features/rewards/settings-service.ts';
import { channelParents, currentMember, guildExists, memberProfiles } from '../features/sync/repository.ts';
import type { PipelineFeature } from '../pipeline/feature.ts';
import type { Db } from '../platform/db/port.ts';
import type { HotStore } from '../platform/hot/port.ts';
import type { Logger } from '../platform/logger.ts';
import type { Queue } from '../platform/queue/index.ts';

/**
 * The reward features (karma, levels, quests, achievements, level import) composed: one context per
 * process (one configuration cache and leaderboard), every service built once here and handed to
 * the routes, the Discord handlers, the pipeline and the jobs, and every port a feature defines
 * implemented here with the owning feature's narrow functions.
 */
export interface RewardsServices {
  context: RewardsContext;
  karma: KarmaService;
  voice: VoiceKarmaService;
  settings: SettingsService;
  levels: LevelsService;
  quests: QuestsService;
  achievements: AchievementsService;
  levelImport: LevelImportService;
  /** Karma's pipeline rules, with their ports. */
  pipeline: PipelineFeature;
}

export interface RewardsDeps {
  db: Db;
  /** Absent: the leaderboard is served from SQL only. */
  hot?: HotStore | undefined;
  /** Absent (tools): level changes wait for a worker's dispatcher cron, recomputes are not sent. */
  queue?: Queue | undefined;
  logger?: Logger | undefined;
  now?: (() => Date) | undefined;
  /** Told about what each settlement paid, in its transaction (the economy's seam); none today. */
  consumers?: readonly RewardConsumer[];
}

/** The quest and achievement catalogs and the level table, kept by the features that own them. */
export const rewardCatalogs: RewardCatalogs = {
  async load(tx, guildId) {
    return { quests: await loadQuests(tx, guildId), achievements: await loadAchievements(tx, guildId) };
  },
  async save(tx, guildId, change) {
    if (change.levelTable) await writeLevelTable(tx, guildId, change.levelTable);
    if (change.quests) await writeQuests(tx, guildId, change.quests);
    if (change.achievements) await writeAchievements(tx, guildId, change.achievements);
  },
};

/** What karma asks of sync: where channels sit, and who is a current human member. */
export const karmaDirectory: KarmaDirectory = {
  async channelScopes(tx, channelIds) {
    const parents = await channelParents(tx, channelIds);
    return new Map(
      parents.map((c) => [c.id, { channelId: c.id, parentId: c.parentId, categoryId: c.grandparentId }]),
    );
  },
  async isCurrentHuman(tx, guildId, userId) {
    const member = await currentMember(tx, guildId, userId);
    return member !== null && !member.isBot;
  },
};

/** Quest progress for what karma saw members do. */
export const questProgress: QuestProgress = {
  async progress(tx, configs, activities, now) {
    await progressQuests(tx, configs, activities, now);
  },
};

/** The names the leaderboard shows, from sync's member list. */
export const leaderboardNames: MemberNames = {
  async of(db, guildId, userIds) {
    const names = await memberProfiles(db, guildId, userIds);
    return new Map(names.map(({ userId, ...name }) => [userId, name]));
  },
};

/** Whether the bot has joined a guild, from sync's guilds. */
export function knownGuilds(db: Db): KnownGuilds {
  return { has: (guildId) => guildExists(db, guildId) };
}

export function createRewards(deps: RewardsDeps): RewardsServices {
  const context = createRewardsContext({
    db: deps.db,
    catalogs: rewardCatalogs,
    hot: deps.hot,
    queue: deps.queue,
    consumers: deps.consumers,
    logger: deps.logger,
    now: deps.now,
  });
  const ports = { context, directory: karmaDirectory, quests: questProgress };
  return {
    context,
    karma: new KarmaService({ context }),
    voice: new VoiceKarmaService(ports),
    settings: new SettingsService({ context, queue: deps.queue }),
    levels: new LevelsService({ context, names: leaderboardNames }),
    quests: new QuestsService({ context }),
    achievements: new AchievementsService({ context }),
    levelImport: new LevelImportService({ context, guilds: knownGuilds(deps.db) }),
    pipeline: karmaPipelineFeature(ports),
  };
}

/** The API plugins of the reward features (mounted under /api/v1), in the order of the document. */
export function rewardsApiPlugins(services: RewardsServices): FastifyPluginAsync[] {
  return [
    karmaRoutes({ karma: services.karma }),
    rewardsSettingsRoutes({ settings: services.settings }),
    levelsRoutes({ levels: services.levels }),
    questsRoutes({ quests: services.quests }),
    achievementsRoutes({ achievements: services.achievements }),
    levelImportRoutes({ service: services.levelImport }),
  ];
}

export function rewardsPipelineFeatures(services: RewardsServices): PipelineFeature[] {
  return [services.pipeline];
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
