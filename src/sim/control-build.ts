import type { SimActions } from './actions.ts';
import { DEFAULT_BOT_PERMISSIONS, OverwriteType, type PermissionOverwrite } from './permissions.ts';
import { DiscordHttpError, ErrorCode, unknown } from './rest/errors.ts';
import type { Wire } from './serialize.ts';
import type { SimState } from './state.ts';
import {
  ChannelType,
  type ChannelTypeValue,
  type SimChannel,
  type SimGuild,
  type SimMessage,
  type SimRole,
  type SimUser,
} from './types.ts';

export interface OverwriteInput {
  id: string;
  type: 'role' | 'member' | 0 | 1;
  allow?: bigint | string;
  deny?: bigint | string;
}

function toOverwrite(o: OverwriteInput): PermissionOverwrite {
  return {
    id: o.id,
    type: o.type === 'member' || o.type === 1 ? OverwriteType.Member : OverwriteType.Role,
    allow: BigInt(o.allow ?? 0n),
    deny: BigInt(o.deny ?? 0n),
  };
}

/**
 * Building a community by hand: users, guilds (with the bots in them), roles, channels, threads
 * and members. SimControl adds what users do and what the bot did.
 */
export class CommunityBuilder {
  protected readonly state: SimState;
  protected readonly actions: SimActions;

  constructor(state: SimState, actions: SimActions) {
    this.state = state;
    this.actions = actions;
  }

  protected guild(guildId: string): SimGuild {
    const guild = this.state.guilds.get(guildId);
    if (!guild) throw unknown.guild();
    return guild;
  }

  protected channel(channelId: string): SimChannel {
    const channel = this.state.channels.get(channelId);
    if (!channel) throw unknown.channel();
    return channel;
  }

  protected message(channelId: string, messageId: string): SimMessage {
    const message = this.state.messages.get(channelId, messageId);
    if (!message) throw unknown.message();
    return message;
  }

  protected user(userId: string): SimUser {
    const user = this.state.users.get(userId);
    if (!user) throw unknown.user();
    return user;
  }

  // ---- building a community ----

  createUser(input: { username: string; globalName?: string | null; bot?: boolean; id?: string }): SimUser {
    return this.actions.createUser(input);
  }

  /**
   * A guild owned by `ownerId` (a new user when omitted) with every bot as a member holding a
   * managed role on top of the hierarchy, and a #general text channel as system channel.
   */
  createGuild(input: {
    name: string;
    ownerId?: string;
    id?: string;
    botPermissions?: bigint;
    everyonePermissions?: bigint;
    /** The community language (`preferred_locale`, and `guild_locale` of its interactions). */
    preferredLocale?: string;
  }): SimGuild {
    const ownerId =
      input.ownerId ??
      this.createUser({ username: `${input.name.toLowerCase().replace(/\W+/g, '')}-owner` }).id;
    this.user(ownerId);
    const guild = this.actions.createGuild({
      name: input.name,
      ownerId,
      ...(input.id ? { id: input.id } : {}),
      ...(input.everyonePermissions !== undefined ? { everyonePermissions: input.everyonePermissions } : {}),
      ...(input.preferredLocale !== undefined ? { preferredLocale: input.preferredLocale } : {}),
    });
    const general = this.actions.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText });
    guild.systemChannelId = general.id;
    this.actions.addMember(guild.id, ownerId);
    for (const bot of this.state.bots) {
      const role = this.actions.createRole(guild.id, {
        name: bot.name,
        managed: true,
        permissions: input.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
      });
      this.actions.addMember(guild.id, bot.userId, { roles: [role.id] });
    }
    return guild;
  }

  createRole(
    guildId: string,
    input: {
      name: string;
      permissions?: bigint | string;
      color?: number;
      hoist?: boolean;
      mentionable?: boolean;
      position?: number;
    },
  ): SimRole {
    this.guild(guildId);
    return this.actions.createRole(guildId, {
      name: input.name,
      permissions: BigInt(input.permissions ?? 0n),
      ...(input.color !== undefined ? { color: input.color } : {}),
      ...(input.hoist !== undefined ? { hoist: input.hoist } : {}),
      ...(input.mentionable !== undefined ? { mentionable: input.mentionable } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
    });
  }

  createChannel(
    guildId: string,
    input: {
      name: string;
      type?: ChannelTypeValue;
      parentId?: string | null;
      topic?: string | null;
      overwrites?: OverwriteInput[];
      position?: number;
    },
  ): SimChannel {
    this.guild(guildId);
    return this.actions.createChannel(guildId, {
      name: input.name,
      type: input.type ?? ChannelType.GuildText,
      parentId: input.parentId ?? null,
      topic: input.topic ?? null,
      overwrites: (input.overwrites ?? []).map(toOverwrite),
      ...(input.position !== undefined ? { position: input.position } : {}),
    });
  }

  setOverwrites(channelId: string, overwrites: OverwriteInput[]): SimChannel {
    const channel = this.actions.setOverwrites(channelId, overwrites.map(toOverwrite));
    if (!channel) throw unknown.channel();
    return channel;
  }

  /** A public thread under a text channel; archived threads show up in the archived listing. */
  createThread(
    parentId: string,
    input: { name: string; ownerId: string; archived?: boolean; archivedAt?: number },
  ): SimChannel {
    const parent = this.channel(parentId);
    if (!parent.guildId) throw unknown.channel();
    return this.actions.createChannel(parent.guildId, {
      name: input.name,
      type: ChannelType.PublicThread,
      parentId,
      thread: {
        ownerId: input.ownerId,
        archived: input.archived ?? false,
        archiveTimestamp: input.archivedAt ?? Date.now(),
        autoArchiveDuration: 1440,
        locked: false,
      },
    });
  }

  addMember(
    guildId: string,
    userId: string,
    input: { roles?: string[]; nick?: string | null; systemMessage?: boolean } = {},
  ): Wire {
    this.guild(guildId);
    this.user(userId);
    if (this.state.member(guildId, userId))
      throw new DiscordHttpError(400, ErrorCode.General, 'Already a member');
    const member = this.actions.addMember(guildId, userId, input);
    return { guildId, userId: member.userId, roles: member.roles, nick: member.nick };
  }

  removeMember(guildId: string, userId: string): void {
    if (!this.actions.removeMember(guildId, userId)) throw unknown.member();
  }

  updateMember(guildId: string, userId: string, patch: { roles?: string[]; nick?: string | null }): Wire {
    const member = this.actions.updateMember(guildId, userId, patch);
    if (!member) throw unknown.member();
    return { guildId, userId, roles: member.roles, nick: member.nick };
  }

  /** The DM channel between a user and a bot, so a user can write to the bot first. */
  openDm(userId: string, botUserId: string = this.state.primaryBot.userId): SimChannel {
    this.user(userId);
    const existing = this.state.dmChannelFor(botUserId, userId);
    if (existing) return existing;
    return this.state.addDmChannel({
      id: this.state.snowflakes.next(),
      type: ChannelType.DM,
      guildId: null,
      name: '',
      position: 0,
      parentId: null,
      topic: null,
      nsfw: false,
      rateLimitPerUser: 0,
      overwrites: [],
      recipientIds: [botUserId, userId],
    });
  }
}
