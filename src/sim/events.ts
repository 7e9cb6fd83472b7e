import type { ContentContext } from './intents.ts';
import type { Wire } from './serialize.ts';

/** One gateway event on its way to every session that may see it. */
export interface SimDispatch {
  t: string;
  d: Wire;
  /** null for DM events, which go to shard 0 of the bots among `recipientIds`. */
  guildId: string | null;
  recipientIds?: readonly string[];
  /** INTERACTION_CREATE goes to the one application it was made for. */
  applicationId?: string;
  /** Present on message events: decides MESSAGE_CONTENT blanking per session. */
  content?: ContentContext;
}

export interface EventSink {
  dispatch(event: SimDispatch): void;
  /** A bot became a member of a guild: its sessions on the guild's shard get GUILD_CREATE. */
  guildAvailable(guildId: string, botUserId: string): void;
}

/** What the bot (through REST) did, recorded so tests and the control API can read it back. */
export interface BotAction {
  seq: number;
  at: number;
  botUserId: string;
  kind:
    | 'message.create'
    | 'message.edit'
    | 'message.delete'
    | 'reaction.add'
    | 'reaction.remove'
    | 'member.role.add'
    | 'member.role.remove'
    | 'member.update'
    | 'dm.open'
    | 'interaction.callback'
    | 'interaction.followup'
    | 'interaction.edit'
    | 'commands.overwrite';
  guildId?: string | null;
  channelId?: string;
  messageId?: string;
  userId?: string;
  roleId?: string;
  interactionId?: string;
  detail?: Wire;
}

export class BotActionLog {
  readonly #entries: BotAction[] = [];
  readonly #max: number;
  #seq = 0;

  constructor(max = 100_000) {
    this.#max = max;
  }

  record(action: Omit<BotAction, 'seq' | 'at'>): BotAction {
    this.#seq += 1;
    const entry: BotAction = { ...action, seq: this.#seq, at: Date.now() };
    this.#entries.push(entry);
    if (this.#entries.length > this.#max * 1.25) this.#entries.splice(0, this.#entries.length - this.#max);
    return entry;
  }

  list(filter: { kind?: string; since?: number; channelId?: string; limit?: number } = {}): BotAction[] {
    const out: BotAction[] = [];
    for (const entry of this.#entries) {
      if (filter.since !== undefined && entry.seq <= filter.since) continue;
      if (
        filter.kind !== undefined &&
        entry.kind !== filter.kind &&
        !entry.kind.startsWith(`${filter.kind}.`)
      )
        continue;
      if (filter.channelId !== undefined && entry.channelId !== filter.channelId) continue;
      out.push(entry);
    }
    return filter.limit !== undefined ? out.slice(-filter.limit) : out;
  }

  get size(): number {
    return this.#entries.length;
  }
}
