import type { FastifyInstance } from 'fastify';
import { isRecord, stringArray } from '../json.ts';
import { extractMentions, parseMessageBody } from '../message-body.ts';
import { hasPermission, Permission } from '../permissions.ts';
import { channelToApi, type Wire } from '../serialize.ts';
import { isSnowflake } from '../snowflake.ts';
import type { SimChannel, SimMessage } from '../types.ts';
import { botView, type ChannelAccess, channelAccess, messageIn } from './channel-access.ts';
import { botOf, defineRoute, type RestContext, type RouteRequest } from './context.ts';
import { DiscordHttpError, ErrorCode, invalidField, missingAccess, missingPermissions } from './errors.ts';
import { intParam } from './routes-guilds.ts';

export function registerMessageRoutes(app: FastifyInstance, ctx: RestContext): void {
  const { state, actions } = ctx;

  const visibleChannel = (req: RouteRequest): ChannelAccess => channelAccess(state, req, false);
  const textChannel = (req: RouteRequest): ChannelAccess => channelAccess(state, req, true);
  const messageOf = (channel: SimChannel, req: RouteRequest): SimMessage => messageIn(state, channel, req);
  const view = (req: RouteRequest, m: SimMessage): Wire => botView(state, req, m);

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/channels/:channelId',
    auth: 'bot',
    bucket: 'channels.get',
    major: 'channelId',
    handler: (req) => channelToApi(state, visibleChannel(req).channel),
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/channels/:channelId/messages',
    auth: 'bot',
    bucket: 'messages.history',
    major: 'channelId',
    handler: (req) => {
      const { channel, permissions } = textChannel(req);
      const limit = intParam(req, 'limit', 50, 1, 100);
      const anchors: Record<string, string> = {};
      for (const key of ['around', 'before', 'after'] as const) {
        const value = req.query.get(key);
        if (value === null) continue;
        if (!isSnowflake(value))
          throw invalidField([key], 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`);
        anchors[key] = value;
      }
      // Without Read Message History Discord answers with an empty page rather than an error.
      if (!hasPermission(permissions, Permission.ReadMessageHistory)) return [];
      const query = anchors.around
        ? { limit, around: anchors.around }
        : anchors.before
          ? { limit, before: anchors.before }
          : anchors.after
            ? { limit, after: anchors.after }
            : { limit };
      return state.messages.history(channel.id, query).map((m) => view(req, m));
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/channels/:channelId/messages/:messageId',
    auth: 'bot',
    bucket: 'messages.get',
    major: 'channelId',
    handler: (req) => {
      const { channel, permissions } = textChannel(req);
      if (!hasPermission(permissions, Permission.ReadMessageHistory)) throw missingAccess();
      return view(req, messageOf(channel, req));
    },
  });

  defineRoute(app, ctx, {
    method: 'POST',
    url: '/channels/:channelId/messages',
    auth: 'bot',
    bucket: 'messages.create',
    major: 'channelId',
    handler: (req) => {
      const { channel, permissions } = textChannel(req);
      const bot = botOf(req);
      const send = channel.thread ? Permission.SendMessagesInThreads : Permission.SendMessages;
      if (channel.guildId && !hasPermission(permissions, send)) throw missingPermissions();
      if (channel.thread?.locked) throw missingPermissions();
      const body = parseMessageBody(state, req.body, req.files);
      if (
        body.reference &&
        !state.messages.get(body.reference.channelId ?? channel.id, body.reference.messageId)
      ) {
        throw invalidField(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
      }
      const mentions = extractMentions(state, body.content ?? '', channel.guildId);
      if (channel.thread?.archived) channel.thread.archived = false;
      const message = actions.createMessage({
        channelId: channel.id,
        authorId: bot.userId,
        ...(body.content !== undefined ? { content: body.content } : {}),
        ...(body.embeds ? { embeds: body.embeds } : {}),
        ...(body.components ? { components: body.components } : {}),
        ...(body.attachments ? { attachments: body.attachments } : {}),
        ...(body.tts ? { tts: true } : {}),
        ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
        ...(body.flags !== undefined ? { flags: body.flags & ~64 } : {}),
        ...(body.reference
          ? {
              type: 19,
              reference: {
                messageId: body.reference.messageId,
                channelId: body.reference.channelId ?? channel.id,
                guildId: channel.guildId,
              },
            }
          : {}),
        mentionIds: mentions.userIds,
        mentionRoleIds: mentions.roleIds,
        mentionEveryone: mentions.everyone && hasPermission(permissions, Permission.MentionEveryone),
      });
      ctx.log.record({
        botUserId: bot.userId,
        kind: 'message.create',
        guildId: channel.guildId,
        channelId: channel.id,
        messageId: message.id,
      });
      return view(req, message);
    },
  });

  defineRoute(app, ctx, {
    method: 'PATCH',
    url: '/channels/:channelId/messages/:messageId',
    auth: 'bot',
    bucket: 'messages.edit',
    major: 'channelId',
    handler: (req) => {
      const { channel } = textChannel(req);
      const bot = botOf(req);
      const message = messageOf(channel, req);
      if (message.authorId !== bot.userId) {
        throw new DiscordHttpError(
          403,
          ErrorCode.CannotEditOthersMessage,
          'Cannot edit a message authored by another user',
        );
      }
      const body = parseMessageBody(state, req.body, req.files, { requireSomething: false });
      actions.editMessage(message, {
        ...(body.content !== undefined ? { content: body.content } : {}),
        ...(body.embeds !== undefined ? { embeds: body.embeds } : {}),
        ...(body.components !== undefined ? { components: body.components } : {}),
        ...(body.attachments !== undefined ? { attachments: body.attachments } : {}),
      });
      ctx.log.record({
        botUserId: bot.userId,
        kind: 'message.edit',
        guildId: channel.guildId,
        channelId: channel.id,
        messageId: message.id,
      });
      return view(req, message);
    },
  });

  defineRoute(app, ctx, {
    method: 'DELETE',
    url: '/channels/:channelId/messages/:messageId',
    auth: 'bot',
    bucket: 'messages.delete',
    major: 'channelId',
    handler: (req) => {
      const { channel, permissions } = textChannel(req);
      const bot = botOf(req);
      const message = messageOf(channel, req);
      if (message.authorId !== bot.userId && !hasPermission(permissions, Permission.ManageMessages))
        throw missingPermissions();
      actions.deleteMessage(channel.id, message.id);
      ctx.log.record({
        botUserId: bot.userId,
        kind: 'message.delete',
        guildId: channel.guildId,
        channelId: channel.id,
        messageId: message.id,
      });
      return undefined;
    },
  });

  defineRoute(app, ctx, {
    method: 'POST',
    url: '/channels/:channelId/messages/bulk-delete',
    auth: 'bot',
    bucket: 'messages.bulk-delete',
    major: 'channelId',
    handler: (req) => {
      const { channel, permissions } = textChannel(req);
      if (!hasPermission(permissions, Permission.ManageMessages)) throw missingPermissions();
      const ids = isRecord(req.body) ? stringArray(req.body.messages) : undefined;
      if (!ids || ids.length < 2 || ids.length > 100) {
        throw invalidField(['messages'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 2 and 100 in length.');
      }
      for (const id of ids) {
        if (actions.deleteMessage(channel.id, id)) {
          ctx.log.record({
            botUserId: botOf(req).userId,
            kind: 'message.delete',
            guildId: channel.guildId,
            channelId: channel.id,
            messageId: id,
          });
        }
      }
      return undefined;
    },
  });
}
