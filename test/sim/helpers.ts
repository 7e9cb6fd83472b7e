import { Client, type ClientEvents, type ClientOptions, GatewayIntentBits } from 'discord.js';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/sim/index.ts';

export const ALL_TEST_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.GuildVoiceStates,
  GatewayIntentBits.DirectMessages,
];

/** A simulator tuned for tests: fast heartbeats, a small deterministic community, given overrides. */
export function startTestSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({
    heartbeatIntervalMs: 500,
    community: { seed: 42, members: 30, history: { messages: 400, days: 7 } },
    ...options,
  });
}

/** A real discord.js client logged into the simulator, resolved once it is ready. */
export async function connectClient(
  sim: Simulator,
  options: Partial<ClientOptions> = {},
): Promise<Client<true>> {
  const client = new Client({
    intents: ALL_TEST_INTENTS,
    ...options,
    rest: { api: sim.apiUrl, ...options.rest },
  });
  const ready = new Promise<Client<true>>((resolve) => client.once('clientReady', (c) => resolve(c)));
  await client.login(sim.bot.token);
  return ready;
}

/** The next event of a kind that passes the filter, or a rejection after `timeoutMs`. */
export function nextEvent<K extends keyof ClientEvents>(
  client: Client,
  event: K,
  filter: (...args: ClientEvents[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: ClientEvents[K]): void => {
      if (!filter(...args)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(args);
    };
    client.on(event, listener);
  });
}

export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
