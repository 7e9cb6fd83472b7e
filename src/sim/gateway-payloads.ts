import { Intent } from './intents.ts';
import { channelToApi, guildToApi, memberToApi, userToApi, voiceStateToApi, type Wire } from './serialize.ts';
import { isoTimestamp } from './snowflake.ts';
import type { SimState } from './state.ts';
import type { SimBot, SimGuild, SimMember } from './types.ts';

export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export const GatewayClose = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidSeq: 4007,
  RateLimited: 4008,
  SessionTimedOut: 4009,
  InvalidShard: 4010,
  ShardingRequired: 4011,
  InvalidApiVersion: 4012,
  InvalidIntents: 4013,
  DisallowedIntents: 4014,
} as const;

/** Which shard a guild lives on: Discord's documented formula. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, shardCount)));
}

export function guildsOnShard(state: SimState, bot: SimBot, shardId: number, shardCount: number): SimGuild[] {
  const out: SimGuild[] = [];
  for (const guild of state.guilds.values()) {
    if (shardOf(guild.id, shardCount) !== shardId) continue;
    if (!state.member(guild.id, bot.userId)) continue;
    out.push(guild);
  }
  return out;
}

export function readyPayload(
  state: SimState,
  bot: SimBot,
  guilds: readonly SimGuild[],
  sessionId: string,
  resumeUrl: string,
  shard: [number, number],
): Wire {
  const user = state.users.get(bot.userId);
  return {
    v: 10,
    user: user ? { ...userToApi(user), verified: true, mfa_enabled: false, email: null } : null,
    guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
    session_id: sessionId,
    session_type: 'normal',
    resume_gateway_url: resumeUrl,
    shard,
    application: { id: bot.applicationId, flags: 0 },
    private_channels: [],
    presences: [],
    relationships: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: ['hearth-sim'],
    user_settings: {},
    _trace: ['["hearth-sim",{"micros":0}]'],
  };
}

/**
 * GUILD_CREATE as Discord sends it: above `large_threshold` members only the bot and members in
 * voice channels are included, and the client requests the rest (op 8) or pages REST.
 */
export function guildCreatePayload(
  state: SimState,
  guild: SimGuild,
  bot: SimBot,
  largeThreshold: number,
  intents: number,
): Wire {
  const memberCount = state.memberCount(guild.id);
  const large = memberCount > largeThreshold;
  const voice = [...state.voiceStates(guild.id)];
  let members: SimMember[];
  if (!large) {
    members = [...state.members(guild.id)];
  } else {
    const ids = new Set<string>([bot.userId, ...voice.map((v) => v.userId)]);
    members = [...ids].map((id) => state.member(guild.id, id)).filter((m): m is SimMember => m !== undefined);
  }
  const botMember = state.member(guild.id, bot.userId);
  const all = state.guildChannels(guild.id);
  const base = guildToApi(state, guild);
  return {
    ...base,
    joined_at: isoTimestamp(botMember?.joinedAt ?? Date.now()),
    large,
    unavailable: false,
    member_count: memberCount,
    members: members.map((m) => memberToApi(state, m)),
    channels: all.filter((c) => !c.thread).map((c) => channelToApi(state, c)),
    threads: all.filter((c) => c.thread && !c.thread.archived).map((c) => channelToApi(state, c)),
    voice_states:
      (intents & Intent.GuildVoiceStates) !== 0 ? voice.map((v) => voiceStateToApi(state, v, false)) : [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface MemberRequest {
  guildId: string;
  query: string | null;
  limit: number;
  userIds: string[] | null;
  nonce: string | null;
}

/** Answers op 8 with GUILD_MEMBERS_CHUNK payloads of at most 1000 members each. */
export function memberChunks(state: SimState, request: MemberRequest): Wire[] {
  const found: SimMember[] = [];
  const notFound: string[] = [];
  if (request.userIds) {
    for (const id of request.userIds) {
      const member = state.member(request.guildId, id);
      if (member) found.push(member);
      else notFound.push(id);
    }
  } else {
    const query = (request.query ?? '').toLowerCase();
    const limit = request.limit > 0 ? request.limit : Number.POSITIVE_INFINITY;
    for (const member of state.members(request.guildId)) {
      if (found.length >= limit) break;
      if (query) {
        const user = state.users.get(member.userId);
        const names = [user?.username, user?.globalName, member.nick];
        if (!names.some((n) => n?.toLowerCase().startsWith(query))) continue;
      }
      found.push(member);
    }
  }
  const chunkCount = Math.max(1, Math.ceil(found.length / 1000));
  const chunks: Wire[] = [];
  for (let i = 0; i < chunkCount; i++) {
    const chunk: Wire = {
      guild_id: request.guildId,
      members: found.slice(i * 1000, (i + 1) * 1000).map((m) => memberToApi(state, m)),
      chunk_index: i,
      chunk_count: chunkCount,
    };
    if (i === 0 && notFound.length > 0) chunk.not_found = notFound;
    if (request.nonce !== null) chunk.nonce = request.nonce;
    chunks.push(chunk);
  }
  return chunks;
}
