import type { Client, Interaction } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { ReadinessCheck } from '../features/health/service.ts';
import { ingestGateway } from '../pipeline/discord-ingest.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import { createBotClient, loginFailure } from '../platform/discord/client.ts';
import type { Logger } from '../platform/logger.ts';
import { type Lifecycle, UsageError } from './runtime.ts';

export interface DiscordConnection {
  token: string;
  /** REST base up to `/api`; undefined means Discord itself. */
  apiUrl: string | undefined;
  /** True when this is the built-in simulator with a demo community. */
  demo: boolean;
  /** The OAuth2 application for dashboard sign-in, when known (always in demo mode). */
  oauth?: { clientId: string; clientSecret: string } | undefined;
}

export interface BotOptions {
  discord: DiscordConnection;
  pipeline: Pipeline;
  shards?: number[] | undefined;
  shardCount?: number | undefined;
  /** A guild arrived without its members; have them fetched (the sync job). */
  onPartialGuild?: (guildId: string) => void;
  /** Slash commands to register for the application (bulk overwrite, global). */
  commands?: RESTPostAPIChatInputApplicationCommandsJSONBody[];
  onInteraction?: (interaction: Interaction) => Promise<void>;
}

/** Connects discord.js and feeds the pipeline; resolves once every shard is ready. */
export async function startBot(logger: Logger, lifecycle: Lifecycle, options: BotOptions): Promise<Client> {
  const client = createBotClient({
    apiUrl: options.discord.apiUrl,
    shards: options.shards,
    shardCount: options.shardCount,
  });
  const stopIngest = ingestGateway(client, options.pipeline, logger, options.onPartialGuild);
  client.on('error', (error) => logger.error({ err: error }, 'Discord client error'));
  client.on('shardDisconnect', (event, shardId) =>
    logger.warn({ shardId, code: event.code }, 'shard disconnected'),
  );
  client.on('shardResume', (shardId, replayed) => logger.info({ shardId, replayed }, 'shard resumed'));
  lifecycle.add('bot', async () => {
    stopIngest();
    await client.destroy();
  });
  if (options.onInteraction) {
    const handle = options.onInteraction;
    client.on('interactionCreate', (interaction) => {
      handle(interaction).catch((error: unknown) => logger.error({ err: error }, 'interaction failed'));
    });
  }
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  try {
    await client.login(options.discord.token);
  } catch (error) {
    const failure = loginFailure(error, options.discord.apiUrl);
    if (!failure) throw error;
    if (failure.configuration) throw new UsageError(`configuration error: ${failure.message}`);
    throw new Error(failure.message, { cause: error });
  }
  await ready;
  if (options.commands && options.commands.length > 0) {
    // Several bot processes may race here; a bulk overwrite with the same body is idempotent.
    await client.application?.commands.set(options.commands).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not register slash commands');
    });
  }
  logger.info(
    {
      user: client.user?.tag,
      guilds: client.guilds.cache.size,
      shards: client.ws.shards.size,
      demo: options.discord.demo,
    },
    'bot connected to Discord',
  );
  return client;
}

export function botReadiness(client: () => Client | undefined): ReadinessCheck {
  return {
    name: 'bot',
    async check() {
      const c = client();
      if (!c) throw new Error('bot is starting');
      if (!c.isReady()) throw new Error('bot is not connected to the gateway');
      return {
        latencyMs: Math.max(0, c.ws.ping),
        details: { guilds: c.guilds.cache.size, shards: c.ws.shards.size, user: c.user.tag },
      };
    },
  };
}

/** Parses `--shards 0-3` or `--shards 0,2,5` into shard ids. */
export function parseShards(value: string): number[] | undefined {
  const ids = new Set<number>();
  for (const part of value.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!range) return undefined;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from || to - from > 4096) return undefined;
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}
