import { REST } from '@discordjs/rest';

export interface DiscordRestOptions {
  token: string;
  /** Base URL up to `/api` (Discord's, or the simulator's). */
  apiUrl?: string | undefined;
}

export const DISCORD_API_DEFAULT = 'https://discord.com/api';

/**
 * Discord's REST API as the worker and the API use it: @discordjs/rest queues requests per route
 * bucket and honours the rate-limit headers, so jobs never hammer Discord into 429s.
 */
export function createDiscordRest(options: DiscordRestOptions): REST {
  return new REST({
    version: '10',
    api: options.apiUrl ?? DISCORD_API_DEFAULT,
    timeout: 15_000,
    retries: 3,
  }).setToken(options.token);
}

export type { REST } from '@discordjs/rest';
