import type { FastifyInstance } from 'fastify';
import { type Emoji, parseEmoji } from '../actions.ts';
import { hasPermission, Permission } from '../permissions.ts';
import { userToApi } from '../serialize.ts';
import { compareSnowflakes } from '../snowflake.ts';
import { type ChannelAccess, channelAccess, messageIn } from './channel-access.ts';
import { botOf, defineRoute, type RestContext, type RouteRequest } from './context.ts';
import { missingAccess, missingPermissions, unknown } from './errors.ts';
import { intParam } from './routes-guilds.ts';

/** Reactions: the bot's own (PUT/DELETE @me), removing others' (Manage Messages) and listing users. */
export function registerReactionRoutes(app: FastifyInstance, ctx: RestContext): void {
  const { state, actions } = ctx;
  const textChannel = (req: RouteRequest): ChannelAccess => channelAccess(state, req, true);

  const emojiParam = (req: RouteRequest): Emoji => {
    const raw = req.params.emoji ?? '';
    try {
      return parseEmoji(raw);
    } catch {
      throw unknown.emoji();
    }
  };

  defineRoute(app, ctx, {
    method: 'PUT',
    url: '/channels/:channelId/messages/:messageId/reactions/:emoji/@me',
    auth: 'bot',
    bucket: 'reactions',
    major: 'channelId',
    handler: (req) => {
      const { channel, permissions } = textChannel(req);
      const bot = botOf(req);
      const message = messageIn(state, channel, req);
      const emoji = emojiParam(req);
      const exists = message.reactions?.some((r) =>
        emoji.id ? r.emoji.id === emoji.id : r.emoji.name === emoji.name,
      );
      if (!hasPermission(permissions, Permission.ReadMessageHistory)) throw missingAccess();
      if (!exists && channel.guildId && !hasPermission(permissions, Permission.AddReactions))
        throw missingPermissions();
      if (actions.addReaction(message, bot.userId, emoji)) {
        ctx.log.record({
          botUserId: bot.userId,
          kind: 'reaction.add',
          guildId: channel.guildId,
          channelId: channel.id,
          messageId: message.id,
          detail: { emoji },
        });
      }
      return undefined;
    },
  });

  defineRoute(app, ctx, {
    method: 'DELETE',
    url: '/channels/:channelId/messages/:messageId/reactions/:emoji/:userId',
    auth: 'bot',
    bucket: 'reactions',
    major: 'channelId',
    handler: (req) => {
      const { channel, permissions } = textChannel(req);
      const bot = botOf(req);
      const userId = req.params.userId === '@me' ? bot.userId : (req.params.userId ?? '');
      if (userId !== bot.userId && !hasPermission(permissions, Permission.ManageMessages))
        throw missingPermissions();
      const message = messageIn(state, channel, req);
      if (actions.removeReaction(message, userId, emojiParam(req))) {
        ctx.log.record({
          botUserId: bot.userId,
          kind: 'reaction.remove',
          guildId: channel.guildId,
          channelId: channel.id,
          messageId: message.id,
          userId,
        });
      }
      return undefined;
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/channels/:channelId/messages/:messageId/reactions/:emoji',
    auth: 'bot',
    bucket: 'reactions.get',
    major: 'channelId',
    handler: (req) => {
      const { channel } = textChannel(req);
      const message = messageIn(state, channel, req);
      const emoji = emojiParam(req);
      const limit = intParam(req, 'limit', 25, 1, 100);
      const after = req.query.get('after') ?? '0';
      const reaction = message.reactions?.find((r) =>
        emoji.id ? r.emoji.id === emoji.id : r.emoji.name === emoji.name,
      );
      return [...(reaction?.userIds ?? [])]
        .sort(compareSnowflakes)
        .filter((id) => compareSnowflakes(id, after) > 0)
        .slice(0, limit)
        .flatMap((id) => {
          const user = state.users.get(id);
          return user ? [userToApi(user)] : [];
        });
    },
  });
}
