import { sql } from 'kysely';
import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { QuestDefinition } from './domain/index.ts';

/** SQL of `quests`: a guild's quest catalog, in display order (`position`). */

export async function loadQuests(tx: Queryable, guildId: string): Promise<QuestDefinition[]> {
  const rows = await kyselyOf(tx)
    .selectFrom('quests')
    .select([
      'key',
      'name',
      'name_zh',
      'description',
      'description_zh',
      'period',
      'criterion',
      'target',
      'reward',
      'is_active',
    ])
    .where('guild_id', '=', guildId)
    .orderBy('position')
    .orderBy('key')
    // Only the catalog's validated writes (writeQuests) put a period and a criterion in the columns.
    .$narrowType<{ period: QuestDefinition['period']; criterion: QuestDefinition['criterion'] }>()
    .execute();
  return rows.map((row) => ({
    key: row.key,
    name: row.name,
    ...(row.name_zh === null ? {} : { nameZh: row.name_zh }),
    description: row.description,
    ...(row.description_zh === null ? {} : { descriptionZh: row.description_zh }),
    period: row.period,
    criterion: row.criterion,
    target: row.target,
    reward: row.reward,
    active: row.is_active,
  }));
}

/** Replaces a guild's quest catalog; quests left out are deactivated (their progress rows stay). */
export async function writeQuests(
  tx: Queryable,
  guildId: string,
  quests: readonly QuestDefinition[],
): Promise<void> {
  // Raw SQL: the whole catalog as one `unnest` of arrays, also run when the pipeline seeds a new guild.
  await tx.query(
    `INSERT INTO quests AS q (guild_id, key, name, name_zh, description, description_zh, period, criterion,
                              target, reward, is_active, position)
     SELECT $1::bigint, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::int[], $10::int[], $11::boolean[], $12::int[])
     ON CONFLICT (guild_id, key) DO UPDATE SET
       name = EXCLUDED.name, name_zh = EXCLUDED.name_zh, description = EXCLUDED.description,
       description_zh = EXCLUDED.description_zh, period = EXCLUDED.period, criterion = EXCLUDED.criterion,
       target = EXCLUDED.target, reward = EXCLUDED.reward, is_active = EXCLUDED.is_active,
       position = EXCLUDED.position, updated_at = now()`,
    [
      guildId,
      quests.map((q) => q.key),
      quests.map((q) => q.name),
      quests.map((q) => q.nameZh ?? null),
      quests.map((q) => q.description),
      quests.map((q) => q.descriptionZh ?? null),
      quests.map((q) => q.period),
      quests.map((q) => q.criterion),
      quests.map((q) => q.target),
      quests.map((q) => q.reward),
      quests.map((q) => q.active),
      quests.map((_, i) => i),
    ],
  );
  await kyselyOf(tx)
    .updateTable('quests')
    .set({ is_active: false, updated_at: sql`now()` })
    .where('guild_id', '=', guildId)
    .where('key', '<>', sql<string>`all(${quests.map((q) => q.key)}::text[])`)
    .where('is_active', '=', true)
    .execute();
}
