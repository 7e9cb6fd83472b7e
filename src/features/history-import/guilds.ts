/**
 * What history import asks of the guild directory that sync keeps, as a port: the roles fill it in
 * from sync's repository (roles/feature-services.ts), so history import never reads sync's tables.
 */
export interface ImportGuilds {
  /** Whether Hearth has seen the guild. */
  exists(guildId: string): Promise<boolean>;
  /** Those of `channelIds` that are channels of the guild Hearth has seen. */
  knownChannels(guildId: string, channelIds: readonly string[]): Promise<ReadonlySet<string>>;
}
