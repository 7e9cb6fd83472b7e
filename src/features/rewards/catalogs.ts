import type { Queryable } from '../../platform/db/port.ts';
import type { AchievementDefinition } from '../achievements/domain/index.ts';
import type { LevelTable } from '../levels/domain/index.ts';
import type { QuestDefinition } from '../quests/domain/index.ts';

/**
 * The parts of a guild's reward configuration that the features keep in tables of their own: the
 * quest catalog (quests), the achievement catalog (achievements) and the level table (levels). A
 * port: the configuration cache and the settings service read and write them through it, and the
 * composition root (roles/rewards.ts) implements it with those features' repositories.
 */
export interface GuildCatalogs {
  /** Every quest definition of the guild, active or not, in display order. */
  quests: QuestDefinition[];
  /** Active achievement definitions, in display order. */
  achievements: AchievementDefinition[];
}

export interface CatalogChange {
  /** Replaces the stored level table (kept for reading: rules derive levels from the settings). */
  levelTable?: LevelTable;
  /** Replaces the quest catalog; quests left out are deactivated. */
  quests?: readonly QuestDefinition[];
  /** Replaces the achievement catalog; achievements left out are deactivated. */
  achievements?: readonly AchievementDefinition[];
}

export interface RewardCatalogs {
  load(tx: Queryable, guildId: string): Promise<GuildCatalogs>;
  save(tx: Queryable, guildId: string, change: CatalogChange): Promise<void>;
}
