import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { LevelTable } from './domain/index.ts';

/** SQL of `user_levels`: a guild's level table as derived from its curve (for reading, not for rules). */

/** Rewrites `user_levels` for a guild from its derived table. */
export async function writeLevelTable(tx: Queryable, guildId: string, table: LevelTable): Promise<void> {
  await kyselyOf(tx).deleteFrom('user_levels').where('guild_id', '=', guildId).execute();
  // Raw SQL: up to a thousand levels as one `unnest` of arrays, also run when the pipeline seeds a new
  // guild, where a VALUES row per level would be thousands of parameters.
  await tx.query(
    `INSERT INTO user_levels (guild_id, level, required_karma, title, title_key, privileges, role_reward_id)
     SELECT $1::bigint, l, k, t, tk, CASE WHEN p = '' THEN '{}'::text[] ELSE string_to_array(p, ',') END, r
     FROM unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[])
       AS x(l, k, t, tk, p, r)`,
    [
      guildId,
      table.map((row) => row.level),
      table.map((row) => row.requiredKarma),
      table.map((row) => row.title),
      table.map((row) => row.titleKey),
      // Privileges are stable keys without commas, so a joined string keeps one array per row.
      table.map((row) => row.privileges.join(',')),
      table.map((row) => row.roleRewardId ?? null),
    ],
  );
}

export interface LevelTableRow {
  level: number;
  requiredKarma: number;
  title: string;
  titleKey: string | null;
  privileges: string[];
  roleRewardId: string | null;
}

export async function readLevelTable(db: Queryable, guildId: string): Promise<LevelTableRow[]> {
  const rows = await kyselyOf(db)
    .selectFrom('user_levels')
    .select(['level', 'required_karma', 'title', 'title_key', 'privileges', 'role_reward_id'])
    .where('guild_id', '=', guildId)
    .orderBy('level')
    .execute();
  return rows.map((row) => ({
    level: row.level,
    requiredKarma: Number(row.required_karma),
    title: row.title,
    titleKey: row.title_key,
    privileges: row.privileges,
    roleRewardId: row.role_reward_id,
  }));
}
