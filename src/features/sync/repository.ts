import { sql } from 'kysely';
import type { ChannelSnapshot, GuildInfo, MemberSnapshot, RoleSnapshot } from '../../pipeline/events.ts';
import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { Channels, Members, Roles } from '../../platform/db/schema.gen.ts';

/**
 * The owner of Discord's state as Hearth mirrors it: the `guilds`, `channels`, `roles` and
 * `members` tables. Other features read them through the narrow functions at the end of this file,
 which the composition root wires into the ports those features define.
 *
 * Upserts of Discord state. Each statement takes whole arrays (unnest) so a 100,000-member guild
 * is a handful of statements; callers pass each key once per statement (ON CONFLICT cannot touch a
 * row twice in one command).
 */

/** `= ANY` / `<> ALL` of one bigint[] parameter, however many ids: not one parameter per id. */
const anyId = (ids: readonly string[]) => sql<string>`ANY(${ids}::bigint[])`;
const allIds = (ids: readonly string[]) => sql<string>`ALL(${ids}::bigint[])`;

export async function upsertGuild(db: Queryable, guild: GuildInfo): Promise<void> {
  await kyselyOf(db)
    .insertInto('guilds')
    .values({
      id: guild.id,
      name: guild.name,
      icon: guild.icon,
      owner_id: guild.ownerId,
      member_count: guild.memberCount,
      preferred_locale: guild.locale,
      available: true,
      updated_at: sql`now()`,
    })
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        icon: eb.ref('excluded.icon'),
        owner_id: eb.fn.coalesce('excluded.owner_id', 'guilds.owner_id'),
        member_count: eb.fn.coalesce('excluded.member_count', 'guilds.member_count'),
        preferred_locale: eb.fn.coalesce('excluded.preferred_locale', 'guilds.preferred_locale'),
        available: true,
        updated_at: sql`now()`,
      })),
    )
    .execute();
}

/** `(name, name, ...)` and `$2::type[], $3::type[], ...` of a batch upsert's `unnest` columns after `$1`, the guild. */
function unnestOf(columns: readonly (readonly [string, string])[]) {
  return {
    names: columns.map(([name]) => name).join(', '),
    arrays: columns.map(([, type], i) => `$${i + 2}::${type}[]`).join(', '),
  };
}

/**
 * The batch upserts' `unnest` columns in order, each with the array type its values travel as (the
 * guild id is `$1`, one value for the batch). tsc checks the names against the generated schema;
 * repository.test.ts checks the types against the real tables. The statements are raw SQL on
 * purpose: they run for every batch of the pipeline and for whole guild snapshots, and are composed
 * once here.
 */
export const CHANNEL_UPSERT_COLUMNS = [
  ['id', 'bigint'],
  ['name', 'text'],
  ['type', 'smallint'],
  ['parent_id', 'bigint'],
  ['position', 'int'],
] as const satisfies readonly (readonly [keyof Channels, string])[];

const channelsUnnest = unnestOf(CHANNEL_UPSERT_COLUMNS);
export const CHANNEL_UPSERT = `INSERT INTO channels (guild_id, ${channelsUnnest.names}, deleted_at, updated_at)
     SELECT $1, ${channelsUnnest.names}, NULL, now()
     FROM unnest(${channelsUnnest.arrays}) AS c(${channelsUnnest.names})
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, parent_id = EXCLUDED.parent_id,
       position = EXCLUDED.position, deleted_at = NULL, updated_at = now()`;

export async function upsertChannels(db: Queryable, guildId: string, channels: readonly ChannelSnapshot[]) {
  if (channels.length === 0) return;
  await db.query(CHANNEL_UPSERT, [
    guildId,
    channels.map((c) => c.id),
    channels.map((c) => c.name),
    channels.map((c) => c.type),
    channels.map((c) => c.parentId),
    channels.map((c) => c.position),
  ]);
}

/** After a full snapshot: channels Discord no longer lists are marked deleted (their stats stay). */
export async function markMissingChannelsDeleted(db: Queryable, guildId: string, present: readonly string[]) {
  await kyselyOf(db)
    .updateTable('channels')
    .set({ deleted_at: sql`now()` })
    .where('guild_id', '=', guildId)
    .where('deleted_at', 'is', null)
    .where('id', '<>', allIds(present))
    .execute();
}

export async function markChannelDeleted(db: Queryable, channelId: string) {
  await kyselyOf(db)
    .updateTable('channels')
    .set({ deleted_at: sql`now()` })
    .where('id', '=', channelId)
    .execute();
}

/** Each known channel's parent and its parent's parent (thread -> channel -> category). */
export async function channelParents(
  db: Queryable,
  channelIds: readonly string[],
): Promise<{ id: string; parentId: string | null; grandparentId: string | null }[]> {
  if (channelIds.length === 0) return [];
  const rows = await kyselyOf(db)
    .selectFrom('channels as c')
    .leftJoin('channels as p', 'p.id', 'c.parent_id')
    .select(['c.id', 'c.parent_id', 'p.parent_id as grandparent_id'])
    .where('c.id', '=', anyId(channelIds))
    .execute();
  return rows.map((row) => ({ id: row.id, parentId: row.parent_id, grandparentId: row.grandparent_id }));
}

export const ROLE_UPSERT_COLUMNS = [
  ['id', 'bigint'],
  ['name', 'text'],
  ['permissions', 'text'],
  ['position', 'int'],
  ['color', 'int'],
  ['managed', 'boolean'],
] as const satisfies readonly (readonly [keyof Roles, string])[];

const rolesUnnest = unnestOf(ROLE_UPSERT_COLUMNS);
export const ROLE_UPSERT = `INSERT INTO roles (guild_id, ${rolesUnnest.names}, deleted_at, updated_at)
     SELECT $1, ${rolesUnnest.names}, NULL, now()
     FROM unnest(${rolesUnnest.arrays}) AS r(${rolesUnnest.names})
     ON CONFLICT (guild_id, id) DO UPDATE SET name = EXCLUDED.name, permissions = EXCLUDED.permissions,
       position = EXCLUDED.position, color = EXCLUDED.color, managed = EXCLUDED.managed, deleted_at = NULL,
       updated_at = now()`;

export async function upsertRoles(db: Queryable, guildId: string, roles: readonly RoleSnapshot[]) {
  if (roles.length === 0) return;
  await db.query(ROLE_UPSERT, [
    guildId,
    roles.map((r) => r.id),
    roles.map((r) => r.name),
    roles.map((r) => r.permissions),
    roles.map((r) => r.position),
    roles.map((r) => r.color),
    roles.map((r) => r.managed),
  ]);
}

export async function markMissingRolesDeleted(db: Queryable, guildId: string, present: readonly string[]) {
  await kyselyOf(db)
    .updateTable('roles')
    .set({ deleted_at: sql`now()` })
    .where('guild_id', '=', guildId)
    .where('deleted_at', 'is', null)
    .where('id', '<>', allIds(present))
    .execute();
}

export async function markRoleDeleted(db: Queryable, guildId: string, roleId: string) {
  await kyselyOf(db)
    .updateTable('roles')
    .set({ deleted_at: sql`now()` })
    .where('guild_id', '=', guildId)
    .where('id', '=', roleId)
    .execute();
}

/**
 * Postgres has no array-of-arrays of different lengths, so `role_ids` travels as one text per
 * member (ids joined by commas) and becomes a bigint[] in the statement.
 */
export const MEMBER_UPSERT_COLUMNS = [
  ['user_id', 'bigint'],
  ['username', 'text'],
  ['display_name', 'text'],
  ['avatar', 'text'],
  ['is_bot', 'boolean'],
  ['role_ids', 'text'],
  ['joined_at', 'timestamptz'],
] as const satisfies readonly (readonly [keyof Members, string])[];

const membersUnnest = unnestOf(MEMBER_UPSERT_COLUMNS);
export const MEMBER_UPSERT = `INSERT INTO members (guild_id, ${membersUnnest.names}, left_at, updated_at)
     SELECT $1, user_id, username, display_name, avatar, is_bot,
            CASE WHEN role_ids = '' THEN '{}'::bigint[] ELSE string_to_array(role_ids, ',')::bigint[] END,
            joined_at, NULL, now()
     FROM unnest(${membersUnnest.arrays}) AS m(${membersUnnest.names})
     ON CONFLICT (guild_id, user_id) DO UPDATE SET username = EXCLUDED.username,
       display_name = EXCLUDED.display_name, avatar = EXCLUDED.avatar, is_bot = EXCLUDED.is_bot,
       role_ids = EXCLUDED.role_ids, joined_at = coalesce(EXCLUDED.joined_at, members.joined_at),
       left_at = NULL, updated_at = now()`;

export async function upsertMembers(db: Queryable, guildId: string, members: readonly MemberSnapshot[]) {
  if (members.length === 0) return;
  await db.query(MEMBER_UPSERT, [
    guildId,
    members.map((m) => m.userId),
    members.map((m) => m.username),
    members.map((m) => m.displayName),
    members.map((m) => m.avatar),
    members.map((m) => m.isBot),
    members.map((m) => m.roleIds.join(',')),
    members.map((m) => m.joinedAt),
  ]);
}

/** A member still in the guild, with whether it is a bot; null when unknown or gone. */
export async function currentMember(
  db: Queryable,
  guildId: string,
  userId: string,
): Promise<{ isBot: boolean } | null> {
  const row = await kyselyOf(db)
    .selectFrom('members')
    .select('is_bot')
    .where('guild_id', '=', guildId)
    .where('user_id', '=', userId)
    .where('left_at', 'is', null)
    .executeTakeFirst();
  return row ? { isBot: row.is_bot } : null;
}

/** The names and avatars of the given members (left or not); members never synced are absent. */
export async function memberProfiles(
  db: Queryable,
  guildId: string,
  userIds: readonly string[],
): Promise<{ userId: string; username: string; displayName: string | null; avatar: string | null }[]> {
  if (userIds.length === 0) return [];
  const rows = await kyselyOf(db)
    .selectFrom('members')
    .select(['user_id', 'username', 'display_name', 'avatar'])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', anyId(userIds))
    .execute();
  return rows.map((row) => ({
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    avatar: row.avatar,
  }));
}

export async function markMembersLeft(db: Queryable, guildId: string, userIds: readonly string[], at: Date) {
  if (userIds.length === 0) return;
  await kyselyOf(db)
    .updateTable('members')
    .set({ left_at: at, updated_at: sql`now()` })
    .where('guild_id', '=', guildId)
    .where('user_id', '=', anyId(userIds))
    .where('left_at', 'is', null)
    .execute();
}

/** After a full member listing: members Discord no longer lists have left. Returns how many. */
export async function markMissingMembersLeft(
  db: Queryable,
  guildId: string,
  present: readonly string[],
  at: Date,
): Promise<number> {
  const result = await kyselyOf(db)
    .updateTable('members')
    .set({ left_at: at, updated_at: sql`now()` })
    .where('guild_id', '=', guildId)
    .where('left_at', 'is', null)
    .where('user_id', '<>', allIds(present))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
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
  let guilds = kyselyOf(q)
    .selectFrom('guilds as g')
    .select((eb) => [
      'g.id',
      'g.name',
      'g.icon',
      'g.member_count',
      eb
        .selectFrom('members as m')
        .select(eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
        .whereRef('m.guild_id', '=', 'g.id')
        .where('m.left_at', 'is', null)
        .$asScalar()
        .as('members'),
      eb
        .selectFrom('channels as c')
        .select(eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
        .whereRef('c.guild_id', '=', 'g.id')
        .where('c.deleted_at', 'is', null)
        .$asScalar()
        .as('channels'),
    ])
    .where('g.available', '=', true);
  if (!scope.all) guilds = guilds.where('g.id', '=', anyId(scope.guildIds));
  const rows = await guilds.orderBy('g.name').execute();
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
  const rows = await kyselyOf(q)
    .selectFrom('channels')
    .select(['id', 'name', 'type', 'parent_id', 'position'])
    .where('guild_id', '=', guildId)
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
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
  const rows = await kyselyOf(q)
    .selectFrom('roles')
    .select(['id', 'name', 'color', 'position', 'managed'])
    .where('guild_id', '=', guildId)
    .where('deleted_at', 'is', null)
    .whereRef('id', '<>', 'guild_id')
    .orderBy('position', 'desc')
    .orderBy('id')
    .execute();
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
  const rows = await kyselyOf(q).selectFrom('guilds').select('id').where('available', '=', true).execute();
  return rows.map((r) => r.id);
}

/** Whether Hearth has seen the guild at all (available or not). */
export async function guildExists(q: Queryable, guildId: string): Promise<boolean> {
  const row = await kyselyOf(q)
    .selectFrom('guilds')
    .select((eb) => eb.lit(1).as('found'))
    .where('id', '=', guildId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Those of `channelIds` that are channels of the guild Hearth has seen (deleted ones included). */
export async function knownChannelIds(
  q: Queryable,
  guildId: string,
  channelIds: readonly string[],
): Promise<Set<string>> {
  const rows = await kyselyOf(q)
    .selectFrom('channels')
    .select('id')
    .where('guild_id', '=', guildId)
    .where('id', '=', anyId(channelIds))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Name and Discord type of each of these channels Hearth has seen, by id. */
export async function channelsByIds(
  q: Queryable,
  channelIds: readonly string[],
): Promise<Map<string, { name: string; type: number }>> {
  const found = new Map<string, { name: string; type: number }>();
  if (channelIds.length === 0) return found;
  const rows = await kyselyOf(q)
    .selectFrom('channels')
    .select(['id', 'name', 'type'])
    .where('id', '=', anyId(channelIds))
    .execute();
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
  const rows = await kyselyOf(q)
    .selectFrom('members')
    .select((eb) => ['user_id', eb.fn.coalesce('display_name', 'username').as('name')])
    .where('guild_id', '=', guildId)
    .where('user_id', '=', anyId(userIds))
    .execute();
  for (const row of rows) names.set(row.user_id, row.name);
  return names;
}
