import type { FastifyPluginAsync } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { errorResponses, HttpError } from '../../platform/http/errors.ts';
import { allRequired } from '../../platform/http/schema.ts';
import { guildParams, snowflake } from '../../platform/http/schemas.ts';
import type { SyncService } from './service.ts';

/** The guild routes' path: a guild's id. */
/** One guild's list of `key` (channels, roles): `{ guildId, [key]: [...] }`. */
function guildList(key: string, item: Record<string, object>, examples?: readonly object[]) {
  return allRequired({
    type: 'object',
    properties: {
      guildId: { type: 'string' },
      [key]: { type: 'array', items: allRequired({ type: 'object', properties: item }) },
    },
    ...(examples ? { examples } : {}),
  });
}

/**
 * `GET /guilds`: the guilds a token covers; `GET /guilds/{guildId}/channels` and `/roles`: one
 * guild's channels and roles; `POST /sync`: asks a worker to refresh a guild's roles, channels and members from Discord.
 */
export function syncRoutes(deps: { service: SyncService }): FastifyPluginAsync {
  const { service } = deps;
  return async (app) => {
    app.get(
      '/guilds',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['sync'],
          summary: 'The guilds Hearth is in that the token covers (all of them for a service token)',
          security: [{ bearerAuth: [] }],
          response: {
            200: {
              type: 'array',
              items: allRequired({
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  name: { type: 'string' },
                  icon: { type: ['string', 'null'] },
                  memberCount: { type: ['integer', 'null'] },
                  members: { type: 'integer' },
                  channels: { type: 'integer' },
                },
              }),
            },
          },
        },
      },
      async (request) => {
        const auth = request.auth;
        if (!auth) throw new HttpError('UNAUTHENTICATED', 'this route needs a Bearer token');
        return service.guilds({ all: auth.role === 'service', guildIds: auth.guildIds });
      },
    );

    // The dashboard's history import form picks channels from this list; the stats only name
    // channels that had messages lately.
    app.get<{ Params: { guildId: string } }>(
      '/guilds/:guildId/channels',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['sync'],
          summary: "A guild's channels and threads as Hearth last saw them, in Discord's order (admin)",
          security: [{ bearerAuth: [] }],
          params: guildParams,
          response: {
            200: guildList('channels', {
              id: { type: 'string' },
              name: { type: 'string' },
              type: { type: 'integer' },
              parentId: { type: ['string', 'null'] },
              position: { type: 'integer' },
            }),
          },
        },
      },
      async (request) => {
        const guildId = guildOf(request, request.params.guildId);
        return { guildId, channels: await service.channels(guildId) };
      },
    );

    // The karma settings pages name roles (rewards, multipliers, no-karma roles) from this list;
    // settings store bare ids. @everyone (the role whose id is the guild's) is left out: no
    // setting means anything for it.
    app.get<{ Params: { guildId: string } }>(
      '/guilds/:guildId/roles',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['sync'],
          summary: "A guild's roles as Hearth last saw them, highest first, without @everyone (admin)",
          description:
            '`managed` roles belong to an integration (a bot, server boosts): Discord lets no one assign them, so they cannot be role rewards.',
          security: [{ bearerAuth: [] }],
          params: guildParams,
          response: {
            200: guildList(
              'roles',
              {
                id: { type: 'string' },
                name: { type: 'string' },
                color: { type: 'integer', description: 'RGB as an integer; 0 is no colour' },
                position: { type: 'integer' },
                managed: { type: 'boolean' },
              },
              [
                {
                  guildId: '123456789012345678',
                  roles: [
                    {
                      id: '223456789012345678',
                      name: 'Moderator',
                      color: 3447003,
                      position: 3,
                      managed: false,
                    },
                  ],
                },
              ],
            ),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const guildId = guildOf(request, request.params.guildId);
        return { guildId, roles: await service.roles(guildId) };
      },
    );

    app.post<{ Body: { guild_id?: string } }>(
      '/sync',
      {
        config: { auth: 'admin' },
        schema: {
          tags: ['sync'],
          summary: "Enqueue a refresh of a guild's roles, channels and members from Discord (admin)",
          security: [{ bearerAuth: [] }],
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { guild_id: snowflake },
          },
          response: {
            202: {
              type: 'object',
              required: ['guildId', 'jobId', 'queued'],
              properties: {
                guildId: { type: 'string' },
                jobId: { type: ['string', 'null'] },
                queued: { type: 'boolean' },
              },
            },
          },
        },
      },
      async (request, reply) => {
        const guildId = guildOf(request, request.body?.guild_id);
        const jobId = await service.requestSync(guildId);
        return reply.status(202).send({ guildId, jobId, queued: jobId !== null });
      },
    );
  };
}
