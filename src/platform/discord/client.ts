import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';
import { DISCORD_API_DEFAULT } from './rest.ts';

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

/** Why the bot could not log in, naming the setting to look at. */
export interface LoginFailure {
  setting: 'DISCORD_TOKEN' | 'DISCORD_API_URL';
  /** True when the setting itself is wrong (a refused token); false for a Discord that cannot be reached. */
  configuration: boolean;
  message: string;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/**
 * discord.js's login errors say "An invalid token was provided." or "connect ECONNREFUSED" without
 * the setting behind them; an operator reading the start's one line needs its name. Null for any
 * other error.
 */
export function loginFailure(error: unknown, apiUrl: string | undefined): LoginFailure | null {
  if (!(error instanceof Error)) return null;
  const where = apiUrl ?? `${DISCORD_API_DEFAULT} (the default)`;
  const codes = codesOf(error);
  const status = (error as { status?: unknown }).status;
  if (codes.includes('TokenInvalid') || status === 401) {
    return {
      setting: 'DISCORD_TOKEN',
      configuration: true,
      message: `DISCORD_TOKEN was refused by Discord at ${where} (${error.message}): copy the bot's token from the Discord developer portal (Bot, Reset Token)`,
    };
  }
  if (/disallowed intents/i.test(error.message)) {
    return {
      setting: 'DISCORD_TOKEN',
      configuration: true,
      message: `the bot of DISCORD_TOKEN may not use the Server Members and Message Content intents: turn them on in the Discord developer portal (Bot, Privileged Gateway Intents)`,
    };
  }
  if (codes.some((code) => UNREACHABLE.has(code)) || /fetch failed/i.test(error.message)) {
    return {
      setting: 'DISCORD_API_URL',
      configuration: false,
      message: `cannot reach Discord at ${where} (DISCORD_API_URL): ${error.message}`,
    };
  }
  return null;
}
