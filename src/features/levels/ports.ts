import type { Queryable } from '../../platform/db/port.ts';

/**
 * What levels asks of other features, as ports the composition root (roles/rewards.ts) injects:
 * the names the leaderboard shows come from sync's member list.
 */
export interface MemberName {
  username: string;
  displayName: string | null;
  avatar: string | null;
}

export interface MemberNames {
  /** The names of the given members of a guild; members never synced are absent. */
  of(db: Queryable, guildId: string, userIds: readonly string[]): Promise<Map<string, MemberName>>;
}
