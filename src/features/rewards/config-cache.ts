import type { Queryable } from '../../platform/db/port.ts';
import { DEFAULT_ACHIEVEMENTS } from '../achievements/domain/index.ts';
import { DEFAULT_QUESTS } from '../quests/domain/index.ts';
import type { RewardCatalogs } from './catalogs.ts';
import { buildConfig, defaultConfig, type GuildConfig } from './domain/config.ts';
import { insertMissingSettings, loadStoredSettings, loadVersions } from './settings-repository.ts';

/**
 * Parsed guild configurations, reused while their `version` is unchanged. Each use costs one small
 * query (the versions of the guilds at hand) so that a change made by the API in another process is
 * seen by the very next batch, and a guild seen for the first time is seeded on the spot: its
 * settings row, the 17 default quests, the default achievements and its level table.
 */
export class ConfigCache {
  readonly #configs = new Map<string, GuildConfig>();
  readonly #catalogs: RewardCatalogs;
  readonly #maxEntries: number;

  constructor(catalogs: RewardCatalogs, options: { maxEntries?: number } = {}) {
    this.#catalogs = catalogs;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  async get(tx: Queryable, guildIds: readonly string[]): Promise<Map<string, GuildConfig>> {
    const unique = [...new Set(guildIds)];
    const result = new Map<string, GuildConfig>();
    if (unique.length === 0) return result;
    let versions = await loadVersions(tx, unique);
    if (versions.size < unique.length) {
      await this.#seed(
        tx,
        unique.filter((id) => !versions.has(id)),
      );
      versions = await loadVersions(tx, unique);
    }
    for (const guildId of unique) {
      const version = versions.get(guildId);
      let config = this.#configs.get(guildId);
      if (!config || config.version !== version) {
        config = await this.#load(tx, guildId);
        this.#remember(config);
      }
      result.set(guildId, config);
    }
    return result;
  }

  async one(tx: Queryable, guildId: string): Promise<GuildConfig> {
    const config = (await this.get(tx, [guildId])).get(guildId);
    if (!config) throw new Error(`no reward configuration for guild ${guildId}`);
    return config;
  }

  /** Forget a guild (after this process changed its settings, to avoid serving the old copy). */
  invalidate(guildId: string): void {
    this.#configs.delete(guildId);
  }

  /** Creates what a guild not seen before needs; racing processes seed it once. */
  async #seed(tx: Queryable, guildIds: readonly string[]): Promise<void> {
    for (const guildId of await insertMissingSettings(tx, guildIds)) {
      await this.#catalogs.save(tx, guildId, {
        quests: DEFAULT_QUESTS,
        achievements: DEFAULT_ACHIEVEMENTS,
        levelTable: defaultConfig(guildId).table,
      });
    }
  }

  async #load(tx: Queryable, guildId: string): Promise<GuildConfig> {
    const stored = await loadStoredSettings(tx, guildId);
    if (!stored) throw new Error(`guild ${guildId} has no reward settings after seeding`);
    const catalogs = await this.#catalogs.load(tx, guildId);
    return buildConfig(stored, catalogs.quests, catalogs.achievements);
  }

  #remember(config: GuildConfig): void {
    this.#configs.delete(config.guildId);
    if (this.#configs.size >= this.#maxEntries) {
      // Maps iterate in insertion order: the first key is the least recently loaded guild.
      const oldest = this.#configs.keys().next().value;
      if (oldest !== undefined) this.#configs.delete(oldest);
    }
    this.#configs.set(config.guildId, config);
  }
}
