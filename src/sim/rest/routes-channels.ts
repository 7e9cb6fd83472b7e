import type { FastifyInstance } from 'fastify';
import { isRecord, optString } from '../json.ts';
import { channelToApi } from '../serialize.ts';
import { ChannelType } from '../types.ts';
import { botView, type ChannelAccess, channelAccess } from './channel-access.ts';
import { Answer, botOf, defineRoute, type RestContext, type RouteRequest } from './context.ts';
import { DiscordHttpError, ErrorCode, invalidField, unknown } from './errors.ts';
import { intParam } from './routes-guilds.ts';

/** Typing, pins, archived threads and DM channels. */
export function registerChannelRoutes(app: FastifyInstance, ctx: RestContext): void {
  const { state } = ctx;
  const visibleChannel = (req: RouteRequest): ChannelAccess => channelAccess(state, req, false);
  const textChannel = (req: RouteRequest): ChannelAccess => channelAccess(state, req, true);

  defineRoute(app, ctx, {
    method: 'POST',
    url: '/channels/:channelId/typing',
    auth: 'bot',
    bucket: 'typing',
    major: 'channelId',
    handler: (req) => {
      textChannel(req);
      return undefined;
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/channels/:channelId/pins',
    auth: 'bot',
    bucket: 'pins',
    major: 'channelId',
    handler: (req) => {
      const { channel } = textChannel(req);
      return state.messages
        .list(channel.id)
        .filter((m) => m.pinned)
        .map((m) => botView(state, req, m));
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/channels/:channelId/threads/archived/public',
    auth: 'bot',
    bucket: 'threads',
    major: 'channelId',
    handler: (req) => {
      const { channel } = visibleChannel(req);
      if (!channel.guildId) throw unknown.channel();
      const limit = intParam(req, 'limit', 50, 2, 100);
      const beforeRaw = req.query.get('before');
      const before = beforeRaw === null ? Number.POSITIVE_INFINITY : Date.parse(beforeRaw);
      if (Number.isNaN(before))
        throw invalidField(['before'], 'DATE_TYPE_PARSE', `Could not parse ${beforeRaw}.`);
      const archived = state
        .guildChannels(channel.guildId)
        .filter(
          (c) =>
            c.parentId === channel.id &&
            c.type === ChannelType.PublicThread &&
            c.thread?.archived &&
            c.thread.archiveTimestamp < before,
        )
        .sort((a, b) => (b.thread?.archiveTimestamp ?? 0) - (a.thread?.archiveTimestamp ?? 0));
      return {
        threads: archived.slice(0, limit).map((c) => channelToApi(state, c)),
        members: [],
        has_more: archived.length > limit,
      };
    },
  });

  defineRoute(app, ctx, {
    method: 'POST',
    url: '/users/@me/channels',
    auth: 'bot',
    bucket: 'dm.open',
    handler: (req) => {
      const bot = botOf(req);
      const recipientId = isRecord(req.body) ? optString(req.body.recipient_id) : undefined;
      if (!recipientId) throw invalidField(['recipient_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
      const user = state.users.get(recipientId);
      if (!user) throw unknown.user();
      if (user.bot)
        throw new DiscordHttpError(
          400,
          ErrorCode.CannotSendMessagesToUser,
          'Cannot send messages to this user',
        );
      let channel = state.dmChannelFor(bot.userId, recipientId);
      if (!channel) {
        channel = state.addDmChannel({
          id: state.snowflakes.next(),
          type: ChannelType.DM,
          guildId: null,
          name: '',
          position: 0,
          parentId: null,
          topic: null,
          nsfw: false,
          rateLimitPerUser: 0,
          overwrites: [],
          recipientIds: [bot.userId, recipientId],
        });
        ctx.log.record({
          botUserId: bot.userId,
          kind: 'dm.open',
          channelId: channel.id,
          userId: recipientId,
        });
      }
      return new Answer(200, channelToApi(state, channel));
    },
  });
}
