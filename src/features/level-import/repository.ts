import type { Queryable } from '../../platform/db/port.ts';

/** The reads a level import plans with. Writes go through the karma ledger (see service.ts). */

export async function guildExists(db: Queryable, guildId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM guilds WHERE id = $1', [guildId]);
  return rows.length > 0;
}

const READ_CHUNK = 10_000;

/** Members' karma totals; members without a `user_karma` row are absent (they have none). */
export async function currentTotals(
  db: Queryable,
  guildId: string,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (let start = 0; start < userIds.length; start += READ_CHUNK) {
    const { rows } = await db.query<{ user_id: string; total: string }>(
      `SELECT uk.user_id, uk.total FROM unnest($2::bigint[]) AS u(id)
       JOIN user_karma uk ON uk.guild_id = $1 AND uk.user_id = u.id`,
      [guildId, userIds.slice(start, start + READ_CHUNK)],
    );
    for (const row of rows) totals.set(row.user_id, Number(row.total));
  }
  return totals;
}

/**
 * Members a file with this batch id already credited (import source ids are `<batch>:<user>`). The
 * primary key's (guild, source) prefix finds the guild's import rows; `starts_with` rather than a
 * range because a range on text follows the database's collation, which may ignore punctuation.
 */
export async function importedUsers(db: Queryable, guildId: string, batchId: string): Promise<Set<string>> {
  const prefix = `${batchId}:`;
  const { rows } = await db.query<{ source_id: string }>(
    `SELECT source_id FROM karma_ledger
     WHERE guild_id = $1 AND source = 'import' AND starts_with(source_id, $2)`,
    [guildId, prefix],
  );
  return new Set(rows.map((row) => row.source_id.slice(prefix.length)));
}
