/**
 * The Discord simulator: a local Discord (REST v10 + gateway) that the unmodified discord.js client
 * talks to, with a community generator, rate limits, faults on demand and a control API.
 * See docs/simulator.md.
 */
export type { Emoji, VoicePatch } from './actions.ts';
export { SimActions } from './actions.ts';
export type { SimulatorCliOptions } from './cli.ts';
export { runSimulatorCli } from './cli.ts';
export { SimControl } from './control.ts';
export type { BotAction, SimDispatch } from './events.ts';
export type { Burst5xxOptions, FaultSummary, LatencyOptions, Storm429Options } from './faults.ts';
export { RestFaults } from './faults.ts';
export type { GatewayConfig, GatewayFaultTarget } from './gateway.ts';
export { Gateway } from './gateway.ts';
export { shardOf } from './gateway-payloads.ts';
export type { CommunityOptions, GeneratedCommunity } from './generator.ts';
export { generateCommunity } from './generator.ts';
export { ALL_INTENTS, Intent } from './intents.ts';
export type { SimInteraction } from './interactions.ts';
export type { SimLogger } from './logger.ts';
export { ALL_PERMISSIONS, DEFAULT_BOT_PERMISSIONS, Permission } from './permissions.ts';
export type { BucketLimit, RateLimitConfig, RateLimitOverrides } from './ratelimit.ts';
export { DEFAULT_RATE_LIMITS } from './ratelimit.ts';
export type { BotOptions, SimStats, Simulator, SimulatorOptions } from './simulator.ts';
export { startSimulator } from './simulator.ts';
export {
  DISCORD_EPOCH,
  SnowflakeFactory,
  snowflakeAt,
  snowflakeFromParts,
  timestampOf,
} from './snowflake.ts';
export { SimState } from './state.ts';
export type { TrafficOptions, TrafficStats } from './traffic.ts';
export type {
  SimBot,
  SimChannel,
  SimGuild,
  SimMember,
  SimMessage,
  SimRole,
  SimUser,
  SimVoiceState,
} from './types.ts';
export { ChannelType, MessageType } from './types.ts';
