/**
 * Domain events: what every source (gateway, history import, presence heartbeats, API actions)
 * becomes before the rules see it. Plain data, no SDK types.
 *
 * `id` is the exactly-once key. Events that change counters carry a stable id derived from Discord
 * (a message id, a reaction's message+user+emoji...), so a redelivered or re-imported event is
 * recognised and skipped. Events whose effect is idempotent by nature (a member's current roles, a
 * voice state, a guild snapshot) carry `null` and are applied every time.
 */

export type EventSource = 'live' | 'backfill';

interface EventBase {
  id: string | null;
  guildId: string;
  /** When it happened (from the snowflake or Discord's timestamp; reception time when Discord gives none). */
  at: Date;
  source: EventSource;
}

export interface MessageCreated extends EventBase {
  kind: 'message.created';
  messageId: string;
  channelId: string;
  userId: string;
  /** Bots and webhooks: never counted as members' activity. */
  authorIsBot: boolean;
  /** Join notices, pins, boosts...: Discord's own messages, not a member's. */
  system: boolean;
  words: number;
  attachments: number;
  /** A reply to another message (Discord type 19): what the "helpful replies" quest counts. */
  isReply: boolean;
  /** False when the message counts in statistics but pays no karma (a history import without it). */
  karma?: boolean;
}

export interface MessageUpdated extends EventBase {
  kind: 'message.updated';
  messageId: string;
  channelId: string;
  userId: string | null;
  authorIsBot: boolean;
}

export interface MessageDeleted extends EventBase {
  kind: 'message.deleted';
  messageId: string;
  channelId: string;
  /** Known only when the bot still had the message cached. */
  userId: string | null;
}

export interface ReactionChanged extends EventBase {
  kind: 'reaction.added' | 'reaction.removed';
  messageId: string;
  channelId: string;
  userId: string;
  userIsBot: boolean;
  messageAuthorId: string | null;
  emoji: string;
}

export interface MemberSnapshot {
  userId: string;
  username: string;
  displayName: string | null;
  avatar: string | null;
  isBot: boolean;
  roleIds: string[];
  joinedAt: Date | null;
}

export interface ChannelSnapshot {
  id: string;
  name: string;
  type: number;
  parentId: string | null;
  position: number;
}

export interface RoleSnapshot {
  id: string;
  name: string;
  permissions: string;
  position: number;
  color: number;
  managed: boolean;
}

export interface GuildInfo {
  id: string;
  name: string;
  icon: string | null;
  ownerId: string | null;
  memberCount: number | null;
  /** Discord's `preferred_locale` ("en-US", "ja", "zh-TW"...): the language of posts outside interactions. */
  locale: string | null;
}

export interface MemberJoined extends EventBase {
  kind: 'member.joined';
  member: MemberSnapshot;
}

export interface MemberUpdated extends EventBase {
  kind: 'member.updated';
  member: MemberSnapshot;
}

export interface MemberLeft extends EventBase {
  kind: 'member.left';
  userId: string;
}

export interface VoiceStateChanged extends EventBase {
  kind: 'voice.state';
  userId: string;
  /** null when the member left voice. */
  channelId: string | null;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
  mute: boolean;
  deaf: boolean;
  isBot: boolean;
}

/** A guild's full or partial state: GUILD_CREATE, the sync job, GUILD_MEMBERS_CHUNK. */
export interface GuildSnapshot extends EventBase {
  kind: 'guild.snapshot';
  guild: GuildInfo | null;
  channels: ChannelSnapshot[] | null;
  roles: RoleSnapshot[] | null;
  members: MemberSnapshot[];
  /** Everyone in voice, when the snapshot is complete (GUILD_CREATE): leaves missed while offline show here. */
  voiceStates: { userId: string; channelId: string }[] | null;
}

export interface ChannelChanged extends EventBase {
  kind: 'channel.upserted' | 'channel.deleted';
  channel: ChannelSnapshot;
}

export interface RoleChanged extends EventBase {
  kind: 'role.upserted' | 'role.deleted';
  role: RoleSnapshot;
}

export type DomainEvent =
  | MessageCreated
  | MessageUpdated
  | MessageDeleted
  | ReactionChanged
  | MemberJoined
  | MemberUpdated
  | MemberLeft
  | VoiceStateChanged
  | GuildSnapshot
  | ChannelChanged
  | RoleChanged;

export type EventKind = DomainEvent['kind'];

export type EventOf<K extends EventKind> = Extract<DomainEvent, { kind: K }>;
