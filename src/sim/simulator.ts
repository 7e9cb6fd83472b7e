import { randomBytes } from 'node:crypto';
import { SimActions } from './actions.ts';
import { SimControl } from './control.ts';
import { BotActionLog, type EventSink, type SimDispatch } from './events.ts';
import { RestFaults } from './faults.ts';
import { Gateway, type GatewayConfig } from './gateway.ts';
import { type CommunityOptions, type GeneratedCommunity, generateCommunity } from './generator.ts';
import { ALL_INTENTS } from './intents.ts';
import { InteractionService, type InteractionTiming } from './interactions.ts';
import { type SimLogger, silentSimLogger } from './logger.ts';
import { OAuthService } from './oauth.ts';
import { RateLimiter, type RateLimitOverrides, resolveRateLimits } from './ratelimit.ts';
import type { RestContext } from './rest/context.ts';
import { registerControlRoutes } from './rest/control-routes.ts';
import { registerChannelRoutes } from './rest/routes-channels.ts';
import { registerCoreRoutes } from './rest/routes-core.ts';
import { registerGuildRoutes } from './rest/routes-guilds.ts';
import { registerInteractionRoutes } from './rest/routes-interactions.ts';
import { registerMessageRoutes } from './rest/routes-messages.ts';
import { registerOAuthRoutes } from './rest/routes-oauth.ts';
import { registerReactionRoutes } from './rest/routes-reactions.ts';
import { createHttpApp } from './rest/server.ts';
import { SimState } from './state.ts';
import { TrafficGenerator } from './traffic.ts';
import type { SimBot } from './types.ts';

export interface BotOptions {
  token?: string;
  applicationId?: string;
  clientSecret?: string;
  name?: string;
}

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The base URL clients should use when it differs from the bound one (containers, proxies). */
  publicUrl?: string;
  /** Shorthand for the first bot. */
  token?: string;
  applicationId?: string;
  clientSecret?: string;
  botName?: string;
  /** More bot applications; the first entry is the primary bot. */
  bots?: BotOptions[];
  /** A generated community to start with (default: a small one); false starts empty. */
  community?: CommunityOptions | false;
  /** Rate limits (Discord-like by default); false disables them. */
  rateLimits?: RateLimitOverrides | false;
  /** HELLO's heartbeat_interval (Discord: 41250 ms). */
  heartbeatIntervalMs?: number;
  gateway?: Partial<GatewayConfig> & {
    maxConcurrency?: number;
    sessionStartLimit?: number;
    recommendedShards?: number;
  };
  interactions?: Partial<InteractionTiming>;
  /** When set, the control API requires `Authorization: Bearer <controlToken>` (or X-Control-Token). */
  controlToken?: string;
  /** Who `/oauth2/authorize` logs in as without `login_as` (default: the first guild's owner). */
  oauthDefaultUserId?: string;
  logger?: SimLogger;
}

export interface SimStats {
  rest: {
    requests: number;
    byStatus: Record<string, number>;
    byBucket: Record<string, number>;
    rateLimited: number;
    rateLimitedBy: Record<string, number>;
    invalidRequests: number;
  };
  gateway: Gateway['stats'];
  faults: ReturnType<RestFaults['summary']>;
  botActions: number;
  traffic: ReturnType<TrafficGenerator['stats']>;
}

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:PORT; discord.js takes `${url}/api` as `rest.api`. */
  readonly url: string;
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly port: number;
  readonly bot: SimBot;
  readonly bots: readonly SimBot[];
  readonly state: SimState;
  readonly actions: SimActions;
  readonly control: SimControl;
  readonly interactions: InteractionService;
  readonly gateway: Gateway;
  readonly faults: { rest: RestFaults; gateway: Gateway };
  readonly rateLimiter: RateLimiter | null;
  readonly traffic: TrafficGenerator;
  readonly community: GeneratedCommunity | null;
  /** Adds a generated guild (the bots join it; connected sessions get GUILD_CREATE). */
  generate(options?: CommunityOptions): GeneratedCommunity;
  /** Observes every dispatch (before intent and shard filtering). */
  onDispatch(listener: (event: SimDispatch) => void): () => void;
  stats(): SimStats;
  close(): Promise<void>;
}

const DEFAULT_COMMUNITY: CommunityOptions = { seed: 1, members: 40, history: { messages: 500, days: 14 } };

function makeBots(options: SimulatorOptions, state: SimState): SimBot[] {
  const specs: BotOptions[] = options.bots && options.bots.length > 0 ? [...options.bots] : [{}];
  const first = specs[0] ?? {};
  specs[0] = {
    ...first,
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.applicationId !== undefined ? { applicationId: options.applicationId } : {}),
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    ...(options.botName !== undefined ? { name: options.botName } : {}),
  };
  return specs.map((spec, i) => {
    const userId = spec.applicationId ?? state.snowflakes.next();
    const name = spec.name ?? (i === 0 ? 'Hearth' : `Bot ${i + 1}`);
    state.addUser({
      id: userId,
      username: name.toLowerCase().replace(/\s+/g, '-'),
      globalName: name,
      avatar: null,
      bot: true,
    });
    // Discord bot tokens start with the base64 of the bot's user id.
    const token =
      spec.token ??
      `${Buffer.from(userId).toString('base64url')}.sim.${randomBytes(18).toString('base64url')}`;
    const bot: SimBot = {
      userId,
      applicationId: userId,
      token,
      clientSecret: spec.clientSecret ?? randomBytes(16).toString('hex'),
      name,
    };
    state.addBot(bot);
    return bot;
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const logger = options.logger ?? silentSimLogger;
  const state = new SimState();
  const bots = makeBots(options, state);
  const listeners = new Set<(event: SimDispatch) => void>();
  let gateway: Gateway | null = null;
  const sink: EventSink = {
    dispatch: (event) => {
      for (const listener of listeners) listener(event);
      gateway?.dispatch(event);
    },
    guildAvailable: (guildId, botUserId) => gateway?.guildAvailable(guildId, botUserId),
  };
  const actions = new SimActions(state, sink);
  const log = new BotActionLog();
  const interactions = new InteractionService(state, actions, sink, log, {
    responseTimeoutMs: options.interactions?.responseTimeoutMs ?? 3000,
    tokenLifetimeMs: options.interactions?.tokenLifetimeMs ?? 15 * 60_000,
  });
  const control = new SimControl(state, actions, interactions, log);
  const oauth = new OAuthService(
    state,
    () => options.oauthDefaultUserId ?? state.guilds.values().next().value?.ownerId,
  );
  const limiter =
    options.rateLimits === false ? null : new RateLimiter(resolveRateLimits(options.rateLimits));
  const faults = new RestFaults();
  const app = createHttpApp();
  const host = options.host ?? '127.0.0.1';
  let baseUrl = '';
  const gatewayUrl = (): string => `${baseUrl.replace(/^http/, 'ws')}/gateway`;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
  const gw = new Gateway({
    state,
    logger,
    resumeUrl: () => gatewayUrl(),
    config: {
      heartbeatIntervalMs,
      heartbeatTimeoutMs: options.gateway?.heartbeatTimeoutMs ?? heartbeatIntervalMs * 2 + 5000,
      resumeTimeoutMs: options.gateway?.resumeTimeoutMs ?? 120_000,
      replayBufferSize: options.gateway?.replayBufferSize ?? 5000,
      sendLimit: options.gateway?.sendLimit ?? { count: 120, windowMs: 60_000 },
      allowedIntents: options.gateway?.allowedIntents ?? ALL_INTENTS,
    },
    onBotVoiceUpdate: (bot, guildId, channelId, selfMute, selfDeaf) => {
      if (!state.member(guildId, bot.userId)) return;
      actions.setVoice(guildId, bot.userId, { channelId, selfMute, selfDeaf });
    },
  });
  gateway = gw;
  const traffic = new TrafficGenerator(state, actions);
  const stats = { requests: 0, byStatus: {}, byBucket: {}, rateLimited: 0, rateLimitedBy: {} };
  const ctx: RestContext = {
    state,
    actions,
    interactions,
    oauth,
    limiter,
    faults,
    log,
    logger,
    stats,
    gatewayUrl: () => gatewayUrl(),
    sessionStartLimit: {
      total: options.gateway?.sessionStartLimit ?? 1000,
      maxConcurrency: options.gateway?.maxConcurrency ?? 1,
      recommendedShards: options.gateway?.recommendedShards ?? 1,
    },
    identifiesUsed: () => gw.stats.identifies,
  };
  registerCoreRoutes(app, ctx);
  registerGuildRoutes(app, ctx);
  registerMessageRoutes(app, ctx);
  registerReactionRoutes(app, ctx);
  registerChannelRoutes(app, ctx);
  registerInteractionRoutes(app, ctx);
  registerOAuthRoutes(app, ctx);

  let community: GeneratedCommunity | null = null;
  const generate = (communityOptions: CommunityOptions = {}): GeneratedCommunity => {
    const generated = generateCommunity(state, actions, communityOptions);
    traffic.use(generated);
    return generated;
  };
  if (options.community !== false) community = generate(options.community ?? DEFAULT_COMMUNITY);

  const simStats = (): SimStats => ({
    rest: { ...stats, invalidRequests: limiter?.invalidCount() ?? 0 },
    gateway: gw.stats,
    faults: faults.summary(),
    botActions: log.size,
    traffic: traffic.stats(),
  });
  registerControlRoutes(app, {
    state,
    control,
    gateway: gw,
    faults,
    traffic,
    limiter,
    controlToken: options.controlToken ?? null,
    stats: simStats,
    generate,
  });

  app.server.on('upgrade', (req, socket, head) => {
    if (!gw.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('simulator did not bind a TCP port');
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = options.publicUrl?.replace(/\/$/, '') ?? `http://${urlHost}:${address.port}`;
  logger.info(`Discord simulator listening on ${baseUrl} (gateway ${ctx.gatewayUrl()})`);

  const primary = bots[0] as SimBot;
  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api`,
    gatewayUrl: ctx.gatewayUrl(),
    port: address.port,
    bot: primary,
    bots,
    state,
    actions,
    control,
    interactions,
    gateway: gw,
    faults: { rest: faults, gateway: gw },
    rateLimiter: limiter,
    traffic,
    community,
    generate,
    onDispatch: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stats: simStats,
    close: async () => {
      traffic.stop();
      await gw.close();
      await app.close();
    },
  };
}
