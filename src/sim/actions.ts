import type { EventSink, SimDispatch } from './events.ts';
import {
  channelToApi,
  memberToApi,
  messageToApi,
  roleToApi,
  userToApi,
  voiceStateToApi,
  type Wire,
} from './serialize.ts';
import type { SimState } from './state.ts';
import {
  ChannelType,
  MessageFlag,
  MessageType,
  type SimChannel,
  type SimGuild,
  type SimMember,
  type SimMessage,
  type SimReaction,
  type SimRole,
  type SimUser,
  type SimVoiceState,
} from './types.ts';

export type MessageInput = Omit<SimMessage, 'id' | 'guildId' | 'editedAt' | 'flags' | 'type' | 'content'> & {
  content?: string;
  type?: number;
  flags?: number;
};

export interface Emoji {
  id: string | null;
  name: string;
  animated?: boolean;
}

/** Accepts '👍', 'name:id', '<:name:id>' and '<a:name:id>' as Discord's routes and clients do. */
export function parseEmoji(raw: string): Emoji {
  const decoded = decodeURIComponent(raw);
  const custom = /^<?(a)?:?([\w~-]+):(\d+)>?$/.exec(decoded);
  if (custom?.[2] && custom[3]) {
    return custom[1]
      ? { id: custom[3], name: custom[2], animated: true }
      : { id: custom[3], name: custom[2] };
  }
  return { id: null, name: decoded };
}

function sameEmoji(a: Emoji, b: Emoji): boolean {
  return a.id !== null || b.id !== null ? a.id === b.id : a.name === b.name;
}

export interface VoicePatch {
  channelId?: string | null;
  selfMute?: boolean;
  selfDeaf?: boolean;
  mute?: boolean;
  deaf?: boolean;
  selfVideo?: boolean;
  selfStream?: boolean;
  suppress?: boolean;
}

/**
 * Every change to the simulated Discord goes through here, whether a user does it (control API,
 * generator traffic) or the bot does it (REST), so each change produces the gateway event Discord
 * would send.
 */
export class SimActions {
  readonly state: SimState;
  readonly #sink: EventSink;

  constructor(state: SimState, sink: EventSink) {
    this.state = state;
    this.#sink = sink;
  }

  #dispatch(event: SimDispatch): void {
    this.#sink.dispatch(event);
  }

  createUser(input: { username: string; globalName?: string | null; bot?: boolean; id?: string }): SimUser {
    return this.state.addUser({
      id: input.id ?? this.state.snowflakes.next(),
      username: input.username,
      globalName: input.globalName ?? null,
      avatar: null,
      bot: input.bot ?? false,
    });
  }

  createGuild(input: {
    name: string;
    ownerId: string;
    id?: string;
    everyonePermissions?: bigint;
    preferredLocale?: string;
  }): SimGuild {
    const guild = this.state.addGuild(
      {
        id: input.id ?? this.state.snowflakes.next(),
        name: input.name,
        ownerId: input.ownerId,
        icon: null,
        description: null,
        systemChannelId: null,
        afkChannelId: null,
        preferredLocale: input.preferredLocale ?? 'en-US',
        features: [],
      },
      input.everyonePermissions,
    );
    return guild;
  }

  createRole(
    guildId: string,
    input: Partial<Omit<SimRole, 'id' | 'guildId'>> & { name: string; id?: string },
  ): SimRole {
    // Discord creates roles right above @everyone and pushes the others up, so a bot's role
    // created with the guild stays above roles created later.
    const shifted =
      input.position === undefined ? this.state.guildRoles(guildId).filter((r) => r.id !== guildId) : [];
    for (const other of shifted) other.position += 1;
    const role = this.state.addRole({
      id: input.id ?? this.state.snowflakes.next(),
      guildId,
      name: input.name,
      color: input.color ?? 0,
      hoist: input.hoist ?? false,
      position: input.position ?? 1,
      permissions: input.permissions ?? 0n,
      managed: input.managed ?? false,
      mentionable: input.mentionable ?? false,
    });
    this.#dispatch({ t: 'GUILD_ROLE_CREATE', d: { guild_id: guildId, role: roleToApi(role) }, guildId });
    for (const other of shifted) {
      this.#dispatch({ t: 'GUILD_ROLE_UPDATE', d: { guild_id: guildId, role: roleToApi(other) }, guildId });
    }
    return role;
  }

  createChannel(
    guildId: string,
    input: Partial<Omit<SimChannel, 'id' | 'guildId'>> & {
      name: string;
      type: SimChannel['type'];
      id?: string;
    },
  ): SimChannel {
    const siblings = this.state.guildChannels(guildId).filter((c) => !c.thread);
    const channel = this.state.addChannel({
      id: input.id ?? this.state.snowflakes.next(),
      type: input.type,
      guildId,
      name: input.name,
      position: input.position ?? siblings.length,
      parentId: input.parentId ?? null,
      topic: input.topic ?? null,
      nsfw: input.nsfw ?? false,
      rateLimitPerUser: input.rateLimitPerUser ?? 0,
      overwrites: input.overwrites ?? [],
      ...(input.type === ChannelType.GuildVoice || input.type === ChannelType.GuildStageVoice
        ? { bitrate: input.bitrate ?? 64000, userLimit: input.userLimit ?? 0 }
        : {}),
      ...(input.thread ? { thread: input.thread } : {}),
    });
    const t = channel.thread ? 'THREAD_CREATE' : 'CHANNEL_CREATE';
    const d = channelToApi(this.state, channel);
    if (channel.thread) d.newly_created = true;
    this.#dispatch({ t, d, guildId });
    return channel;
  }

  /** Replaces a channel's permission overwrites (hiding it from the bot, say) and tells the gateway. */
  setOverwrites(channelId: string, overwrites: SimChannel['overwrites']): SimChannel | undefined {
    const channel = this.state.channels.get(channelId);
    if (!channel?.guildId) return undefined;
    channel.overwrites = overwrites;
    const t = channel.thread ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE';
    this.#dispatch({ t, d: channelToApi(this.state, channel), guildId: channel.guildId });
    return channel;
  }

  deleteChannel(channelId: string): SimChannel | undefined {
    const channel = this.state.channels.get(channelId);
    if (!channel?.guildId) return undefined;
    const d = channelToApi(this.state, channel);
    this.state.removeChannel(channelId);
    this.#dispatch({ t: channel.thread ? 'THREAD_DELETE' : 'CHANNEL_DELETE', d, guildId: channel.guildId });
    return channel;
  }

  addMember(
    guildId: string,
    userId: string,
    input: { roles?: string[]; nick?: string | null; joinedAt?: number; systemMessage?: boolean } = {},
  ): SimMember {
    const member = this.state.addMember({
      guildId,
      userId,
      nick: input.nick ?? null,
      roles: input.roles ?? [],
      joinedAt: input.joinedAt ?? Date.now(),
      deaf: false,
      mute: false,
      pending: false,
      communicationDisabledUntil: null,
    });
    // A bot joining a guild receives the whole guild, as Discord sends GUILD_CREATE on join.
    if (this.state.bots.some((b) => b.userId === userId)) this.#sink.guildAvailable(guildId, userId);
    this.#dispatch({
      t: 'GUILD_MEMBER_ADD',
      d: { ...memberToApi(this.state, member), guild_id: guildId },
      guildId,
    });
    const systemChannelId = this.state.guilds.get(guildId)?.systemChannelId;
    if (input.systemMessage && systemChannelId) {
      this.createMessage({ channelId: systemChannelId, authorId: userId, type: MessageType.UserJoin });
    }
    return member;
  }

  removeMember(guildId: string, userId: string): SimMember | undefined {
    if (this.state.voiceState(guildId, userId)) this.setVoice(guildId, userId, { channelId: null });
    const member = this.state.removeMember(guildId, userId);
    if (!member) return undefined;
    if (this.state.bots.some((b) => b.userId === userId)) {
      this.#dispatch({ t: 'GUILD_DELETE', d: { id: guildId }, guildId, recipientIds: [userId] });
    }
    const user = this.state.users.get(userId);
    this.#dispatch({
      t: 'GUILD_MEMBER_REMOVE',
      d: { guild_id: guildId, user: user ? userToApi(user) : { id: userId } },
      guildId,
    });
    return member;
  }

  updateMember(
    guildId: string,
    userId: string,
    patch: { roles?: string[]; nick?: string | null },
  ): SimMember | undefined {
    const member = this.state.member(guildId, userId);
    if (!member) return undefined;
    if (patch.roles)
      member.roles = [...new Set(patch.roles)].filter((r) => r !== guildId && this.state.roles.has(r));
    if (patch.nick !== undefined) member.nick = patch.nick;
    this.#dispatch({
      t: 'GUILD_MEMBER_UPDATE',
      d: { ...memberToApi(this.state, member), guild_id: guildId },
      guildId,
    });
    return member;
  }

  // ---- messages ----

  createMessage(input: MessageInput): SimMessage {
    const channel = this.state.channels.get(input.channelId);
    if (!channel) throw new Error(`unknown channel ${input.channelId}`);
    const message: SimMessage = {
      ...input,
      id: this.state.snowflakes.next(),
      guildId: channel.guildId,
      content: input.content ?? '',
      type: input.type ?? MessageType.Default,
      flags: input.flags ?? 0,
      editedAt: null,
    };
    // Ephemeral replies exist only for the interaction's user: no channel history, no dispatch.
    if ((message.flags & MessageFlag.Ephemeral) !== 0) {
      this.state.rememberEphemeral(message);
      return message;
    }
    this.state.messages.insert(message);
    if (channel.thread) channel.thread.archiveTimestamp = Date.now();
    this.#dispatchMessage('MESSAGE_CREATE', message, channel);
    return message;
  }

  #dispatchMessage(t: string, message: SimMessage, channel: SimChannel): void {
    this.#dispatch({
      t,
      d: messageToApi(this.state, message, { gateway: true }),
      guildId: channel.guildId,
      recipientIds: channel.recipientIds ?? [],
      content: {
        authorId: message.authorId,
        mentionIds: message.mentionIds ?? [],
        inGuild: channel.guildId !== null,
      },
    });
  }

  editMessage(
    message: SimMessage,
    patch: Partial<Pick<SimMessage, 'content' | 'embeds' | 'components' | 'attachments' | 'flags'>>,
  ): SimMessage {
    if (patch.content !== undefined) message.content = patch.content;
    if (patch.embeds !== undefined) message.embeds = patch.embeds;
    if (patch.components !== undefined) message.components = patch.components;
    if (patch.attachments !== undefined) message.attachments = patch.attachments;
    if (patch.flags !== undefined) message.flags = patch.flags;
    message.editedAt = Date.now();
    const channel = this.state.channels.get(message.channelId);
    if (channel && (message.flags & MessageFlag.Ephemeral) === 0)
      this.#dispatchMessage('MESSAGE_UPDATE', message, channel);
    return message;
  }

  deleteMessage(channelId: string, messageId: string): SimMessage | undefined {
    const channel = this.state.channels.get(channelId);
    const message = this.state.messages.remove(channelId, messageId);
    if (!channel || !message) return undefined;
    const d: Wire = { id: messageId, channel_id: channelId };
    if (channel.guildId) d.guild_id = channel.guildId;
    this.#dispatch({
      t: 'MESSAGE_DELETE',
      d,
      guildId: channel.guildId,
      recipientIds: channel.recipientIds ?? [],
    });
    return message;
  }

  /** Returns false when the user had already reacted with that emoji (Discord answers 204 and sends nothing). */
  addReaction(message: SimMessage, userId: string, emoji: Emoji): boolean {
    message.reactions ??= [];
    let reaction: SimReaction | undefined = message.reactions.find((r) => sameEmoji(r.emoji, emoji));
    if (!reaction) {
      reaction = { emoji, userIds: [] };
      message.reactions.push(reaction);
    }
    if (reaction.userIds.includes(userId)) return false;
    reaction.userIds.push(userId);
    const d: Wire = {
      user_id: userId,
      channel_id: message.channelId,
      message_id: message.id,
      emoji,
      message_author_id: message.authorId,
      burst: false,
      burst_colors: [],
      type: 0,
    };
    if (message.guildId) {
      d.guild_id = message.guildId;
      const member = this.state.member(message.guildId, userId);
      if (member) d.member = memberToApi(this.state, member);
    }
    const channel = this.state.channels.get(message.channelId);
    this.#dispatch({
      t: 'MESSAGE_REACTION_ADD',
      d,
      guildId: message.guildId,
      recipientIds: channel?.recipientIds ?? [],
    });
    return true;
  }

  removeReaction(message: SimMessage, userId: string, emoji: Emoji): boolean {
    const reaction = message.reactions?.find((r) => sameEmoji(r.emoji, emoji));
    if (!reaction?.userIds.includes(userId)) return false;
    reaction.userIds = reaction.userIds.filter((id) => id !== userId);
    if (reaction.userIds.length === 0)
      message.reactions = (message.reactions ?? []).filter((r) => r !== reaction);
    const d: Wire = {
      user_id: userId,
      channel_id: message.channelId,
      message_id: message.id,
      emoji: reaction.emoji,
      burst: false,
      type: 0,
    };
    if (message.guildId) d.guild_id = message.guildId;
    const channel = this.state.channels.get(message.channelId);
    this.#dispatch({
      t: 'MESSAGE_REACTION_REMOVE',
      d,
      guildId: message.guildId,
      recipientIds: channel?.recipientIds ?? [],
    });
    return true;
  }

  // ---- voice ----

  /** Joins, moves, leaves (channelId null) or changes mute/deaf flags, dispatching VOICE_STATE_UPDATE. */
  setVoice(guildId: string, userId: string, patch: VoicePatch): SimVoiceState | undefined {
    const current = this.state.voiceState(guildId, userId);
    if (patch.channelId === null) {
      if (!current) return undefined;
      this.state.clearVoiceState(guildId, userId);
      const d = { ...voiceStateToApi(this.state, current, true), channel_id: null };
      this.#dispatch({ t: 'VOICE_STATE_UPDATE', d, guildId });
      return undefined;
    }
    const channelId = patch.channelId ?? current?.channelId;
    if (!channelId) return undefined;
    const stage = this.state.channels.get(channelId)?.type === ChannelType.GuildStageVoice;
    const next: SimVoiceState = {
      guildId,
      userId,
      channelId,
      sessionId: current?.sessionId ?? this.state.snowflakes.next(),
      selfMute: patch.selfMute ?? current?.selfMute ?? false,
      selfDeaf: patch.selfDeaf ?? current?.selfDeaf ?? false,
      mute: patch.mute ?? current?.mute ?? false,
      deaf: patch.deaf ?? current?.deaf ?? false,
      selfVideo: patch.selfVideo ?? current?.selfVideo ?? false,
      selfStream: patch.selfStream ?? current?.selfStream ?? false,
      // Stage audiences join suppressed, as on Discord.
      suppress: patch.suppress ?? (current && current.channelId === channelId ? current.suppress : stage),
      requestToSpeakTimestamp: current?.requestToSpeakTimestamp ?? null,
    };
    this.state.setVoiceState(next);
    this.#dispatch({ t: 'VOICE_STATE_UPDATE', d: voiceStateToApi(this.state, next, true), guildId });
    return next;
  }
}
