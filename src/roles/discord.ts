import type { OAuthConfig } from '../features/auth/oauth.ts';
import type { Config } from '../platform/config.ts';
import { DISCORD_API_DEFAULT } from '../platform/discord/rest.ts';
import type { Logger } from '../platform/logger.ts';
import { startSimulator } from '../sim/simulator.ts';
import type { DiscordConnection } from './bot.ts';
import { type Lifecycle, UsageError } from './runtime.ts';

/** The demo community `npm start` shows without a token: a few weeks of history and live chatter. */
export const DEMO_COMMUNITY = {
  seed: 7,
  name: 'Hearth Demo',
  members: 120,
  history: { messages: 5000, days: 30 },
};
export const DEMO_TRAFFIC_PER_SECOND = 2;

/**
 * Real Discord when DISCORD_TOKEN is set; otherwise, where allowed (`hearth all`), the built-in
 * simulator in this process with a demo community, so a fresh install shows a living server.
 */
export async function resolveDiscord(
  config: Config,
  logger: Logger,
  lifecycle: Lifecycle,
  options: { allowDemo: boolean; role: string },
): Promise<DiscordConnection> {
  if (config.DISCORD_TOKEN) {
    return {
      token: config.DISCORD_TOKEN,
      apiUrl: config.DISCORD_API_URL,
      demo: false,
      oauth: oauthFromConfig(config),
    };
  }
  if (!options.allowDemo) {
    throw new UsageError(
      `hearth ${options.role} needs DISCORD_TOKEN (a bot token from the Discord developer portal); only \`hearth all\` falls back to the demo simulator`,
    );
  }
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', community: DEMO_COMMUNITY });
  lifecycle.add('demo simulator', () => sim.close());
  sim.traffic.start({ eventsPerSecond: DEMO_TRAFFIC_PER_SECOND });
  logger.info(
    { simulator: sim.url, guild: sim.community?.guild.name },
    'no DISCORD_TOKEN: running in demo mode against the built-in Discord simulator',
  );
  return {
    token: sim.bot.token,
    apiUrl: sim.apiUrl,
    demo: true,
    oauth: { clientId: sim.bot.applicationId, clientSecret: sim.bot.clientSecret },
  };
}

export function oauthFromConfig(config: Config): DiscordConnection['oauth'] {
  return config.DISCORD_CLIENT_ID && config.DISCORD_CLIENT_SECRET
    ? { clientId: config.DISCORD_CLIENT_ID, clientSecret: config.DISCORD_CLIENT_SECRET }
    : undefined;
}

/** Dashboard sign-in settings, once the application and the server's address are known. */
export function oauthConfig(
  config: Config,
  discord: Pick<DiscordConnection, 'oauth' | 'apiUrl'> | undefined,
  address: string | undefined,
): OAuthConfig | undefined {
  const app = discord?.oauth ?? oauthFromConfig(config);
  const base = config.PUBLIC_URL ?? address;
  if (!app || !base) return undefined;
  return {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    apiUrl: discord?.apiUrl ?? config.DISCORD_API_URL ?? DISCORD_API_DEFAULT,
    redirectUri: new URL('/auth/callback', base).toString(),
  };
}
