import type { ChannelSnapshot, GuildInfo, MemberSnapshot, RoleSnapshot } from '../../pipeline/events.ts';
import type { Queryable } from '../../platform/db/port.ts';

/**
 * The owner of Discord's state as Hearth mirrors it: the `guilds`, `channels`, `roles` and
 * `members` tables. Other features read them through the narrow functions at the end of this file,
 which the composition root wires into the ports those features define.
 *
 * Upserts of Discord state. Each statement takes whole arrays (unnest) so a 100,000-member guild
 * is a handful of statements; callers pass each key once per statement (ON CONFLICT cannot touch a
 * row twice in one command).
 */

export async function upsertGuild(db: Queryable, guild: GuildInfo): Promise<void> {
  await db.query(
    `INSERT INTO guilds (id, name, icon, owner_id, member_count, preferred_locale, available, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, true, now())
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, icon = EXCLUDED.icon,
       owner_id = coalesce(EXCLUDED.owner_id, guilds.owner_id),
       member_count = coalesce(EXCLUDED.member_count, guilds.member_count),
       preferred_locale = coalesce(EXCLUDED.preferred_locale, guilds.preferred_locale),
       available = true, updated_at = now()`,
    [guild.id, guild.name, guild.icon, guild.ownerId, guild.memberCount, guild.locale],
  );
}

export async function upsertChannels(db: Queryable, guildId: string, channels: readonly ChannelSnapshot[]) {
  if (channels.length === 0) return;
  await db.query(
    `INSERT INTO channels (id, guild_id, name, type, parent_id, position, deleted_at, updated_at)
     SELECT id, $1, name, type, parent_id, position, NULL, now()
     FROM unnest($2::bigint[], $3::text[], $4::smallint[], $5::bigint[], $6::int[])
       AS c(id, name, type, parent_id, position)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, parent_id = EXCLUDED.parent_id,
       position = EXCLUDED.position, deleted_at = NULL, updated_at = now()`,
    [
      guildId,
      channels.map((c) => c.id),
      channels.map((c) => c.name),
      channels.map((c) => c.type),
      channels.map((c) => c.parentId),
      channels.map((c) => c.position),
    ],
  );
}

/** After a full snapshot: channels Discord no longer lists are marked deleted (their stats stay). */
export async function markMissingChannelsDeleted(db: Queryable, guildId: string, present: readonly string[]) {
  await db.query(
    `UPDATE channels SET deleted_at = now() WHERE guild_id = $1 AND deleted_at IS NULL AND id <> ALL($2::bigint[])`,
    [guildId, present],
  );
}

export async function markChannelDeleted(db: Queryable, channelId: string) {
  await db.query('UPDATE channels SET deleted_at = now() WHERE id = $1', [channelId]);
}

/** Each known channel's parent and its parent's parent (thread -> channel -> category). */
export async function channelParents(
  db: Queryable,
  channelIds: readonly string[],
): Promise<{ id: string; parentId: string | null; grandparentId: string | null }[]> {
  if (channelIds.length === 0) return [];
  const { rows } = await db.query<{ id: string; parent_id: string | null; grandparent_id: string | null }>(
    `SELECT c.id::text AS id, c.parent_id::text AS parent_id, p.parent_id::text AS grandparent_id
     FROM channels c LEFT JOIN channels p ON p.id = c.parent_id WHERE c.id = ANY($1::bigint[])`,
    [channelIds],
  );
  return rows.map((row) => ({ id: row.id, parentId: row.parent_id, grandparentId: row.grandparent_id }));
}

export async function upsertRoles(db: Queryable, guildId: string, roles: readonly RoleSnapshot[]) {
  if (roles.length === 0) return;
  await db.query(
    `INSERT INTO roles (guild_id, id, name, permissions, position, color, managed, deleted_at, updated_at)
     SELECT $1, id, name, permissions, position, color, managed, NULL, now()
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::int[], $6::int[], $7::boolean[])
       AS r(id, name, permissions, position, color, managed)
     ON CONFLICT (guild_id, id) DO UPDATE SET name = EXCLUDED.name, permissions = EXCLUDED.permissions,
       position = EXCLUDED.position, color = EXCLUDED.color, managed = EXCLUDED.managed, deleted_at = NULL,
       updated_at = now()`,
    [
      guildId,
      roles.map((r) => r.id),
      roles.map((r) => r.name),
      roles.map((r) => r.permissions),
      roles.map((r) => r.position),
      roles.map((r) => r.color),
      roles.map((r) => r.managed),
    ],
  );
}

export async function markMissingRolesDeleted(db: Queryable, guildId: string, present: readonly string[]) {
  await db.query(
    `UPDATE roles SET deleted_at = now() WHERE guild_id = $1 AND deleted_at IS NULL AND id <> ALL($2::bigint[])`,
    [guildId, present],
  );
}

export async function markRoleDeleted(db: Queryable, guildId: string, roleId: string) {
  await db.query('UPDATE roles SET deleted_at = now() WHERE guild_id = $1 AND id = $2', [guildId, roleId]);
}

export async function upsertMembers(db: Queryable, guildId: string, members: readonly MemberSnapshot[]) {
  if (members.length === 0) return;
  // Postgres has no array-of-arrays of different lengths, so role ids travel as one text per member.
  await db.query(
    `INSERT INTO members (guild_id, user_id, username, display_name, avatar, is_bot, role_ids, joined_at, left_at, updated_at)
     SELECT $1, user_id, username, display_name, avatar, is_bot,
            CASE WHEN roles = '' THEN '{}'::bigint[] ELSE string_to_array(roles, ',')::bigint[] END,
            joined_at, NULL, now()
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::timestamptz[])
       AS m(user_id, username, display_name, avatar, is_bot, roles, joined_at)
     ON CONFLICT (guild_id, user_id) DO UPDATE SET username = EXCLUDED.username,
       display_name = EXCLUDED.display_name, avatar = EXCLUDED.avatar, is_bot = EXCLUDED.is_bot,
       role_ids = EXCLUDED.role_ids, joined_at = coalesce(EXCLUDED.joined_at, members.joined_at),
       left_at = NULL, updated_at = now()`,
    [
      guildId,
      members.map((m) => m.userId),
      members.map((m) => m.username),
      members.map((m) => m.displayName),
      members.map((m) => m.avatar),
      members.map((m) => m.isBot),
      members.map((m) => m.roleIds.join(',')),
      members.map((m) => m.joinedAt),
    ],
  );
}

/** A member still in the guild, with whether it is a bot; null when unknown or gone. */
export async function currentMember(
  db: Queryable,
  guildId: string,
  userId: string,
): Promise<{ isBot: boolean } | null> {
  const { rows } = await db.query<{ is_bot: boolean }>(
    'SELECT is_bot FROM members WHERE guild_id = $1 AND user_id = $2 AND left_at IS NULL',
    [guildId, userId],
  );
  const row = rows[0];
  return row ? { isBot: row.is_bot } : null;
}

/** The names and avatars of the given members (left or not); members never synced are absent. */
export async function memberProfiles(
  db: Queryable,
  guildId: string,
  userIds: readonly string[],
): Promise<{ userId: string; username: string; displayName: string | null; avatar: string | null }[]> {
  if (userIds.length === 0) return [];
  const { rows } = await db.query<{
    user_id: string;
    username: string;
    display_name: string | null;
    avatar: string | null;
  }>(
    'SELECT user_id, username, display_name, avatar FROM members WHERE guild_id = $1 AND user_id = ANY($2::bigint[])',
    [guildId, userIds],
  );
  return rows.map((row) => ({
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    avatar: row.avatar,
  }));
}

export async function markMembersLeft(db: Queryable, guildId: string, userIds: readonly string[], at: Date) {
  if (userIds.length === 0) return;
  await db.query(
    `UPDATE members SET left_at = $3, updated_at = now()
     WHERE guild_id = $1 AND user_id = ANY($2::bigint[]) AND left_at IS NULL`,
    [guildId, userIds, at],
  );
}

/** After a full member listing: members Discord no longer lists have left. Returns how many. */
export async function markMissingMembersLeft(
  db: Queryable,
  guildId: string,
  present: readonly string[],
  at: Date,
): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE members SET left_at = $3, updated_at = now()
     WHERE guild_id = $1 AND left_at IS NULL AND user_id <> ALL($2::bigint[])`,
    [guildId, present, at],
  );
  return rowCount;
}

// ---------------------------------------------------------------------------------------------
// Reads. The routes list guilds, channels and roles; other features read names and ids through
// the narrow functions below, wired into their ports by the composition root (src/roles/).
// ---------------------------------------------------------------------------------------------

export interface GuildSummary {
  id: string;
  name: string;
  icon: string | null;
  memberCount: number | null;
  /** Members present now (not left). */
  members: number;
  /** Channels not deleted. */
  channels: number;
}

/** The guilds Hearth is in, by name: all of them, or those among `guildIds`. */
export async function guildSummaries(
  q: Queryable,
  scope: { all: boolean; guildIds: readonly string[] },
): Promise<GuildSummary[]> {
  const { rows } = await q.query<{
    id: string;
    name: string;
    icon: string | null;
    member_count: number | null;
    members: number;
    channels: number;
  }>(
    `SELECT g.id, g.name, g.icon, g.member_count,
       (SELECT count(*)::int FROM members m WHERE m.guild_id = g.id AND m.left_at IS NULL) AS members,
       (SELECT count(*)::int FROM channels c WHERE c.guild_id = g.id AND c.deleted_at IS NULL) AS channels
     FROM guilds g WHERE g.available AND ($1::boolean OR g.id = ANY($2::bigint[])) ORDER BY g.name`,
    [scope.all, scope.guildIds],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    icon: r.icon,
    memberCount: r.member_count,
    members: r.members,
    channels: r.channels,
  }));
}

export interface ChannelListing {
  id: string;
  name: string;
  type: number;
  parentId: string | null;
  position: number;
}

/** A guild's channels and threads that are not deleted, in Discord's order. */
export async function guildChannels(q: Queryable, guildId: string): Promise<ChannelListing[]> {
  const { rows } = await q.query<{
    id: string;
    name: string;
    type: number;
    parent_id: string | null;
    position: number;
  }>(
    `SELECT id::text, name, type, parent_id::text, position FROM channels
     WHERE guild_id = $1 AND deleted_at IS NULL ORDER BY position, id`,
    [guildId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    parentId: r.parent_id,
    position: r.position,
  }));
}

export interface RoleListing {
  id: string;
  name: string;
  color: number;
  position: number;
  managed: boolean;
}

/** A guild's roles that are not deleted, highest first, without @everyone (the role whose id is the guild's). */
export async function guildRoles(q: Queryable, guildId: string): Promise<RoleListing[]> {
  const { rows } = await q.query<RoleListing>(
    `SELECT id::text, name, color, position, managed FROM roles
     WHERE guild_id = $1 AND deleted_at IS NULL AND id <> guild_id ORDER BY position DESC, id`,
    [guildId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    color: r.color,
    position: r.position,
    managed: r.managed,
  }));
}

/** The ids of the guilds Hearth is in now. */
export async function availableGuildIds(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM guilds WHERE available');
  return rows.map((r) => r.id);
}

/** Whether Hearth has seen the guild at all (available or not). */
export async function guildExists(q: Queryable, guildId: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM guilds WHERE id = $1', [guildId]);
  return rows.length > 0;
}

/** Those of `channelIds` that are channels of the guild Hearth has seen (deleted ones included). */
export async function knownChannelIds(
  q: Queryable,
  guildId: string,
  channelIds: readonly string[],
): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>(
    'SELECT id::text FROM channels WHERE guild_id = $1 AND id = ANY($2::bigint[])',
    [guildId, channelIds],
  );
  return new Set(rows.map((r) => r.id));
}

/** Name and Discord type of each of these channels Hearth has seen, by id. */
export async function channelsByIds(
  q: Queryable,
  channelIds: readonly string[],
): Promise<Map<string, { name: string; type: number }>> {
  const found = new Map<string, { name: string; type: number }>();
  if (channelIds.length === 0) return found;
  const { rows } = await q.query<{ id: string; name: string; type: number }>(
    'SELECT id, name, type FROM channels WHERE id = ANY($1::bigint[])',
    [channelIds],
  );
  for (const row of rows) found.set(row.id, { name: row.name, type: row.type });
  return found;
}

/** The display name (else the username) of each of these users Hearth knows in the guild, by user id. */
export async function memberNames(
  q: Queryable,
  guildId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (userIds.length === 0) return names;
  const { rows } = await q.query<{ user_id: string; name: string }>(
    `SELECT user_id, coalesce(display_name, username) AS name FROM members
     WHERE guild_id = $1 AND user_id = ANY($2::bigint[])`,
    [guildId, userIds],
  );
  for (const row of rows) names.set(row.user_id, row.name);
  return names;
}
