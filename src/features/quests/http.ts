import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { allRequired } from '../../platform/http/schema.ts';
import { bearer, errors, guildQuery, rowId, snowflake } from '../../platform/http/schemas.ts';
import { QUEST_STATUSES } from './domain/index.ts';
import type { QuestsService } from './service.ts';

function userOf(request: FastifyRequest): string {
  if (!request.auth) throw new HttpError('UNAUTHENTICATED', 'this route needs a Bearer token');
  return request.auth.userId;
}

const guildOnly = { type: 'object', additionalProperties: false, properties: guildQuery } as const;

/** What a quest is, as the member's list and the guild's overview both show it. */
const questTerms = {
  key: { type: 'string' },
  name: { type: 'string' },
  nameZh: { type: ['string', 'null'] },
  description: { type: 'string' },
  descriptionZh: { type: ['string', 'null'] },
  criterion: { type: 'string' },
  target: { type: 'integer' },
  reward: { type: 'integer' },
} as const;

const questSchema = allRequired({
  type: 'object',
  properties: {
    progressId: { type: 'string' },
    ...questTerms,
    progress: { type: 'integer' },
    status: { type: 'string', enum: [...QUEST_STATUSES] },
    claimable: { type: 'boolean' },
    completedAt: { type: ['string', 'null'] },
    claimedAt: { type: ['string', 'null'] },
  },
});

const listSchema = allRequired({
  type: 'object',
  properties: {
    guildId: { type: 'string' },
    userId: { type: 'string' },
    period: { type: 'string', enum: ['daily', 'weekly'] },
    periodKey: { type: 'string' },
    startsAt: { type: 'string' },
    expiresAt: { type: 'string' },
    quests: { type: 'array', items: questSchema },
  },
  examples: [
    {
      guildId: '123456789012345678',
      userId: '223456789012345678',
      period: 'daily',
      periodKey: '2026-11-25',
      startsAt: '2026-11-25T00:00:00.000Z',
      expiresAt: '2026-11-26T00:00:00.000Z',
      quests: [
        {
          progressId: '42',
          key: 'daily_check_in',
          name: 'Daily Check-in',
          nameZh: '每日報到',
          description: 'Send a message today.',
          descriptionZh: '今天發送一則訊息。',
          criterion: 'messages_sent',
          target: 1,
          progress: 1,
          reward: 10,
          status: 'COMPLETED',
          claimable: true,
          completedAt: '2026-11-25T09:12:00.000Z',
          claimedAt: null,
        },
      ],
    },
  ],
});

const guildQuestSchema = allRequired({
  type: 'object',
  properties: {
    ...questTerms,
    members: {
      type: 'integer',
      description: 'Members who hold the quest this period (assigned on a visit or on activity)',
    },
    inProgress: { type: 'integer' },
    completed: { type: 'integer', description: 'Completed this period, claimed or not' },
    claimed: { type: 'integer' },
  },
} as const);

const guildQuestsSchema = allRequired({
  type: 'object',
  properties: {
    guildId: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    periods: {
      type: 'array',
      items: allRequired({
        type: 'object',
        properties: {
          period: { type: 'string', enum: ['daily', 'weekly'] },
          periodKey: { type: 'string' },
          startsAt: { type: 'string', format: 'date-time' },
          expiresAt: { type: 'string', format: 'date-time' },
          quests: { type: 'array', items: guildQuestSchema },
        },
      }),
    },
  },
} as const);

/** Seed 004's quest API: today's and this week's quests, stats, and claims. */
export function questsRoutes(deps: { quests: QuestsService }): FastifyPluginAsync {
  return async (app) => {
    for (const period of ['daily', 'weekly'] as const) {
      app.get<{ Querystring: { guild_id?: string } }>(
        `/quests/${period}`,
        {
          config: { auth: 'member' },
          schema: {
            tags: ['quests'],
            summary: `The caller's ${period} quests with progress (assigned on first visit or activity)`,
            security: bearer,
            querystring: guildOnly,
            response: { 200: listSchema, ...errors(400, 401, 403) },
          },
        },
        async (request) =>
          deps.quests.list(guildOf(request, request.query.guild_id), userOf(request), period),
      );
    }

    app.get<{ Params: { guildId: string } }>(
      '/guilds/:guildId/quests/active',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['quests'],
          summary:
            "The guild's active quests of the current day and week, with how many members hold, are on, completed and claimed each",
          security: bearer,
          params: {
            type: 'object',
            required: ['guildId'],
            properties: { guildId: snowflake },
          },
          response: { 200: guildQuestsSchema, ...errors(400, 401, 403) },
        },
      },
      async (request) => deps.quests.guild(guildOf(request, request.params.guildId)),
    );

    app.get<{ Querystring: { guild_id?: string } }>(
      '/quests/stats',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['quests'],
          summary: "The caller's quest counts by status, karma claimed and completion rate",
          security: bearer,
          querystring: guildOnly,
          response: {
            200: {
              type: 'object',
              required: [
                'guildId',
                'userId',
                'total',
                'available',
                'inProgress',
                'completed',
                'claimed',
                'expired',
                'claimable',
                'karmaClaimed',
                'completionRate',
              ],
              properties: {
                guildId: { type: 'string' },
                userId: { type: 'string' },
                total: { type: 'integer' },
                available: { type: 'integer' },
                inProgress: { type: 'integer' },
                completed: { type: 'integer' },
                claimed: { type: 'integer' },
                expired: { type: 'integer' },
                claimable: { type: 'integer' },
                karmaClaimed: { type: 'integer' },
                completionRate: { type: 'number' },
              },
            },
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => deps.quests.stats(guildOf(request, request.query.guild_id), userOf(request)),
    );

    app.post<{ Params: { progress_id: string }; Querystring: { guild_id?: string } }>(
      '/quests/:progress_id/claim',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['quests'],
          summary:
            "Claim a completed quest's karma reward (409 when not completed, expired or already claimed)",
          security: bearer,
          params: {
            type: 'object',
            required: ['progress_id'],
            properties: { progress_id: rowId },
          },
          querystring: guildOnly,
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                progressId: { type: 'string' },
                questKey: { type: 'string' },
                status: { type: 'string', enum: ['CLAIMED'] },
                reward: { type: 'integer' },
                paid: { type: 'boolean' },
                total: { type: 'integer' },
                level: { type: 'integer' },
              },
              examples: [
                {
                  progressId: '42',
                  questKey: 'daily_check_in',
                  status: 'CLAIMED',
                  reward: 10,
                  paid: true,
                  total: 1530,
                  level: 6,
                },
              ],
            }),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) =>
        deps.quests.claim(
          guildOf(request, request.query.guild_id),
          userOf(request),
          request.params.progress_id,
        ),
    );
  };
}
