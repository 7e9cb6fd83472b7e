import type { QuestProgress } from './state.ts';

export type QuestStats = Readonly<{
  total: number;
  available: number;
  inProgress: number;
  completed: number;
  claimed: number;
  expired: number;
  /** Completed and still claimable at `now`. */
  claimable: number;
  karmaClaimed: number;
  /** Share of assigned quests that were completed (claimed or not), in [0, 1]. */
  completionRate: number;
}>;

/** Seed 004's `/quests/stats`: a summary of a member's quest rows. */
export function questStats(rows: readonly QuestProgress[], now: Date): QuestStats {
  let available = 0;
  let inProgress = 0;
  let completed = 0;
  let claimed = 0;
  let expired = 0;
  let claimable = 0;
  let karmaClaimed = 0;
  let everCompleted = 0;
  for (const row of rows) {
    if (row.completedAt !== null) everCompleted++;
    switch (row.status) {
      case 'AVAILABLE':
        available++;
        break;
      case 'IN_PROGRESS':
        inProgress++;
        break;
      case 'COMPLETED':
        completed++;
        if (now.getTime() < row.expiresAt.getTime()) claimable++;
        break;
      case 'CLAIMED':
        claimed++;
        karmaClaimed += row.reward;
        break;
      case 'EXPIRED':
        expired++;
        break;
    }
  }
  const total = rows.length;
  return {
    total,
    available,
    inProgress,
    completed,
    claimed,
    expired,
    claimable,
    karmaClaimed,
    completionRate: total === 0 ? 0 : everCompleted / total,
  };
}
