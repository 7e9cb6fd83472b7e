import type { Queryable } from '../../platform/db/port.ts';
import type { QuestDefinition } from './domain/index.ts';

/** SQL of `quests`: a guild's quest catalog, in display order (`position`). */

interface QuestRow {
  key: string;
  name: string;
  name_zh: string | null;
  description: string;
  description_zh: string | null;
  period: QuestDefinition['period'];
  criterion: QuestDefinition['criterion'];
  target: number;
  reward: number;
  is_active: boolean;
}

export async function loadQuests(tx: Queryable, guildId: string): Promise<QuestDefinition[]> {
  const { rows } = await tx.query<QuestRow>(
    `SELECT key, name, name_zh, description, description_zh, period, criterion, target, reward, is_active
     FROM quests WHERE guild_id = $1 ORDER BY position, key`,
    [guildId],
  );
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
  await tx.query(
    'UPDATE quests SET is_active = false, updated_at = now() WHERE guild_id = $1 AND key <> ALL($2::text[]) AND is_active',
    [guildId, quests.map((q) => q.key)],
  );
}
