/**
 * What the level import asks of other features, as a port the composition root (roles/rewards.ts)
 * injects: whether Hearth knows the guild (sync's guilds).
 */
export interface KnownGuilds {
  /** Whether the bot has joined the guild (it has been synced). */
  has(guildId: string): Promise<boolean>;
}
