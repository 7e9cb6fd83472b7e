import type {
  APIGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  GatewayDispatchPayload,
  GatewayGuildCreateDispatchData,
  GatewayVoiceState,
} from 'discord-api-types/v10';
import type {
  ChannelSnapshot,
  DomainEvent,
  EventSource,
  GuildInfo,
  MemberSnapshot,
  MessageCreated,
  RoleSnapshot,
} from './events.ts';
import { countWords } from './words.ts';

/**
 * Raw Discord payloads (gateway dispatches and REST objects, which share shapes) to domain events.
 * Pure: the caller passes the reception time and, when it has one, the author of a deleted message.
 */

const DISCORD_EPOCH = 1_420_070_400_000n;

export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH));
}

/** Default (0) and reply (19) are what members write; every other type is Discord's own notice. */
const MEMBER_MESSAGE_TYPES = new Set([0, 19]);

type MessageLike = Pick<APIMessage, 'id' | 'channel_id' | 'author' | 'type' | 'attachments'> & {
  content?: string;
  webhook_id?: string;
};

export function messageCreated(message: MessageLike, guildId: string, source: EventSource): MessageCreated {
  return {
    kind: 'message.created',
    id: `m:${message.id}`,
    guildId,
    at: snowflakeTime(message.id),
    source,
    messageId: message.id,
    channelId: message.channel_id,
    userId: message.author.id,
    authorIsBot: message.author.bot === true || message.webhook_id !== undefined,
    system: !MEMBER_MESSAGE_TYPES.has(message.type) || message.author.system === true,
    words: countWords(message.content ?? ''),
    attachments: message.attachments?.length ?? 0,
    isReply: message.type === 19,
  };
}

function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

export function memberSnapshot(member: Partial<APIGuildMember> & { user: APIUser }): MemberSnapshot {
  return {
    userId: member.user.id,
    username: member.user.username,
    displayName: member.nick ?? member.user.global_name ?? null,
    avatar: member.avatar ?? member.user.avatar ?? null,
    isBot: member.user.bot === true,
    roleIds: member.roles ?? [],
    joinedAt: parseDate(member.joined_at),
  };
}

export interface ChannelLike {
  id: string;
  type: number;
  name?: string | null;
  parent_id?: string | null;
  position?: number;
}

export function channelSnapshot(channel: ChannelLike): ChannelSnapshot {
  return {
    id: channel.id,
    name: channel.name ?? '',
    type: channel.type,
    parentId: channel.parent_id ?? null,
    position: channel.position ?? 0,
  };
}

export function roleSnapshot(role: APIRole): RoleSnapshot {
  return {
    id: role.id,
    name: role.name,
    permissions: role.permissions,
    position: role.position,
    color: role.color,
    managed: role.managed,
  };
}

export function guildInfo(
  guild: Pick<GatewayGuildCreateDispatchData, 'id' | 'name' | 'icon' | 'owner_id'> & {
    member_count?: number;
    approximate_member_count?: number;
    preferred_locale?: string;
  },
): GuildInfo {
  return {
    id: guild.id,
    name: guild.name,
    icon: guild.icon ?? null,
    ownerId: guild.owner_id ?? null,
    memberCount: guild.member_count ?? guild.approximate_member_count ?? null,
    locale: guild.preferred_locale ?? null,
  };
}

function voiceState(state: GatewayVoiceState, guildId: string, at: Date): DomainEvent {
  return {
    kind: 'voice.state',
    id: null,
    guildId,
    at,
    source: 'live',
    userId: state.user_id,
    channelId: state.channel_id,
    sessionId: state.session_id,
    selfMute: state.self_mute,
    selfDeaf: state.self_deaf,
    mute: state.mute,
    deaf: state.deaf,
    isBot: state.member?.user.bot === true,
  };
}

export interface NormalizeContext {
  receivedAt: Date;
  /** Author of a cached message, for deletions (Discord does not say who wrote a deleted message). */
  authorOf?: (channelId: string, messageId: string) => string | null;
}

/** One gateway dispatch to zero or more domain events; dispatches Hearth does not use give none. */
export function normalizeDispatch(payload: GatewayDispatchPayload, context: NormalizeContext): DomainEvent[] {
  const at = context.receivedAt;
  const live = 'live' as const;
  switch (payload.t) {
    case 'GUILD_CREATE': {
      const d = payload.d;
      if ('unavailable' in d && d.unavailable) return [];
      const events: DomainEvent[] = [
        {
          kind: 'guild.snapshot',
          id: null,
          guildId: d.id,
          at,
          source: live,
          guild: guildInfo(d),
          channels: [...(d.channels ?? []), ...(d.threads ?? [])].map((c) => channelSnapshot(c)),
          roles: (d.roles ?? []).map(roleSnapshot),
          members: (d.members ?? []).filter((m) => m.user !== undefined).map((m) => memberSnapshot(m)),
          voiceStates: (d.voice_states ?? [])
            .filter((v) => v.channel_id && v.member?.user.bot !== true)
            .map((v) => ({ userId: v.user_id, channelId: v.channel_id ?? '' })),
        },
      ];
      for (const state of d.voice_states ?? []) {
        if (state.channel_id)
          events.push(voiceState({ ...state, guild_id: d.id } as GatewayVoiceState, d.id, at));
      }
      return events;
    }
    case 'GUILD_UPDATE':
      return [
        {
          kind: 'guild.snapshot',
          id: null,
          guildId: payload.d.id,
          at,
          source: live,
          guild: guildInfo(payload.d),
          channels: null,
          roles: (payload.d.roles ?? []).map(roleSnapshot),
          members: [],
          voiceStates: null,
        },
      ];
    case 'GUILD_MEMBERS_CHUNK':
      return [
        {
          kind: 'guild.snapshot',
          id: null,
          guildId: payload.d.guild_id,
          at,
          source: live,
          guild: null,
          channels: null,
          roles: null,
          members: payload.d.members.filter((m) => m.user !== undefined).map((m) => memberSnapshot(m)),
          voiceStates: null,
        },
      ];
    case 'GUILD_MEMBER_ADD': {
      const member = memberSnapshot(payload.d);
      return [
        {
          kind: 'member.joined',
          id: `mj:${payload.d.guild_id}:${member.userId}:${member.joinedAt?.getTime() ?? 0}`,
          guildId: payload.d.guild_id,
          at: member.joinedAt ?? at,
          source: live,
          member,
        },
      ];
    }
    case 'GUILD_MEMBER_UPDATE':
      return [
        {
          kind: 'member.updated',
          id: null,
          guildId: payload.d.guild_id,
          at,
          source: live,
          member: memberSnapshot(payload.d as Partial<APIGuildMember> & { user: APIUser }),
        },
      ];
    case 'GUILD_MEMBER_REMOVE':
      return [
        {
          kind: 'member.left',
          id: null,
          guildId: payload.d.guild_id,
          at,
          source: live,
          userId: payload.d.user.id,
        },
      ];
    case 'CHANNEL_CREATE':
    case 'CHANNEL_UPDATE':
    case 'THREAD_CREATE':
    case 'THREAD_UPDATE':
    case 'CHANNEL_DELETE':
    case 'THREAD_DELETE': {
      const d = payload.d as ChannelLike & { guild_id?: string };
      if (!d.guild_id) return [];
      const deleted = payload.t === 'CHANNEL_DELETE' || payload.t === 'THREAD_DELETE';
      return [
        {
          kind: deleted ? 'channel.deleted' : 'channel.upserted',
          id: null,
          guildId: d.guild_id,
          at,
          source: live,
          channel: channelSnapshot(d),
        },
      ];
    }
    case 'GUILD_ROLE_CREATE':
    case 'GUILD_ROLE_UPDATE':
      return [
        {
          kind: 'role.upserted',
          id: null,
          guildId: payload.d.guild_id,
          at,
          source: live,
          role: roleSnapshot(payload.d.role),
        },
      ];
    case 'GUILD_ROLE_DELETE':
      return [
        {
          kind: 'role.deleted',
          id: null,
          guildId: payload.d.guild_id,
          at,
          source: live,
          role: { id: payload.d.role_id, name: '', permissions: '0', position: 0, color: 0, managed: false },
        },
      ];
    case 'MESSAGE_CREATE': {
      if (!payload.d.guild_id) return [];
      return [messageCreated(payload.d, payload.d.guild_id, live)];
    }
    case 'MESSAGE_UPDATE': {
      const d = payload.d;
      // Discord also sends updates when it resolves embeds; only a real edit has edited_timestamp.
      const editedAt = parseDate(d.edited_timestamp);
      if (!d.guild_id || !editedAt) return [];
      return [
        {
          kind: 'message.updated',
          id: `mu:${d.id}:${editedAt.getTime()}`,
          guildId: d.guild_id,
          at: editedAt,
          source: live,
          messageId: d.id,
          channelId: d.channel_id,
          userId: d.author?.id ?? null,
          authorIsBot: d.author?.bot === true || d.webhook_id !== undefined,
        },
      ];
    }
    case 'MESSAGE_DELETE': {
      const d = payload.d;
      if (!d.guild_id) return [];
      return [
        {
          kind: 'message.deleted',
          id: `md:${d.id}`,
          guildId: d.guild_id,
          at,
          source: live,
          messageId: d.id,
          channelId: d.channel_id,
          userId: context.authorOf?.(d.channel_id, d.id) ?? null,
        },
      ];
    }
    case 'MESSAGE_DELETE_BULK': {
      const d = payload.d;
      const guildId = d.guild_id;
      if (!guildId) return [];
      return d.ids.map((messageId) => ({
        kind: 'message.deleted' as const,
        id: `md:${messageId}`,
        guildId,
        at,
        source: live,
        messageId,
        channelId: d.channel_id,
        userId: context.authorOf?.(d.channel_id, messageId) ?? null,
      }));
    }
    case 'MESSAGE_REACTION_ADD':
    case 'MESSAGE_REACTION_REMOVE': {
      const d = payload.d;
      if (!d.guild_id) return [];
      const added = payload.t === 'MESSAGE_REACTION_ADD';
      const emoji = d.emoji.id ?? d.emoji.name ?? '?';
      const member = 'member' in d ? d.member : undefined;
      const authorId = 'message_author_id' in d ? d.message_author_id : undefined;
      return [
        {
          kind: added ? 'reaction.added' : 'reaction.removed',
          id: `${added ? 'ra' : 'rr'}:${d.message_id}:${d.user_id}:${emoji}`,
          guildId: d.guild_id,
          at,
          source: live,
          messageId: d.message_id,
          channelId: d.channel_id,
          userId: d.user_id,
          userIsBot: member?.user?.bot === true,
          messageAuthorId: authorId ?? null,
          emoji,
        },
      ];
    }
    case 'VOICE_STATE_UPDATE': {
      const d = payload.d;
      if (!d.guild_id) return [];
      return [voiceState(d, d.guild_id, at)];
    }
    default:
      return [];
  }
}
