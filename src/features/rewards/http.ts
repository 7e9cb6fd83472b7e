import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { bearer, errors, guildParams } from '../../platform/http/schemas.ts';
import { openObject } from './http-schemas.ts';
import { settingsResponseSchema } from './settings-schema.ts';
import type { SettingsService } from './settings-service.ts';

function userOf(request: FastifyRequest): string {
  if (!request.auth) throw new HttpError('UNAUTHENTICATED', 'this route needs a Bearer token');
  return request.auth.userId;
}

/** A guild's reward settings, every section in one document (admin). */
export function rewardsSettingsRoutes(deps: { settings: SettingsService }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { guildId: string } }>(
      '/guilds/:guildId/settings/karma',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['karma'],
          summary:
            "The guild's karma rules, level curve, role rewards, announcements, quests and achievements (admin)",
          security: bearer,
          params: guildParams,
          response: { 200: settingsResponseSchema, ...errors(401, 403) },
        },
      },
      async (request) => deps.settings.get(guildOf(request, request.params.guildId)),
    );

    app.put<{ Params: { guildId: string }; Body: Record<string, unknown> }>(
      '/guilds/:guildId/settings/karma',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['karma'],
          summary:
            'Change sections of the karma settings (admin); each given section replaces the stored one',
          description:
            'Sections: `karma` (rules), `levels` (curve, maxLevel, titles, privilegeUnlocks, roleRewards, roleRewardMode), `announcements` (mode off|channel|current_channel|dm, channelId, template, minLevel), `leaderboard` ({public}), `quests` (the whole catalog), `achievements` (the whole catalog). A 400 names the first invalid field, e.g. `levels.curve.coefficients`.',
          security: bearer,
          params: guildParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              karma: openObject,
              levels: openObject,
              announcements: openObject,
              leaderboard: openObject,
              // The catalogs' own limits, checked before any item is read.
              quests: { type: 'array', items: openObject, maxItems: 100 },
              achievements: { type: 'array', items: openObject, maxItems: 500 },
            },
            examples: [
              { levels: { curve: { kind: 'linear', step: 500 }, roleRewards: [{ level: 5, roleId: '1' }] } },
            ],
          },
          response: { 200: settingsResponseSchema, ...errors(400, 401, 403) },
        },
      },
      async (request) =>
        deps.settings.update(guildOf(request, request.params.guildId), request.body, userOf(request)),
    );
  };
}
