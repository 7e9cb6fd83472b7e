import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import { snowflakeFromParts } from '../../src/sim/snowflake.ts';

/** Builders of raw gateway dispatches for tests of the normalizer and the pipeline. */

let increment = 0;

/** A snowflake for a moment, unique within this test process (the increment wraps at 4096). */
export function snowflakeAt(at: Date | number): string {
  increment = (increment + 1) & 0xfff;
  return snowflakeFromParts(typeof at === 'number' ? at : at.getTime(), 0, 0, increment);
}

export const GUILD = '300000000000000001';
export const CHANNEL = '300000000000000010';
export const OTHER_CHANNEL = '300000000000000011';

const user = (id: string, bot = false) => ({
  id,
  username: `user${id.slice(-4)}`,
  discriminator: '0',
  global_name: null,
  avatar: null,
  ...(bot ? { bot: true } : {}),
});

function dispatch(t: string, d: unknown): GatewayDispatchPayload {
  return { op: 0, s: 1, t, d } as unknown as GatewayDispatchPayload;
}

export function messageCreate(options: {
  at?: Date;
  id?: string;
  userId?: string;
  channelId?: string;
  guildId?: string;
  content?: string;
  bot?: boolean;
  type?: number;
  attachments?: number;
}): GatewayDispatchPayload {
  return dispatch('MESSAGE_CREATE', {
    id: options.id ?? snowflakeAt(options.at ?? new Date()),
    channel_id: options.channelId ?? CHANNEL,
    guild_id: options.guildId ?? GUILD,
    author: user(options.userId ?? '400000000000000001', options.bot),
    content: options.content ?? 'hello there friend',
    type: options.type ?? 0,
    attachments: Array.from({ length: options.attachments ?? 0 }, (_, i) => ({
      id: String(i),
      filename: 'a.png',
    })),
    embeds: [],
    mentions: [],
    mention_roles: [],
    pinned: false,
    mention_everyone: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
  });
}

export function messageUpdate(
  id: string,
  editedAt: Date | null,
  userId = '400000000000000001',
): GatewayDispatchPayload {
  return dispatch('MESSAGE_UPDATE', {
    id,
    channel_id: CHANNEL,
    guild_id: GUILD,
    author: user(userId),
    edited_timestamp: editedAt?.toISOString() ?? null,
  });
}

export function messageDelete(id: string): GatewayDispatchPayload {
  return dispatch('MESSAGE_DELETE', { id, channel_id: CHANNEL, guild_id: GUILD });
}

export function reactionAdd(
  messageId: string,
  userId: string,
  emoji = '👍',
  bot = false,
): GatewayDispatchPayload {
  return dispatch('MESSAGE_REACTION_ADD', {
    user_id: userId,
    channel_id: CHANNEL,
    message_id: messageId,
    guild_id: GUILD,
    emoji: { id: null, name: emoji },
    member: { user: user(userId, bot), roles: [], joined_at: new Date().toISOString() },
    type: 0,
    burst: false,
  });
}

export function memberAdd(
  userId: string,
  joinedAt = new Date('2026-01-01T00:00:00Z'),
): GatewayDispatchPayload {
  return dispatch('GUILD_MEMBER_ADD', {
    guild_id: GUILD,
    user: user(userId),
    roles: [],
    joined_at: joinedAt.toISOString(),
    nick: null,
    deaf: false,
    mute: false,
  });
}

export function memberRemove(userId: string): GatewayDispatchPayload {
  return dispatch('GUILD_MEMBER_REMOVE', { guild_id: GUILD, user: user(userId) });
}

export function guildCreate(
  options: { members?: string[]; channels?: { id: string; name: string; type: number }[] } = {},
) {
  return dispatch('GUILD_CREATE', {
    id: GUILD,
    name: 'Test Guild',
    icon: null,
    owner_id: '400000000000000001',
    member_count: options.members?.length ?? 0,
    roles: [
      {
        id: GUILD,
        name: '@everyone',
        permissions: '0',
        position: 0,
        color: 0,
        managed: false,
        hoist: false,
        mentionable: false,
      },
    ],
    channels: (options.channels ?? [{ id: CHANNEL, name: 'general', type: 0 }]).map((c, i) => ({
      ...c,
      position: i,
      guild_id: GUILD,
    })),
    threads: [],
    members: (options.members ?? []).map((id) => ({
      user: user(id),
      roles: [],
      joined_at: '2025-06-01T00:00:00.000Z',
      deaf: false,
      mute: false,
    })),
    voice_states: [],
  });
}

export function voiceState(
  userId: string,
  channelId: string | null,
  sessionId = 'sess-1',
  flags: { selfMute?: boolean } = {},
) {
  return dispatch('VOICE_STATE_UPDATE', {
    guild_id: GUILD,
    channel_id: channelId,
    user_id: userId,
    session_id: sessionId,
    deaf: false,
    mute: false,
    self_deaf: false,
    self_mute: flags.selfMute ?? false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
    member: { user: user(userId), roles: [], joined_at: new Date().toISOString() },
  });
}
