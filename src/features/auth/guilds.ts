/**
 * What sign-in asks of the guild directory that sync keeps, as a port: the roles fill it in from
 * sync's repository (roles/feature-services.ts), so auth never reads sync's tables.
 */
export interface SignInGuilds {
  /** The ids of the guilds Hearth is in now: a signed-in user picks among those. */
  availableIds(): Promise<readonly string[]>;
}
