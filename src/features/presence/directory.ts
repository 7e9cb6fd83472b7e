/**
 * What presence asks of the guild directory that sync keeps (its channels and members), as a port:
 * the roles fill it in from sync's repository (roles/feature-services.ts), so presence never reads
 * sync's tables. Both run on the Queryable the caller passes: in the pipeline's batch transaction a
 * channel that arrived in the same batch is already there.
 */
import type { Queryable } from '../../platform/db/port.ts';

export interface PresenceDirectory {
  /** Name and Discord type of each of these channels Hearth knows, by channel id. */
  channels(q: Queryable, channelIds: readonly string[]): Promise<Map<string, { name: string; type: number }>>;
  /** The display name (else the username) of each of these users Hearth knows in the guild, by user id. */
  memberNames(q: Queryable, guildId: string, userIds: readonly string[]): Promise<Map<string, string>>;
}
