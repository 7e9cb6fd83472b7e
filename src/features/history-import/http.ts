import type { FastifyPluginAsync } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { errorResponses } from '../../platform/http/errors.ts';
import { allRequired, eventStreamResponse } from '../../platform/http/schema.ts';
import { guildParams, rowId, snowflake } from '../../platform/http/schemas.ts';
import { openEventStream } from '../../platform/http/sse.ts';
import type { HistoryImportService, TaskView } from './service.ts';

const nullableDate = { type: ['string', 'null'], format: 'date-time' } as const;

const taskProperties = {
  id: { type: 'string' },
  guild_id: { type: 'string' },
  status: { type: 'string', enum: ['pending', 'running', 'completed', 'failed', 'cancelled'] },
  phase: { type: 'string', enum: ['listing', 'fetching', 'done'] },
  channel_ids: { type: ['array', 'null'], items: { type: 'string' } },
  since: nullableDate,
  until: nullableDate,
  anchor_message_id: { type: ['string', 'null'] },
  award_karma: { type: 'boolean' },
  channels_total: { type: 'integer' },
  channels_done: { type: 'integer' },
  channels_skipped: { type: 'integer' },
  messages_fetched: { type: 'integer' },
  messages_processed: { type: 'integer' },
  pages_fetched: { type: 'integer' },
  progress: { type: 'number' },
  percent: { type: 'number' },
  rate_per_second: { type: 'number' },
  eta_seconds: { type: ['integer', 'null'] },
  attempts: { type: 'integer' },
  last_error: { type: ['string', 'null'] },
  requested_by: { type: ['string', 'null'] },
  created_at: { type: 'string', format: 'date-time' },
  started_at: nullableDate,
  updated_at: { type: 'string', format: 'date-time' },
  finished_at: nullableDate,
} as const;

const taskSchema = allRequired({ type: 'object', properties: taskProperties });
const taskDetailSchema = allRequired({
  type: 'object',
  properties: {
    ...taskProperties,
    channels: {
      type: 'array',
      items: allRequired({
        type: 'object',
        properties: {
          channel_id: { type: 'string' },
          parent_id: { type: ['string', 'null'] },
          name: { type: 'string' },
          type: { type: 'integer' },
          status: { type: 'string' },
          messages: { type: 'integer' },
          error: { type: ['string', 'null'] },
        },
      }),
    },
  },
});

const TAGS = ['history'];
const security = [{ bearerAuth: [] }];
const taskParams = {
  type: 'object',
  required: ['guildId', 'taskId'],
  properties: { guildId: snowflake, taskId: rowId },
} as const;

interface StartBody {
  channel_ids?: string[];
  since?: string;
  until?: string;
  anchor_message_id?: string;
  award_karma?: boolean;
}

/**
 * Seed 000's history endpoints (admin): start an import, list and read tasks, cancel one, and follow
 * its progress live over Server-Sent Events.
 */
export function historyImportRoutes(deps: {
  service: HistoryImportService;
  /** How often a progress stream looks at its task. */
  streamIntervalMs?: number;
}): FastifyPluginAsync {
  const { service } = deps;
  return async (app) => {
    const streams = new Set<() => void>();
    app.addHook('onClose', async () => {
      for (const end of [...streams]) end();
    });

    app.post<{ Params: { guildId: string }; Body: StartBody | undefined }>(
      '/fetch/:guildId/start',
      {
        config: { auth: 'admin' },
        schema: {
          tags: TAGS,
          summary: "Start importing a guild's message history (admin); a worker runs it",
          security,
          params: guildParams,
          body: {
            type: ['object', 'null'],
            additionalProperties: false,
            properties: {
              channel_ids: { type: 'array', items: snowflake, maxItems: 500 },
              since: { type: 'string', format: 'date-time' },
              until: { type: 'string', format: 'date-time' },
              anchor_message_id: snowflake,
              award_karma: { type: 'boolean', default: true },
            },
          },
          response: { 201: taskSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const guildId = guildOf(request, request.params.guildId);
        const body = request.body ?? {};
        const task = await service.start(guildId, {
          channelIds: body.channel_ids,
          since: body.since ? new Date(body.since) : undefined,
          until: body.until ? new Date(body.until) : undefined,
          anchorMessageId: body.anchor_message_id,
          awardKarma: body.award_karma,
          requestedBy: request.auth?.userId ?? null,
        });
        return reply.code(201).send(task);
      },
    );

    app.get<{ Params: { guildId: string }; Querystring: { limit: number; before?: string } }>(
      '/history/:guildId/tasks',
      {
        config: { auth: 'admin' },
        schema: {
          tags: TAGS,
          summary: "A guild's history import tasks, newest first, with their progress (admin)",
          security,
          params: guildParams,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
              before: rowId,
            },
          },
          response: {
            200: allRequired({ type: 'object', properties: { tasks: { type: 'array', items: taskSchema } } }),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const guildId = guildOf(request, request.params.guildId);
        return { tasks: await service.list(guildId, request.query.limit, request.query.before) };
      },
    );

    app.get<{ Params: { guildId: string; taskId: string } }>(
      '/history/:guildId/tasks/:taskId',
      {
        config: { auth: 'admin' },
        schema: {
          tags: TAGS,
          summary: 'One history import task with its channels (admin)',
          security,
          params: taskParams,
          response: { 200: taskDetailSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => service.get(guildOf(request, request.params.guildId), request.params.taskId),
    );

    app.post<{ Params: { guildId: string; taskId: string } }>(
      '/history/:guildId/tasks/:taskId/cancel',
      {
        config: { auth: 'admin' },
        schema: {
          tags: TAGS,
          summary: 'Cancel a pending or running history import (admin); what it already counted stays',
          security,
          params: taskParams,
          response: { 200: taskSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => service.cancel(guildOf(request, request.params.guildId), request.params.taskId),
    );

    app.get<{ Params: { guildId: string; taskId: string } }>(
      '/history/:guildId/tasks/:taskId/stream',
      {
        config: { auth: 'admin' },
        schema: {
          tags: TAGS,
          summary:
            'Server-Sent Events: `progress` with the task each time it changes, then `end` when it is finished (admin)',
          security,
          params: taskParams,
          response: { 200: eventStreamResponse, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const guildId = guildOf(request, request.params.guildId);
        const first = await service.get(guildId, request.params.taskId);
        const stream = openEventStream(request, reply);
        let last = '';
        const push = (task: TaskView) => {
          if (task.updated_at === last) return;
          last = task.updated_at;
          stream.send('progress', task);
        };
        push(first);
        const finished = (task: TaskView) => task.status !== 'pending' && task.status !== 'running';
        const end = () => {
          clearInterval(timer);
          streams.delete(end);
          stream.end();
        };
        const timer = setInterval(() => {
          service
            .peek(guildId, request.params.taskId)
            .then((task) => {
              if (!task) return end();
              push(task);
              if (finished(task)) {
                stream.send('end', { status: task.status });
                end();
              }
            })
            .catch(() => undefined);
        }, deps.streamIntervalMs ?? 1000);
        streams.add(end);
        stream.onClose(end);
        if (finished(first)) {
          stream.send('end', { status: first.status });
          end();
        }
      },
    );
  };
}
