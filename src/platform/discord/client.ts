import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';

export interface BotClientOptions {
  /** REST base up to `/api`; the gateway URL comes from its `/gateway/bot`. */
  apiUrl?: string | undefined;
  /** Shard ids this process runs, and the total; both undefined lets discord.js decide. */
  shards?: number[] | undefined;
  shardCount?: number | undefined;
}

/** What Hearth listens to: guild state, members, messages (with content, for word counts), reactions, voice. */
export const HEARTH_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.GuildVoiceStates,
];

/**
 * discord.js with bounded caches. Hearth reads every event from the raw dispatches and keeps its
 * state in PostgreSQL, so the caches discord.js would grow without bound in a 100,000-member guild
 * (members, users, messages, presences, reactions) are capped or off; what interactions need
 * (the guild, channels, roles, the bot's own member) stays.
 */
export function createBotClient(options: BotClientOptions): Client {
  return new Client({
    intents: HEARTH_INTENTS,
    partials: [Partials.Message, Partials.Reaction, Partials.User, Partials.GuildMember, Partials.Channel],
    ...(options.shards ? { shards: options.shards } : {}),
    ...(options.shardCount ? { shardCount: options.shardCount } : {}),
    rest: options.apiUrl ? { api: options.apiUrl } : {},
    makeCache: Options.cacheWithLimits({
      MessageManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      PresenceManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      ThreadMemberManager: 0,
      StageInstanceManager: 0,
      AutoModerationRuleManager: 0,
      GuildMessageManager: 0,
      UserManager: { maxSize: 1000, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: { maxSize: 1000, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      users: { interval: 600, filter: () => (user) => user.id !== user.client.user.id },
      guildMembers: { interval: 600, filter: () => (member) => member.id !== member.client.user.id },
    },
  });
}
