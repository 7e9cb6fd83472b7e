import type { APIGuildMember, APIRole, APIUser } from 'discord-api-types/v10';
import { isoFromSnowflake, isoTimestamp } from './snowflake.ts';
import type { SimState } from './state.ts';
import type {
  SimAttachment,
  SimChannel,
  SimGuild,
  SimMember,
  SimMessage,
  SimRole,
  SimUser,
  SimVoiceState,
} from './types.ts';

/** Wire objects are built fresh per response and only ever JSON-encoded. */
export type Wire = Record<string, unknown>;

/** A plain number: discord-api-types models flags as enums that have no zero member. */
const NO_FLAGS: number = 0;

export function userToApi(user: SimUser): APIUser {
  const out: APIUser = {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: user.avatar,
    public_flags: NO_FLAGS,
    flags: NO_FLAGS,
    banner: null,
    accent_color: null,
  };
  if (user.bot) out.bot = true;
  return out;
}

export function unknownUser(id: string): APIUser {
  return { id, username: `deleted-${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null };
}

export function roleToApi(role: SimRole): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: NO_FLAGS,
  };
}

/** A member as REST returns it; the gateway's MESSAGE_CREATE uses `partialMemberToApi` (no user). */
export function memberToApi(state: SimState, member: SimMember): APIGuildMember {
  const user = state.users.get(member.userId);
  return {
    ...partialMemberToApi(member),
    user: user ? userToApi(user) : unknownUser(member.userId),
  };
}

export function partialMemberToApi(member: SimMember): Omit<APIGuildMember, 'user'> {
  return {
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: isoTimestamp(member.joinedAt),
    premium_since: null,
    deaf: member.deaf,
    mute: member.mute,
    flags: NO_FLAGS,
    pending: member.pending,
    communication_disabled_until:
      member.communicationDisabledUntil === null ? null : isoTimestamp(member.communicationDisabledUntil),
  };
}

export function channelToApi(state: SimState, channel: SimChannel): Wire {
  const lastMessageId = state.messages.last(channel.id)?.id ?? null;
  if (!channel.guildId) {
    return {
      id: channel.id,
      type: channel.type,
      last_message_id: lastMessageId,
      flags: 0,
      recipients: (channel.recipientIds ?? [])
        .filter((id) => !state.bots.some((b) => b.userId === id))
        .map((id) => {
          const user = state.users.get(id);
          return user ? userToApi(user) : unknownUser(id);
        }),
    };
  }
  const out: Wire = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    parent_id: channel.parentId,
    flags: 0,
  };
  if (channel.thread) {
    const count = state.messages.count(channel.id);
    out.owner_id = channel.thread.ownerId;
    out.last_message_id = lastMessageId;
    out.rate_limit_per_user = channel.rateLimitPerUser;
    out.message_count = count;
    out.total_message_sent = count;
    out.member_count = 1;
    out.thread_metadata = {
      archived: channel.thread.archived,
      auto_archive_duration: channel.thread.autoArchiveDuration,
      archive_timestamp: isoTimestamp(channel.thread.archiveTimestamp),
      locked: channel.thread.locked,
      create_timestamp: isoFromSnowflake(channel.id),
    };
    return out;
  }
  out.permission_overwrites = channel.overwrites.map((o) => ({
    id: o.id,
    type: o.type,
    allow: o.allow.toString(),
    deny: o.deny.toString(),
  }));
  out.nsfw = channel.nsfw;
  if (channel.type !== 4) {
    out.last_message_id = lastMessageId;
    out.rate_limit_per_user = channel.rateLimitPerUser;
  }
  if (channel.type === 0 || channel.type === 5 || channel.type === 15) out.topic = channel.topic;
  if (channel.type === 2 || channel.type === 13) {
    out.bitrate = channel.bitrate ?? 64000;
    out.user_limit = channel.userLimit ?? 0;
    out.rtc_region = null;
  }
  return out;
}

export function guildToApi(state: SimState, guild: SimGuild, withCounts = false): Wire {
  const out: Wire = {
    id: guild.id,
    name: guild.name,
    icon: guild.icon,
    icon_hash: guild.icon,
    splash: null,
    discovery_splash: null,
    banner: null,
    owner_id: guild.ownerId,
    afk_channel_id: guild.afkChannelId,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    application_id: null,
    system_channel_id: guild.systemChannelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_presences: null,
    max_members: 500000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    description: guild.description,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: guild.preferredLocale,
    features: [...guild.features],
    roles: state.guildRoles(guild.id).map(roleToApi),
    emojis: [],
    stickers: [],
    incidents_data: null,
  };
  if (withCounts) {
    out.approximate_member_count = state.memberCount(guild.id);
    out.approximate_presence_count = Math.ceil(state.memberCount(guild.id) / 3);
  }
  return out;
}

export function voiceStateToApi(state: SimState, voice: SimVoiceState, withMember = true): Wire {
  const out: Wire = {
    guild_id: voice.guildId,
    channel_id: voice.channelId,
    user_id: voice.userId,
    session_id: voice.sessionId,
    deaf: voice.deaf,
    mute: voice.mute,
    self_deaf: voice.selfDeaf,
    self_mute: voice.selfMute,
    self_stream: voice.selfStream,
    self_video: voice.selfVideo,
    suppress: voice.suppress,
    request_to_speak_timestamp:
      voice.requestToSpeakTimestamp === null ? null : isoTimestamp(voice.requestToSpeakTimestamp),
  };
  const member = withMember ? state.member(voice.guildId, voice.userId) : undefined;
  if (member) out.member = memberToApi(state, member);
  return out;
}

function attachmentToApi(channelId: string, a: SimAttachment): Wire {
  const url = `https://cdn.discordapp.com/attachments/${channelId}/${a.id}/${encodeURIComponent(a.filename)}`;
  const out: Wire = {
    id: a.id,
    filename: a.filename,
    size: a.size,
    url,
    proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
    content_type: a.contentType,
  };
  if (a.width !== undefined) out.width = a.width;
  if (a.height !== undefined) out.height = a.height;
  return out;
}

export interface MessageViewOptions {
  /** Whose `me` flag reactions carry (the bot reading the message). */
  viewerId?: string;
  /** Gateway payloads carry guild_id and the author's partial member. */
  gateway?: boolean;
}

export function messageToApi(state: SimState, m: SimMessage, view: MessageViewOptions = {}): Wire {
  const author = state.users.get(m.authorId);
  const out: Wire = {
    id: m.id,
    type: m.type,
    channel_id: m.channelId,
    author: author ? userToApi(author) : unknownUser(m.authorId),
    content: m.content,
    timestamp: isoFromSnowflake(m.id),
    edited_timestamp: m.editedAt === null ? null : isoTimestamp(m.editedAt),
    tts: m.tts ?? false,
    mention_everyone: m.mentionEveryone ?? false,
    mentions: (m.mentionIds ?? []).map((id) => {
      const user = state.users.get(id);
      const wire: Wire = { ...(user ? userToApi(user) : unknownUser(id)) };
      const member = view.gateway && m.guildId ? state.member(m.guildId, id) : undefined;
      if (member) wire.member = partialMemberToApi(member);
      return wire;
    }),
    mention_roles: m.mentionRoleIds ?? [],
    attachments: (m.attachments ?? []).map((a) => attachmentToApi(m.channelId, a)),
    embeds: m.embeds ?? [],
    components: m.components ?? [],
    pinned: m.pinned ?? false,
    flags: m.flags,
  };
  if (m.reactions && m.reactions.length > 0) {
    out.reactions = m.reactions.map((r) => ({
      emoji: r.emoji,
      count: r.userIds.length,
      count_details: { burst: 0, normal: r.userIds.length },
      me: view.viewerId !== undefined && r.userIds.includes(view.viewerId),
      me_burst: false,
      burst_colors: [],
    }));
  }
  if (m.nonce !== undefined) out.nonce = m.nonce;
  if (m.webhookId !== undefined) out.webhook_id = m.webhookId;
  if (m.applicationId !== undefined) out.application_id = m.applicationId;
  if (m.interaction) {
    const user = state.users.get(m.interaction.userId);
    const userWire = user ? userToApi(user) : unknownUser(m.interaction.userId);
    out.interaction = {
      id: m.interaction.id,
      type: m.interaction.type,
      name: m.interaction.name,
      user: userWire,
    };
    out.interaction_metadata = {
      id: m.interaction.id,
      type: m.interaction.type,
      name: m.interaction.name,
      user: userWire,
      authorizing_integration_owners: m.guildId ? { '0': m.guildId } : { '1': m.interaction.userId },
    };
  }
  if (m.reference) {
    const ref: Wire = { type: 0, message_id: m.reference.messageId, channel_id: m.reference.channelId };
    if (m.reference.guildId) ref.guild_id = m.reference.guildId;
    out.message_reference = ref;
    const referenced = state.messages.get(m.reference.channelId, m.reference.messageId);
    // One level deep only, as Discord does.
    out.referenced_message = referenced ? messageToApi(state, withoutReference(referenced)) : null;
  }
  // Gateway message events carry channel_type; discord.js needs it to build an uncached DM channel.
  if (view.gateway) out.channel_type = state.channels.get(m.channelId)?.type ?? 0;
  if (view.gateway && m.guildId) {
    out.guild_id = m.guildId;
    const member = state.member(m.guildId, m.authorId);
    if (member && m.webhookId === undefined) out.member = partialMemberToApi(member);
  }
  return out;
}

function withoutReference(m: SimMessage): SimMessage {
  const { reference: _dropped, ...rest } = m;
  return rest;
}
