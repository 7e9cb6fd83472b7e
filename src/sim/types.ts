import type { PermissionOverwrite } from './permissions.ts';

/** JSON passed through untouched (embeds, components, modal definitions). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const ChannelType = {
  GuildText: 0,
  DM: 1,
  GuildVoice: 2,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  AnnouncementThread: 10,
  PublicThread: 11,
  PrivateThread: 12,
  GuildStageVoice: 13,
  GuildForum: 15,
} as const;
export type ChannelTypeValue = (typeof ChannelType)[keyof typeof ChannelType];

export const MessageType = {
  Default: 0,
  UserJoin: 7,
  Reply: 19,
  ChatInputCommand: 20,
} as const;

export const MessageFlag = {
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
} as const;

export interface SimUser {
  id: string;
  username: string;
  globalName: string | null;
  avatar: string | null;
  bot: boolean;
  email?: string;
}

export interface SimRole {
  id: string;
  guildId: string;
  name: string;
  color: number;
  hoist: boolean;
  position: number;
  permissions: bigint;
  managed: boolean;
  mentionable: boolean;
}

export interface ThreadMetadata {
  ownerId: string;
  archived: boolean;
  archiveTimestamp: number;
  autoArchiveDuration: number;
  locked: boolean;
}

export interface SimChannel {
  id: string;
  type: ChannelTypeValue;
  guildId: string | null;
  name: string;
  position: number;
  parentId: string | null;
  topic: string | null;
  nsfw: boolean;
  rateLimitPerUser: number;
  overwrites: PermissionOverwrite[];
  bitrate?: number;
  userLimit?: number;
  /** DM channels only. */
  recipientIds?: string[];
  thread?: ThreadMetadata;
}

export interface SimMember {
  guildId: string;
  userId: string;
  nick: string | null;
  roles: string[];
  joinedAt: number;
  deaf: boolean;
  mute: boolean;
  pending: boolean;
  communicationDisabledUntil: number | null;
}

export interface SimGuild {
  id: string;
  name: string;
  ownerId: string;
  icon: string | null;
  description: string | null;
  systemChannelId: string | null;
  afkChannelId: string | null;
  preferredLocale: string;
  features: string[];
}

export interface SimAttachment {
  id: string;
  filename: string;
  size: number;
  contentType: string | null;
  width?: number;
  height?: number;
}

export interface SimReaction {
  emoji: { id: string | null; name: string; animated?: boolean };
  userIds: string[];
}

export interface SimInteractionRef {
  id: string;
  type: number;
  name: string;
  userId: string;
}

/** Messages are the bulk of memory (250k+), so rarely used fields are optional rather than empty. */
export interface SimMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  type: number;
  editedAt: number | null;
  flags: number;
  pinned?: boolean;
  tts?: boolean;
  mentionIds?: string[];
  mentionRoleIds?: string[];
  mentionEveryone?: boolean;
  embeds?: JsonValue[];
  components?: JsonValue[];
  attachments?: SimAttachment[];
  reactions?: SimReaction[];
  nonce?: string | number;
  webhookId?: string;
  applicationId?: string;
  interaction?: SimInteractionRef;
  reference?: { messageId: string; channelId: string; guildId: string | null };
}

export interface SimVoiceState {
  guildId: string;
  channelId: string;
  userId: string;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
  mute: boolean;
  deaf: boolean;
  selfVideo: boolean;
  selfStream: boolean;
  suppress: boolean;
  requestToSpeakTimestamp: number | null;
}

export interface SimBot {
  userId: string;
  applicationId: string;
  token: string;
  clientSecret: string;
  name: string;
}

export interface SimCommand {
  id: string;
  applicationId: string;
  guildId: string | null;
  name: string;
  description: string;
  type: number;
  options: JsonValue[];
  defaultMemberPermissions: string | null;
  version: string;
  raw: JsonObject;
}
