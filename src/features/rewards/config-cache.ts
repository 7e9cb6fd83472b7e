import type { Queryable } from '../../platform/db/port.ts';
import type { GuildConfig } from './config.ts';
import { ensureGuilds, loadConfig, loadVersions } from './settings-repository.ts';

/**
 * Parsed guild configurations, reused while their `version` is unchanged. Each use costs one small
 * query (the versions of the guilds at hand) so that a change made by the API in another process is
 * seen by the very next batch, and a guild seen for the first time is seeded on the spot.
 */
export class ConfigCache {
  readonly #configs = new Map<string, GuildConfig>();
  readonly #maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  async get(tx: Queryable, guildIds: readonly string[]): Promise<Map<string, GuildConfig>> {
    const unique = [...new Set(guildIds)];
    const result = new Map<string, GuildConfig>();
    if (unique.length === 0) return result;
    let versions = await loadVersions(tx, unique);
    if (versions.size < unique.length) {
      await ensureGuilds(
        tx,
        unique.filter((id) => !versions.has(id)),
      );
      versions = await loadVersions(tx, unique);
    }
    for (const guildId of unique) {
      const version = versions.get(guildId);
      let config = this.#configs.get(guildId);
      if (!config || config.version !== version) {
        const loaded = await loadConfig(tx, guildId);
        if (!loaded) throw new Error(`guild ${guildId} has no karma settings after seeding`);
        config = loaded;
        this.#remember(config);
      }
      result.set(guildId, config);
    }
    return result;
  }

  async one(tx: Queryable, guildId: string): Promise<GuildConfig> {
    const config = (await this.get(tx, [guildId])).get(guildId);
    if (!config) throw new Error(`no karma configuration for guild ${guildId}`);
    return config;
  }

  /** Forget a guild (after this process changed its settings, to avoid serving the old copy). */
  invalidate(guildId: string): void {
    this.#configs.delete(guildId);
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
