import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { allRequired } from '../../platform/http/schema.ts';
import { bearer, errors, guildQuery, limit, page } from '../../platform/http/schemas.ts';
import { levelInfo, openObject, progressSchema } from '../rewards/http-schemas.ts';
import { settingsSectionSchemas } from '../rewards/settings-schema.ts';
import { decodeCursor } from './domain/index.ts';
import { type LevelsService, SEARCH_MAX } from './service.ts';

const levelSettingsSchema = settingsSectionSchemas.levels as { properties: Record<string, unknown> };

function userOf(request: FastifyRequest): string {
  if (!request.auth) throw new HttpError('UNAUTHENTICATED', 'this route needs a Bearer token');
  return request.auth.userId;
}

const guildOnly = { type: 'object', additionalProperties: false, properties: guildQuery } as const;

const levelRow = allRequired({
  type: 'object',
  properties: {
    level: { type: 'integer' },
    requiredKarma: { type: 'integer', description: 'cumulative karma needed to reach the level' },
    title: { type: 'string' },
    titleKey: { type: ['string', 'null'] },
    privileges: { type: 'array', items: { type: 'string' } },
    roleRewardId: { type: ['string', 'null'] },
  },
});

const leaderboardItem = allRequired({
  type: 'object',
  properties: {
    rank: { type: 'integer' },
    userId: { type: 'string' },
    username: { type: ['string', 'null'] },
    displayName: { type: ['string', 'null'] },
    avatar: { type: ['string', 'null'] },
    karma: { type: 'integer' },
    level: { type: 'integer' },
    title: { type: 'string' },
    progress: progressSchema,
  },
});

/** Seed 004's level API: my level, rank and next milestone, the leaderboard, the level table. */
export function levelsRoutes(deps: { levels: LevelsService }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { guild_id?: string } }>(
      '/levels/me',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['levels'],
          summary: "The caller's level, title, privileges and progress toward the next level",
          security: bearer,
          querystring: guildOnly,
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                guildId: { type: 'string' },
                userId: { type: 'string' },
                karma: { type: 'integer' },
                level: { type: 'integer' },
                title: { type: 'string' },
                titleKey: { type: ['string', 'null'] },
                privileges: { type: 'array', items: { type: 'string' } },
                maxLevel: { type: 'integer' },
                progress: progressSchema,
                next: { anyOf: [levelInfo, { type: 'null' }] },
              },
              examples: [
                {
                  guildId: '123456789012345678',
                  userId: '223456789012345678',
                  karma: 1520,
                  level: 6,
                  title: 'Newcomer',
                  titleKey: 'levels.title.newcomer',
                  privileges: ['attach_files', 'embed_links', 'use_external_emojis', 'use_external_stickers'],
                  maxLevel: 100,
                  progress: {
                    currentRequired: 1235,
                    nextRequired: 1765,
                    intoLevel: 285,
                    remaining: 245,
                    fraction: 0.54,
                    percent: 53,
                  },
                  next: { level: 7, title: 'Newcomer', requiredKarma: 1765 },
                },
              ],
            }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => deps.levels.me(guildOf(request, request.query.guild_id), userOf(request)),
    );

    app.get<{
      Querystring: { guild_id?: string; page: number; limit: number; cursor?: string; q?: string };
    }>(
      '/levels/leaderboard',
      {
        schema: {
          tags: ['levels'],
          summary: 'The guild leaderboard, paged; public when the guild allows it, else for members',
          description:
            "Without a token, `guild_id` must name a guild whose leaderboard is public. Deep pages: pass the previous answer's `nextCursor` as `cursor` (a keyset, no OFFSET). `q` searches names: only members whose display name or username contains it (case-insensitive), each with its rank on the whole leaderboard, paged with `page` (`total` counts the matches; no cursor). Every item carries its progress toward the next level.",
          security: [{ bearerAuth: [] }, {}],
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              ...guildQuery,
              page,
              limit: limit(100, 10),
              cursor: { type: 'string', maxLength: 60 },
              q: {
                type: 'string',
                maxLength: SEARCH_MAX,
                description: 'Part of a display name or username, case-insensitive; not blank',
              },
            },
          },
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                guildId: { type: 'string' },
                page: { type: 'integer' },
                limit: { type: 'integer' },
                total: { type: 'integer' },
                source: { type: 'string', enum: ['hot', 'database'] },
                items: { type: 'array', items: leaderboardItem },
                nextCursor: { type: ['string', 'null'] },
                query: { type: ['string', 'null'], description: 'The name searched for (trimmed), or null' },
              },
            }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => {
        const { guild_id: explicit, page, limit } = request.query;
        let query: string | undefined;
        if (request.query.q !== undefined) {
          query = request.query.q.trim();
          if (query === '') throw new HttpError('VALIDATION_FAILED', 'querystring q is blank', 'q');
          if (request.query.cursor !== undefined)
            throw new HttpError('VALIDATION_FAILED', 'a name search pages with page, not cursor', 'cursor');
        }
        let cursor: ReturnType<typeof decodeCursor> | undefined;
        if (request.query.cursor !== undefined) {
          cursor = decodeCursor(request.query.cursor);
          if (!cursor)
            throw new HttpError(
              'VALIDATION_FAILED',
              'querystring cursor is not a cursor this API gave',
              'cursor',
            );
        }
        let guildId: string;
        if (explicit !== undefined && (await deps.levels.isLeaderboardPublic(explicit))) {
          guildId = explicit;
        } else if (!request.auth) {
          throw new HttpError(
            'UNAUTHENTICATED',
            explicit === undefined
              ? 'this route needs a Bearer token, or guild_id of a guild whose leaderboard is public'
              : "this guild's leaderboard is not public: it needs a member's token",
          );
        } else {
          guildId = guildOf(request, explicit);
        }
        return deps.levels.leaderboard(guildId, { page, limit, cursor: cursor ?? undefined, query });
      },
    );

    app.get<{ Querystring: { guild_id?: string } }>(
      '/levels/me/rank',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['levels'],
          summary: "The caller's rank on the guild leaderboard",
          security: bearer,
          querystring: guildOnly,
          response: {
            200: {
              type: 'object',
              required: ['guildId', 'userId', 'rank', 'total', 'karma', 'level', 'percentile', 'source'],
              properties: {
                guildId: { type: 'string' },
                userId: { type: 'string' },
                rank: { type: ['integer', 'null'] },
                total: { type: 'integer' },
                karma: { type: 'integer' },
                level: { type: 'integer' },
                percentile: { type: ['number', 'null'] },
                source: { type: 'string', enum: ['hot', 'database'] },
              },
            },
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => deps.levels.rank(guildOf(request, request.query.guild_id), userOf(request)),
    );

    app.get<{ Querystring: { guild_id?: string } }>(
      '/levels/me/next-milestone',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['levels'],
          summary:
            'The next level that brings a new title, role reward or privilege (null when none is left)',
          security: bearer,
          querystring: guildOnly,
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                guildId: { type: 'string' },
                userId: { type: 'string' },
                karma: { type: 'integer' },
                level: { type: 'integer' },
                milestone: {
                  anyOf: [
                    allRequired(
                      {
                        type: 'object',
                        properties: {
                          level: { type: 'integer' },
                          requiredKarma: { type: 'integer' },
                          remaining: { type: 'integer' },
                          reasons: {
                            type: 'array',
                            items: { type: 'string', enum: ['title', 'role', 'privilege'] },
                          },
                          title: { type: 'string' },
                          newPrivileges: { type: 'array', items: { type: 'string' } },
                          roleRewardId: { type: 'string' },
                        },
                      },
                      'roleRewardId',
                    ),
                    { type: 'null' },
                  ],
                },
              },
            }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => deps.levels.nextMilestone(guildOf(request, request.query.guild_id), userOf(request)),
    );

    app.get<{ Querystring: { guild_id?: string } }>(
      '/levels/table',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['levels'],
          summary:
            "The guild's level table: required karma, title, privileges and role reward per level (admin)",
          security: bearer,
          querystring: guildOnly,
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                guildId: { type: 'string' },
                curve: levelSettingsSchema.properties.curve,
                maxLevel: { type: 'integer' },
                roleRewardMode: levelSettingsSchema.properties.roleRewardMode,
                levels: { type: 'array', items: levelRow },
              },
            }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => deps.levels.table(guildOf(request, request.query.guild_id)),
    );

    app.post<{ Body: Record<string, unknown> }>(
      '/levels/table/preview',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['levels'],
          summary: 'The level table a level configuration would give, without saving it (admin)',
          security: bearer,
          body: {
            ...openObject,
            examples: [{ curve: { kind: 'polynomial', coefficients: [0, 100, 20] }, maxLevel: 100 }],
          },
          response: {
            200: allRequired({ type: 'object', properties: { levels: { type: 'array', items: levelRow } } }),
            ...errors(400, 401, 403),
          },
        },
      },
      async (request) => ({
        levels: deps.levels
          .preview(request.body)
          .map((row) => ({ ...row, roleRewardId: row.roleRewardId ?? null })),
      }),
    );
  };
}
