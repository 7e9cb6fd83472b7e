import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { allRequired } from '../../platform/http/schema.ts';
import { bearer, errors, guildQuery, snowflake } from '../../platform/http/schemas.ts';
import type { AchievementsService } from './service.ts';

function userOf(request: FastifyRequest): string {
  if (!request.auth) throw new HttpError('UNAUTHENTICATED', 'this route needs a Bearer token');
  return request.auth.userId;
}

const listSchema = allRequired({
  type: 'object',
  properties: {
    guildId: { type: 'string' },
    userId: { type: 'string' },
    unlocked: { type: 'integer' },
    total: { type: 'integer' },
    achievements: {
      type: 'array',
      items: allRequired({
        type: 'object',
        properties: {
          key: { type: 'string' },
          name: { type: 'string' },
          nameZh: { type: ['string', 'null'] },
          description: { type: 'string' },
          descriptionZh: { type: ['string', 'null'] },
          karmaReward: { type: 'integer' },
          hidden: { type: 'boolean' },
          unlocked: { type: 'boolean' },
          unlockedAt: { type: ['string', 'null'] },
          current: { type: 'integer' },
          target: { type: 'integer' },
          fraction: { type: 'number' },
        },
      }),
    },
  },
  examples: [
    {
      guildId: '123456789012345678',
      userId: '223456789012345678',
      unlocked: 1,
      total: 24,
      achievements: [
        {
          key: 'first_message',
          name: 'First Words',
          nameZh: '初次發言',
          description: 'Send your first message.',
          descriptionZh: '發送第一則訊息。',
          karmaReward: 10,
          hidden: false,
          unlocked: true,
          unlockedAt: '2026-11-25T09:12:00.000Z',
          current: 70,
          target: 1,
          fraction: 1,
        },
      ],
    },
  ],
});

/** Seed 001's achievements: mine, and any member's of the same guild. */
export function achievementsRoutes(deps: { achievements: AchievementsService }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { guild_id?: string } }>(
      '/achievements',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['achievements'],
          summary: "The guild's achievements with the caller's progress and unlocks",
          security: bearer,
          querystring: { type: 'object', additionalProperties: false, properties: guildQuery },
          response: { 200: listSchema, ...errors(400, 401, 403) },
        },
      },
      async (request) => deps.achievements.list(guildOf(request, request.query.guild_id), userOf(request)),
    );

    app.get<{ Params: { id: string }; Querystring: { guild_id?: string } }>(
      '/users/:id/achievements',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['achievements'],
          summary: "A member's achievements in a guild the caller belongs to (seed 001)",
          security: bearer,
          params: { type: 'object', required: ['id'], properties: { id: snowflake } },
          querystring: { type: 'object', additionalProperties: false, properties: guildQuery },
          response: { 200: listSchema, ...errors(400, 401, 403) },
        },
      },
      async (request) => deps.achievements.list(guildOf(request, request.query.guild_id), request.params.id),
    );
  };
}
