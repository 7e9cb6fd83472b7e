import type { FastifyInstance } from 'fastify';
import { isRecord, optNumber } from '../json.ts';
import { parseMessageBody } from '../message-body.ts';
import { messageToApi } from '../serialize.ts';
import { Answer, defineRoute, type RestContext } from './context.ts';
import { invalidField } from './errors.ts';

/** Interaction callbacks and the interaction webhook (follow-ups, @original); all authenticated by token. */
export function registerInteractionRoutes(app: FastifyInstance, ctx: RestContext): void {
  const { state, interactions } = ctx;

  defineRoute(app, ctx, {
    method: 'POST',
    url: '/interactions/:interactionId/:token/callback',
    auth: 'none',
    bucket: 'interactions.callback',
    major: 'interactionId',
    exemptGlobal: true,
    handler: (req) => {
      const body = isRecord(req.body) ? req.body : {};
      const type = optNumber(body.type);
      if (type === undefined) throw invalidField(['type'], 'BASE_TYPE_REQUIRED', 'This field is required');
      const data = isRecord(body.data) ? body.data : null;
      // Modals and autocomplete carry no message; every other type's data is a message body.
      const message =
        type === 9 || type === 8
          ? {}
          : parseMessageBody(state, data ?? {}, req.files, { requireSomething: type === 4 });
      const response = interactions.responses.callback(
        req.params.interactionId ?? '',
        req.params.token ?? '',
        type,
        data,
        message,
      );
      return req.query.get('with_response') === 'true' ? new Answer(200, response) : undefined;
    },
  });

  defineRoute(app, ctx, {
    method: 'POST',
    url: '/webhooks/:appId/:token',
    auth: 'none',
    bucket: 'webhooks',
    major: 'token',
    exemptGlobal: true,
    handler: (req) => {
      const body = parseMessageBody(state, req.body, req.files);
      const message = interactions.responses.followup(req.params.appId ?? '', req.params.token ?? '', body);
      return req.query.get('wait') === 'false' ? undefined : messageToApi(state, message);
    },
  });

  defineRoute(app, ctx, {
    method: 'GET',
    url: '/webhooks/:appId/:token/messages/:messageId',
    auth: 'none',
    bucket: 'webhooks',
    major: 'token',
    exemptGlobal: true,
    handler: (req) =>
      messageToApi(
        state,
        interactions.responses.getMessage(
          req.params.appId ?? '',
          req.params.token ?? '',
          req.params.messageId ?? '',
        ),
      ),
  });

  defineRoute(app, ctx, {
    method: 'PATCH',
    url: '/webhooks/:appId/:token/messages/:messageId',
    auth: 'none',
    bucket: 'webhooks',
    major: 'token',
    exemptGlobal: true,
    handler: (req) => {
      const body = parseMessageBody(state, req.body, req.files, { requireSomething: false });
      const message = interactions.responses.editMessage(
        req.params.appId ?? '',
        req.params.token ?? '',
        req.params.messageId ?? '',
        body,
      );
      return messageToApi(state, message);
    },
  });

  defineRoute(app, ctx, {
    method: 'DELETE',
    url: '/webhooks/:appId/:token/messages/:messageId',
    auth: 'none',
    bucket: 'webhooks',
    major: 'token',
    exemptGlobal: true,
    handler: (req) => {
      interactions.responses.deleteMessage(
        req.params.appId ?? '',
        req.params.token ?? '',
        req.params.messageId ?? '',
      );
      return undefined;
    },
  });
}
