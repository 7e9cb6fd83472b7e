import type { FastifyPluginAsync } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { HttpError } from '../../platform/http/errors.ts';
import type { Queue } from '../../platform/queue/index.ts';
import { SYNC_QUEUE, type SyncJobData } from './jobs.ts';

/** `POST /sync`: asks a worker to refresh a guild's roles, channels and members from Discord. */
export function syncRoutes(deps: { queue: () => Queue | undefined }): FastifyPluginAsync {
  return async (app) => {
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
            properties: { guild_id: { type: 'string', pattern: '^[0-9]{1,20}$' } },
          },
          response: {
            202: {
              type: 'object',
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
        const queue = deps.queue();
        if (!queue) throw new HttpError('UNAVAILABLE', 'the queue is starting; try again in a moment');
        // One pending sync per guild: a second click while one waits is the same request.
        const jobId = await queue.send<SyncJobData>(SYNC_QUEUE, { guildId }, { singletonKey: guildId });
        return reply.status(202).send({ guildId, jobId, queued: jobId !== null });
      },
    );
  };
}
