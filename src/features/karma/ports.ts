import type { Queryable } from '../../platform/db/port.ts';
import type { GuildConfig } from '../rewards/domain/config.ts';
import type { MemberActivity } from '../rewards/domain/member-state.ts';
import type { ChannelScope } from './domain/index.ts';

/**
 * What karma asks of other features, as ports that the composition root (roles/rewards.ts) injects,
 * so karma never reads their tables: where a channel sits (sync's channels), whether a user is a
 * current human member (sync's members), and quest progress for what members did (quests).
 */

export interface KarmaDirectory {
  /** Thread -> parent channel -> category of each known channel; unknown channels are absent. */
  channelScopes(tx: Queryable, channelIds: readonly string[]): Promise<Map<string, ChannelScope>>;
  /** Whether the user is in the guild's member list now, and not a bot. */
  isCurrentHuman(tx: Queryable, guildId: string, userId: string): Promise<boolean>;
}

export interface QuestProgress {
  /**
   * Moves the members' quests by what they did, in the caller's transaction; the members' live quest
   * state and completion counter change in place and are saved by the settlement.
   */
  progress(
    tx: Queryable,
    configs: ReadonlyMap<string, GuildConfig>,
    activities: readonly MemberActivity[],
    now: Date,
  ): Promise<void>;
}
