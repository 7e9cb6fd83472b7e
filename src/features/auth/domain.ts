/** Discord permission bits that make a member an admin of their guild in Hearth. */
const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;

export interface OAuthGuild {
  id: string;
  name: string;
  icon: string | null;
  owner?: boolean;
  permissions?: string;
}

export interface GuildChoice {
  id: string;
  name: string;
  icon: string | null;
  admin: boolean;
}

/** Manage Server, Administrator or ownership; listed admins (by user id) also count. */
export function isGuildAdmin(
  guild: OAuthGuild,
  userId: string,
  listedAdmins: readonly string[] = [],
): boolean {
  if (guild.owner || listedAdmins.includes(userId)) return true;
  try {
    const permissions = BigInt(guild.permissions ?? '0');
    return (permissions & (ADMINISTRATOR | MANAGE_GUILD)) !== 0n;
  } catch {
    return false;
  }
}

/** The user's guilds where Hearth also is, each with whether they administer it. */
export function guildChoices(
  userGuilds: readonly OAuthGuild[],
  hearthGuildIds: ReadonlySet<string>,
  userId: string,
  listedAdmins: readonly string[] = [],
): GuildChoice[] {
  return userGuilds
    .filter((g) => hearthGuildIds.has(g.id))
    .map((g) => ({ id: g.id, name: g.name, icon: g.icon, admin: isGuildAdmin(g, userId, listedAdmins) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Where to send the browser after sign-in: only a path on this site, never another origin. */
export function safeRedirect(target: string | undefined): string {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  return target;
}
