import type { FastifyPluginAsync } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import type { Db } from '../../platform/db/port.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { allRequired } from '../../platform/http/schema.ts';
import { queryStats, type StatsTotals } from './repository.ts';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;
const snowflake = { type: 'string', pattern: '^[0-9]{1,20}$' } as const;
const date = { type: 'string', format: 'date' } as const;

const totals = {
  messages: { type: 'integer' },
  words: { type: 'integer' },
  attachments: { type: 'integer' },
  edits: { type: 'integer' },
  deletions: { type: 'integer' },
  reactions: { type: 'integer' },
} as const;

interface StatsQuerystring {
  from?: string;
  to?: string;
  channel_id?: string;
  user_id?: string;
  limit?: number;
}

/** Seed 000/001's activity statistics: totals, per day, per channel and per member over a range. */
export function activityRoutes(deps: { db: Db }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { guildId: string }; Querystring: StatsQuerystring }>(
      '/guilds/:guildId/stats',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['activity'],
          summary: 'Message statistics of a guild over a date range (UTC days), by day, channel and member',
          security: [{ bearerAuth: [] }],
          params: { type: 'object', required: ['guildId'], properties: { guildId: snowflake } },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              from: { ...date, description: 'first day, default 29 days before `to`' },
              to: { ...date, description: 'last day, default today' },
              channel_id: snowflake,
              user_id: snowflake,
              limit: {
                type: 'integer',
                minimum: 1,
                maximum: 100,
                default: 10,
                description: 'top channels and members',
              },
            },
          },
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                guildId: { type: 'string' },
                from: { type: 'string' },
                to: { type: 'string' },
                totals: allRequired({
                  type: 'object',
                  properties: { ...totals, activeMembers: { type: 'integer' } },
                }),
                byDay: {
                  type: 'array',
                  items: allRequired({ type: 'object', properties: { day: { type: 'string' }, ...totals } }),
                },
                byChannel: {
                  type: 'array',
                  items: allRequired({
                    type: 'object',
                    properties: {
                      channelId: { type: 'string' },
                      name: { type: ['string', 'null'] },
                      ...totals,
                    },
                  }),
                },
                byUser: {
                  type: 'array',
                  items: allRequired({
                    type: 'object',
                    properties: {
                      userId: { type: 'string' },
                      username: { type: ['string', 'null'] },
                      displayName: { type: ['string', 'null'] },
                      ...totals,
                    },
                  }),
                },
              },
            }),
          },
        },
      },
      async (request) => {
        const guildId = guildOf(request, request.params.guildId);
        const to = request.query.to ?? new Date().toISOString().slice(0, 10);
        const from = request.query.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
        if (from > to)
          throw new HttpError('VALIDATION_FAILED', 'querystring from must not be after to', 'from');
        if ((Date.parse(to) - Date.parse(from)) / DAY_MS > MAX_RANGE_DAYS) {
          throw new HttpError(
            'VALIDATION_FAILED',
            `querystring range must be at most ${MAX_RANGE_DAYS} days`,
            'from',
          );
        }
        const result = await queryStats(deps.db, {
          guildId,
          from,
          to,
          channelId: request.query.channel_id,
          userId: request.query.user_id,
          limit: request.query.limit ?? 10,
        });
        const pick = (r: StatsTotals) => ({
          messages: r.messages,
          words: r.words,
          attachments: r.attachments,
          edits: r.edits,
          deletions: r.deletions,
          reactions: r.reactions,
        });
        return {
          guildId,
          from,
          to,
          totals: result.totals
            ? { ...pick(result.totals), activeMembers: result.totals.active_members }
            : {
                messages: 0,
                words: 0,
                attachments: 0,
                edits: 0,
                deletions: 0,
                reactions: 0,
                activeMembers: 0,
              },
          byDay: result.byDay.map((r) => ({ day: r.day, ...pick(r) })),
          byChannel: result.byChannel.map((r) => ({ channelId: r.channel_id, name: r.name, ...pick(r) })),
          byUser: result.byUser.map((r) => ({
            userId: r.user_id,
            username: r.username,
            displayName: r.display_name,
            ...pick(r),
          })),
        };
      },
    );
  };
}
