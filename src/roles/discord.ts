import type { Config } from '../platform/config.ts';
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
    return { token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL, demo: false };
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
  return { token: sim.bot.token, apiUrl: sim.apiUrl, demo: true };
}
