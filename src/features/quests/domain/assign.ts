import type { QuestDefinition } from './catalog.ts';
import { periodFor } from './period.ts';
import type { QuestProgress } from './state.ts';

export type ExistingAssignment = Readonly<{ questKey: string; periodKey: string }>;

/**
 * Lazy assignment: instead of a reset job writing a row for every member of every guild at midnight,
 * a member gets the current period's quests the first time they act in it. Returns the rows to insert
 * (AVAILABLE, terms copied from the definition) for active quests the member does not have yet for
 * the period containing `now`. Inserting them ON CONFLICT DO NOTHING keeps concurrent calls harmless.
 */
export function questsToAssign(
  catalog: readonly QuestDefinition[],
  existingForPeriod: readonly ExistingAssignment[],
  now: Date,
  userId: string,
): QuestProgress[] {
  const have = new Set(existingForPeriod.map((row) => `${row.questKey}\u0000${row.periodKey}`));
  const assigned: QuestProgress[] = [];
  for (const quest of catalog) {
    if (!quest.active) continue;
    const window = periodFor(quest.period, now);
    const id = `${quest.key}\u0000${window.key}`;
    if (have.has(id)) continue;
    have.add(id);
    assigned.push({
      userId,
      questKey: quest.key,
      period: quest.period,
      periodKey: window.key,
      criterion: quest.criterion,
      target: quest.target,
      reward: quest.reward,
      progress: 0,
      seen: [],
      status: 'AVAILABLE',
      startsAt: window.startsAt,
      expiresAt: window.expiresAt,
      completedAt: null,
      claimedAt: null,
    });
  }
  return assigned;
}
