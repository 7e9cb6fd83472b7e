/** Gateway intent bits (https://discord.com/developers/docs/events/gateway#gateway-intents). */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildModeration: 1 << 2,
  GuildExpressions: 1 << 3,
  GuildIntegrations: 1 << 4,
  GuildWebhooks: 1 << 5,
  GuildInvites: 1 << 6,
  GuildVoiceStates: 1 << 7,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
  GuildScheduledEvents: 1 << 16,
  AutoModerationConfiguration: 1 << 20,
  AutoModerationExecution: 1 << 21,
  GuildMessagePolls: 1 << 24,
  DirectMessagePolls: 1 << 25,
} as const;

export const ALL_INTENTS: number = Object.values(Intent).reduce((all, bit) => all | bit, 0);

const GUILD_EVENT_INTENTS: Readonly<Record<string, number>> = {
  GUILD_CREATE: Intent.Guilds,
  GUILD_UPDATE: Intent.Guilds,
  GUILD_DELETE: Intent.Guilds,
  GUILD_ROLE_CREATE: Intent.Guilds,
  GUILD_ROLE_UPDATE: Intent.Guilds,
  GUILD_ROLE_DELETE: Intent.Guilds,
  CHANNEL_CREATE: Intent.Guilds,
  CHANNEL_UPDATE: Intent.Guilds,
  CHANNEL_DELETE: Intent.Guilds,
  THREAD_CREATE: Intent.Guilds,
  THREAD_UPDATE: Intent.Guilds,
  THREAD_DELETE: Intent.Guilds,
  THREAD_LIST_SYNC: Intent.Guilds,
  GUILD_MEMBER_ADD: Intent.GuildMembers,
  GUILD_MEMBER_UPDATE: Intent.GuildMembers,
  GUILD_MEMBER_REMOVE: Intent.GuildMembers,
  VOICE_STATE_UPDATE: Intent.GuildVoiceStates,
  MESSAGE_CREATE: Intent.GuildMessages,
  MESSAGE_UPDATE: Intent.GuildMessages,
  MESSAGE_DELETE: Intent.GuildMessages,
  MESSAGE_DELETE_BULK: Intent.GuildMessages,
  MESSAGE_REACTION_ADD: Intent.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE: Intent.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE_ALL: Intent.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE_EMOJI: Intent.GuildMessageReactions,
  TYPING_START: Intent.GuildMessageTyping,
};

const DM_EVENT_INTENTS: Readonly<Record<string, number>> = {
  MESSAGE_CREATE: Intent.DirectMessages,
  MESSAGE_UPDATE: Intent.DirectMessages,
  MESSAGE_DELETE: Intent.DirectMessages,
  CHANNEL_PINS_UPDATE: Intent.DirectMessages,
  MESSAGE_REACTION_ADD: Intent.DirectMessageReactions,
  MESSAGE_REACTION_REMOVE: Intent.DirectMessageReactions,
  MESSAGE_REACTION_REMOVE_ALL: Intent.DirectMessageReactions,
  MESSAGE_REACTION_REMOVE_EMOJI: Intent.DirectMessageReactions,
  TYPING_START: Intent.DirectMessageTyping,
};

/**
 * The intent a session needs to receive an event; 0 means always delivered (READY, RESUMED,
 * INTERACTION_CREATE, GUILD_MEMBERS_CHUNK and anything without a listed intent).
 */
export function requiredIntent(event: string, inGuild: boolean): number {
  return (inGuild ? GUILD_EVENT_INTENTS[event] : DM_EVENT_INTENTS[event]) ?? 0;
}

export function allowsEvent(intents: number, event: string, inGuild: boolean): boolean {
  const needed = requiredIntent(event, inGuild);
  return needed === 0 || (intents & needed) !== 0;
}

export interface ContentContext {
  authorId: string;
  mentionIds: readonly string[];
  inGuild: boolean;
}

/**
 * Without MESSAGE_CONTENT, Discord blanks content, embeds, attachments, components and polls,
 * except in DMs, in the bot's own messages and in messages that mention the bot.
 */
export function mustStripContent(intents: number, botUserId: string, ctx: ContentContext): boolean {
  if ((intents & Intent.MessageContent) !== 0) return false;
  if (!ctx.inGuild) return false;
  if (ctx.authorId === botUserId) return false;
  return !ctx.mentionIds.includes(botUserId);
}

export function stripMessageContent<T extends Record<string, unknown>>(payload: T): T {
  const out: Record<string, unknown> = { ...payload };
  if ('content' in out) out.content = '';
  if ('embeds' in out) out.embeds = [];
  if ('attachments' in out) out.attachments = [];
  if ('components' in out) out.components = [];
  if ('poll' in out) delete out.poll;
  return out as T;
}
