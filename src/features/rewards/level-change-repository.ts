import type { Queryable } from '../../platform/db/port.ts';

/**
 * SQL of `level_changes`: the outbox of members' level changes, written in the transaction that
 * changed the level (by the settlement, or the recompute after a curve change) and turned into
 * role rewards and announcements by levels' dispatcher after commit, so Discord work is never lost
 * and never done for karma that was rolled back.
 */

export interface LevelChangeRow {
  guildId: string;
  userId: string;
  fromLevel: number;
  toLevel: number;
  channelId: string | null;
}

export async function insertLevelChanges(tx: Queryable, changes: readonly LevelChangeRow[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO level_changes (guild_id, user_id, from_level, to_level, channel_id)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::bigint[])`,
    [
      changes.map((c) => c.guildId),
      changes.map((c) => c.userId),
      changes.map((c) => c.fromLevel),
      changes.map((c) => c.toLevel),
      changes.map((c) => c.channelId),
    ],
  );
}

/** A change waiting for the dispatcher, with what it needs to act on it now. */
export interface PendingLevelChange {
  id: string;
  guildId: string;
  userId: string;
  fromLevel: number;
  toLevel: number;
  channelId: string | null;
  /** The member's level now (null when the karma row is gone). */
  currentLevel: number | null;
  /** The member's roles as sync last saw them (null when never synced). */
  memberRoles: string[] | null;
  /** The guild's `preferred_locale`, for announcements in its language. */
  guildLocale: string | null;
}

/**
 * Loads and locks up to `limit` pending changes (SKIP LOCKED: workers share the backlog). The
 * member's roles and the guild's locale are read along from sync's tables, in the same statement.
 */
export async function claimPendingLevelChanges(tx: Queryable, limit: number): Promise<PendingLevelChange[]> {
  const { rows } = await tx.query<{
    id: string;
    guild_id: string;
    user_id: string;
    from_level: number;
    to_level: number;
    channel_id: string | null;
    current_level: number | null;
    member_roles: string[] | null;
    guild_locale: string | null;
  }>(
    `WITH pending AS (
       SELECT id, guild_id, user_id, from_level, to_level, channel_id FROM level_changes
       WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
     )
     SELECT p.id, p.guild_id, p.user_id, p.from_level, p.to_level, p.channel_id::text AS channel_id,
            uk.current_level, m.role_ids::text[] AS member_roles, g.preferred_locale AS guild_locale
     FROM pending p
     LEFT JOIN user_karma uk ON uk.guild_id = p.guild_id AND uk.user_id = p.user_id
     LEFT JOIN members m ON m.guild_id = p.guild_id AND m.user_id = p.user_id
     LEFT JOIN guilds g ON g.id = p.guild_id
     ORDER BY p.id`,
    [limit],
  );
  return rows.map((row) => ({
    id: row.id,
    guildId: row.guild_id,
    userId: row.user_id,
    fromLevel: row.from_level,
    toLevel: row.to_level,
    channelId: row.channel_id,
    currentLevel: row.current_level,
    memberRoles: row.member_roles,
    guildLocale: row.guild_locale,
  }));
}

export async function markLevelChangesDispatched(tx: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query('UPDATE level_changes SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [ids]);
}
