import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { allRequired } from '../../platform/http/schema.ts';
import { bearer, errors, guildQuery, pageQuery, snowflake } from '../../platform/http/schemas.ts';
import { KARMA_SOURCES } from './domain/index.ts';
import type { KarmaService } from './service.ts';

const DAY_MS = 86_400_000;
const MAX_HISTORY_DAYS = 366;
const date = { type: 'string', format: 'date' } as const;

function userOf(request: FastifyRequest): string {
  const auth = request.auth;
  if (!auth) throw new HttpError('UNAUTHENTICATED', 'this route needs a Bearer token');
  return auth.userId;
}

const bySource = allRequired({
  type: 'object',
  properties: Object.fromEntries(KARMA_SOURCES.map((s) => [s, { type: 'integer' }])),
});

const summarySchema = allRequired({
  type: 'object',
  properties: {
    guildId: { type: 'string' },
    userId: { type: 'string' },
    total: { type: 'integer' },
    level: { type: 'integer' },
    title: { type: 'string' },
    rank: { type: ['integer', 'null'] },
    rankedMembers: { type: 'integer' },
    currentStreak: { type: 'integer' },
    longestStreak: { type: 'integer' },
    lastActiveDay: { type: ['string', 'null'] },
    earnedToday: { type: 'integer' },
    earnedThisWeek: { type: 'integer' },
    bySource,
    counters: allRequired({
      type: 'object',
      properties: Object.fromEntries(
        [
          'messages',
          'replies',
          'attachments',
          'reactionsGiven',
          'reactionsReceived',
          'voiceMinutes',
          'questsCompleted',
          'achievements',
        ].map((k) => [k, { type: 'integer' }]),
      ),
    }),
  },
  examples: [
    {
      guildId: '123456789012345678',
      userId: '223456789012345678',
      total: 1520,
      level: 6,
      title: 'Newcomer',
      rank: 12,
      rankedMembers: 840,
      currentStreak: 4,
      longestStreak: 9,
      lastActiveDay: '2026-11-25',
      earnedToday: 85,
      earnedThisWeek: 410,
      bySource: { message: 1300, reaction: 60, voice: 0, quest: 120, achievement: 40, admin: 0, import: 0 },
      counters: {
        messages: 70,
        replies: 8,
        attachments: 3,
        reactionsGiven: 25,
        reactionsReceived: 18,
        voiceMinutes: 0,
        questsCompleted: 6,
        achievements: 3,
      },
    },
  ],
});

const ledgerItem = allRequired({
  type: 'object',
  properties: {
    source: { type: 'string', enum: [...KARMA_SOURCES] },
    sourceId: { type: 'string' },
    delta: { type: 'integer' },
    reason: { type: 'string' },
    actorId: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
});

/** Seed 004's karma API: a member's summary, log and history; admin adjustments. */
export function karmaRoutes(deps: { karma: KarmaService }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { guild_id?: string } }>(
      '/karma/summary',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['karma'],
          summary: "The caller's karma: total, level, rank, streaks, earnings by source and counters",
          security: bearer,
          querystring: { type: 'object', additionalProperties: false, properties: guildQuery },
          response: { 200: summarySchema, ...errors(400, 401, 403) },
        },
      },
      async (request) => deps.karma.summary(guildOf(request, request.query.guild_id), userOf(request)),
    );

    app.get<{ Querystring: { guild_id?: string; page: number; limit: number } }>(
      '/karma/logs',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['karma'],
          summary: "The caller's karma ledger, newest first, paged",
          security: bearer,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { ...guildQuery, ...pageQuery },
          },
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                page: { type: 'integer' },
                limit: { type: 'integer' },
                total: { type: 'integer' },
                items: { type: 'array', items: ledgerItem },
              },
              examples: [
                {
                  page: 1,
                  limit: 20,
                  total: 1,
                  items: [
                    {
                      source: 'message',
                      sourceId: '1300000000000000001',
                      delta: 19,
                      reason: 'message',
                      actorId: null,
                      createdAt: '2026-11-25T12:00:00.000Z',
                    },
                  ],
                },
              ],
            }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) =>
        deps.karma.logs(
          guildOf(request, request.query.guild_id),
          userOf(request),
          request.query.page,
          request.query.limit,
        ),
    );

    app.get<{ Querystring: { guild_id?: string; from?: string; to?: string } }>(
      '/karma/history',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['karma'],
          summary: 'Karma the caller earned per UTC day over a range (default: the last 30 days)',
          security: bearer,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              ...guildQuery,
              from: { ...date, description: 'first day, default 29 days before `to`' },
              to: { ...date, description: 'last day, default today (UTC)' },
            },
          },
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                from: { type: 'string' },
                to: { type: 'string' },
                total: { type: 'integer' },
                days: {
                  type: 'array',
                  items: allRequired({
                    type: 'object',
                    properties: {
                      day: { type: 'string' },
                      karma: { type: 'integer' },
                      events: { type: 'integer' },
                    },
                  }),
                },
              },
            }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const guildId = guildOf(request, request.query.guild_id);
        const to = request.query.to ?? new Date().toISOString().slice(0, 10);
        const from = request.query.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
        if (from > to)
          throw new HttpError('VALIDATION_FAILED', 'querystring from must not be after to', 'from');
        if ((Date.parse(to) - Date.parse(from)) / DAY_MS >= MAX_HISTORY_DAYS) {
          throw new HttpError(
            'VALIDATION_FAILED',
            `the range must be at most ${MAX_HISTORY_DAYS} days`,
            'from',
          );
        }
        return deps.karma.history(guildId, userOf(request), from, to);
      },
    );

    app.post<{
      Body: { guild_id?: string; user_id: string; delta: number; reason: string; idempotency_key?: string };
    }>(
      '/karma/adjust',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['karma'],
          summary: 'Add or remove karma from a member, with a reason (admin); idempotent by key',
          security: bearer,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['user_id', 'delta', 'reason'],
            properties: {
              ...guildQuery,
              user_id: snowflake,
              delta: {
                type: 'integer',
                minimum: -1_000_000_000,
                maximum: 1_000_000_000,
                description: "positive to give, negative to take; the guild's rules bound it further",
                examples: [50],
              },
              reason: { type: 'string', minLength: 1, maxLength: 1000, examples: ['won the art contest'] },
              idempotency_key: {
                type: 'string',
                minLength: 8,
                maxLength: 100,
                pattern: '^[A-Za-z0-9:_-]+$',
                description: 'repeat a request with the same key and it is applied once',
              },
            },
          },
          response: {
            200: {
              type: 'object',
              required: ['adjustmentId', 'applied', 'total', 'level'],
              properties: {
                adjustmentId: { type: 'string' },
                applied: { type: 'boolean' },
                total: { type: 'integer' },
                level: { type: 'integer' },
              },
              examples: [{ adjustmentId: 'contest-2026-11', applied: true, total: 1570, level: 6 }],
            },
            ...errors(400, 401, 403, 409),
          },
        },
      },
      async (request) =>
        deps.karma.adjust({
          guildId: guildOf(request, request.body.guild_id),
          userId: request.body.user_id,
          delta: request.body.delta,
          reason: request.body.reason,
          actorId: userOf(request),
          idempotencyKey: request.body.idempotency_key,
        }),
    );
  };
}
