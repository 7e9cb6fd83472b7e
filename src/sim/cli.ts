import type { SimLogger } from './logger.ts';
import { type Simulator, startSimulator } from './simulator.ts';

export interface SimulatorCliOptions {
  port?: number;
  host?: string;
  /** Members of the generated guild. */
  guildSize?: number;
  /** Historical messages of the generated guild. */
  history?: number;
  /** Days the history spans. */
  days?: number;
  seed?: number;
  token?: string;
  /** Live traffic in events per second (0: none). */
  traffic?: number;
  /** Disable rate limits. */
  noRateLimits?: boolean;
  controlToken?: string;
  logger?: SimLogger;
}

/**
 * What `hearth sim` runs: a standalone simulator with one generated guild, printing how to point
 * a bot at it. Returns the running simulator; the caller owns shutdown (SIGINT).
 */
export async function runSimulatorCli(options: SimulatorCliOptions = {}): Promise<Simulator> {
  const log = options.logger ?? {
    info: console.log,
    warn: console.warn,
    error: console.error,
    debug: () => {},
  };
  const started = Date.now();
  const sim = await startSimulator({
    port: options.port ?? 8790,
    host: options.host ?? '127.0.0.1',
    logger: log,
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.controlToken !== undefined ? { controlToken: options.controlToken } : {}),
    ...(options.noRateLimits ? { rateLimits: false as const } : {}),
    community: {
      seed: options.seed ?? 1,
      members: options.guildSize ?? 200,
      textChannels: 8,
      history: { messages: options.history ?? 20_000, days: options.days ?? 90 },
    },
  });
  const c = sim.community;
  log.info(
    [
      `Discord simulator ready in ${Date.now() - started} ms at ${sim.url}`,
      `  REST api:      ${sim.apiUrl}   (discord.js: new Client({ rest: { api: '${sim.apiUrl}' } }))`,
      `  gateway:       ${sim.gatewayUrl}`,
      `  bot token:     ${sim.bot.token}`,
      `  application:   ${sim.bot.applicationId} (client secret ${sim.bot.clientSecret})`,
      `  control API:   ${sim.url}/_sim/state`,
      c
        ? `  guild:         ${c.guild.name} (${c.guild.id}), ${sim.state.memberCount(c.guild.id)} members, ${c.messages} messages`
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  if (options.traffic && options.traffic > 0) sim.traffic.start({ eventsPerSecond: options.traffic });
  return sim;
}
