import { z } from 'zod';
import {
  type AchievementDefinition,
  achievementCatalogSchema,
  DEFAULT_ACHIEVEMENTS,
} from '../../achievements/domain/index.ts';
import { type KarmaRules, karmaRulesSchema, snowflakeSchema } from '../../karma/domain/index.ts';
import {
  type LevelSettings,
  type LevelTable,
  levelSettingsSchema,
  levelTable,
} from '../../levels/domain/index.ts';
import { DEFAULT_QUESTS, type QuestDefinition, questCatalogSchema } from '../../quests/domain/index.ts';

/**
 * A guild's whole karma configuration: the parts stored as JSON in `guild_settings` (validated by
 * their zod schemas) and the quest and achievement catalogs stored in their own tables. Parsed once
 * per `version` and cached by every process that applies rules.
 */

export const ANNOUNCEMENT_MODES = ['off', 'channel', 'current_channel', 'dm'] as const;
export type AnnouncementMode = (typeof ANNOUNCEMENT_MODES)[number];

export const DEFAULT_ANNOUNCEMENT_TEMPLATE = '🎉 {user} reached level {level} ({title})!';

export const announcementSettingsSchema = z
  .object({
    /** off; a fixed channel; the channel where the level was reached; a direct message. */
    mode: z.enum(ANNOUNCEMENT_MODES).default('off'),
    channelId: snowflakeSchema.optional(),
    /** `{user}` (a mention), `{level}`, `{title}` are replaced. */
    template: z.string().trim().min(1).max(500).default(DEFAULT_ANNOUNCEMENT_TEMPLATE),
    /** Announce only from this level on, so the first few quick levels do not flood a channel. */
    minLevel: z.int().min(1).max(1000).default(1),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'channel' && value.channelId === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'a channel is needed for mode "channel"',
        path: ['channelId'],
      });
    }
  });

export type AnnouncementSettings = z.output<typeof announcementSettingsSchema>;

export const leaderboardSettingsSchema = z.object({
  /** When true, anyone may read the guild's leaderboard without a token (`?guild_id=`). */
  public: z.boolean().default(false),
});

export type LeaderboardSettings = z.output<typeof leaderboardSettingsSchema>;

/** The document of `GET/PUT /guilds/{guildId}/settings/karma`; on PUT every section is optional. */
export const settingsPatchSchema = z
  .object({
    karma: karmaRulesSchema.optional(),
    levels: levelSettingsSchema.optional(),
    announcements: announcementSettingsSchema.optional(),
    leaderboard: leaderboardSettingsSchema.optional(),
    quests: questCatalogSchema.optional(),
    achievements: achievementCatalogSchema.optional(),
  })
  .strict();

export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export interface GuildConfig {
  guildId: string;
  version: number;
  rules: KarmaRules;
  levels: LevelSettings;
  table: LevelTable;
  announcements: AnnouncementSettings;
  leaderboard: LeaderboardSettings;
  /** Every quest definition of the guild, active or not, in display order. */
  quests: readonly QuestDefinition[];
  /**
   * A fingerprint of the quest catalog: live quest state assigned from another catalog is rebuilt from
   * the stored rows (settings changes that leave the quests alone do not cost members a reload).
   */
  questCatalogId: string;
  /** Active achievement definitions, in display order. */
  achievements: readonly AchievementDefinition[];
  /** Whether the rules look at channels or roles at all: the pipeline skips those lookups otherwise. */
  usesChannels: boolean;
  usesRoles: boolean;
  /** The highest distinct-channels threshold of the achievements: beyond it, channels need no tracking. */
  channelsTracked: number;
}

export interface StoredSettings {
  guildId: string;
  version: number;
  karma: unknown;
  levels: unknown;
  announcements: unknown;
  leaderboard: unknown;
}

/** Builds the cached configuration from stored rows; throws (zod) when a stored value went bad. */
export function buildConfig(
  stored: StoredSettings,
  quests: readonly QuestDefinition[],
  achievements: readonly AchievementDefinition[],
): GuildConfig {
  const rules = karmaRulesSchema.parse(stored.karma ?? {});
  const levels = levelSettingsSchema.parse(stored.levels ?? {});
  return {
    guildId: stored.guildId,
    version: stored.version,
    rules,
    levels,
    table: tableOf(levels),
    announcements: announcementSettingsSchema.parse(stored.announcements ?? {}),
    leaderboard: leaderboardSettingsSchema.parse(stored.leaderboard ?? {}),
    quests,
    questCatalogId: fingerprint(JSON.stringify(quests)),
    achievements,
    usesChannels: rules.noKarmaChannelIds.length > 0 || Object.keys(rules.channelMultipliers).length > 0,
    usesRoles: rules.noKarmaRoleIds.length > 0 || Object.keys(rules.roleMultipliers).length > 0,
    channelsTracked: Math.max(
      0,
      ...achievements.filter((a) => a.criterion.stat === 'distinctChannels').map((a) => a.criterion.atLeast),
    ),
  };
}

export function tableOf(levels: LevelSettings): LevelTable {
  return levelTable(levels.curve, levels);
}

/** The configuration of a guild nobody has configured: what a new guild gets. */
export function defaultConfig(guildId: string): GuildConfig {
  return buildConfig(
    { guildId, version: 1, karma: {}, levels: {}, announcements: {}, leaderboard: {} },
    DEFAULT_QUESTS,
    DEFAULT_ACHIEVEMENTS,
  );
}

/** A zod error's first issue as a dotted field path (`levels.curve.coefficients`) and a message. */
export function describeZodError(error: z.ZodError, prefix?: string): { field: string; message: string } {
  const issue = error.issues[0];
  const path = [...(prefix ? [prefix] : []), ...(issue?.path ?? []).map(String)];
  const field = path.join('.') || (prefix ?? 'body');
  return { field, message: `${field}: ${issue?.message ?? 'is invalid'}` };
}

/** FNV-1a of a string, as 8 hex digits: short enough to store in every member's quest state. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
