import { hasPermission, Permission } from '../permissions.ts';
import { messageToApi, type Wire } from '../serialize.ts';
import type { SimState } from '../state.ts';
import { ChannelType, type SimChannel, type SimMessage } from '../types.ts';
import { botOf, type RouteRequest } from './context.ts';
import { DiscordHttpError, ErrorCode, missingAccess, unknown } from './errors.ts';

const TEXT_TYPES: ReadonlySet<number> = new Set([
  ChannelType.GuildText,
  ChannelType.DM,
  ChannelType.GuildVoice,
  ChannelType.GuildAnnouncement,
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.GuildStageVoice,
]);

export interface ChannelAccess {
  channel: SimChannel;
  /** The bot's permissions in the channel. */
  permissions: bigint;
}

/**
 * The channel of a request if the bot can see it: 404 10003 when unknown, 403 50001 when hidden,
 * and 400 50024 when `text` is asked of a channel without messages (a category).
 */
export function channelAccess(state: SimState, req: RouteRequest, text: boolean): ChannelAccess {
  const channel = state.channels.get(req.params.channelId ?? '');
  if (!channel) throw unknown.channel();
  const permissions = state.channelPermissions(channel.id, botOf(req).userId);
  if (!hasPermission(permissions, Permission.ViewChannel)) throw missingAccess();
  if (text && !TEXT_TYPES.has(channel.type)) {
    throw new DiscordHttpError(
      400,
      ErrorCode.InvalidChannelType,
      'Cannot execute action on this channel type',
    );
  }
  return { channel, permissions };
}

export function messageIn(state: SimState, channel: SimChannel, req: RouteRequest): SimMessage {
  const message = state.messages.get(channel.id, req.params.messageId ?? '');
  if (!message) throw unknown.message();
  return message;
}

/** A message as the requesting bot sees it (its own reactions flagged `me`). */
export function botView(state: SimState, req: RouteRequest, m: SimMessage): Wire {
  return messageToApi(state, m, { viewerId: botOf(req).userId });
}
