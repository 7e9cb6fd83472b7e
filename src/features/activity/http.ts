import type { FastifyPluginAsync } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import type { Db } from '../../platform/db/port.ts';
import { errorResponses } from '../../platform/http/errors.ts';
import { eventStreamResponse } from '../../platform/http/schema.ts';
import { openFeedStream } from '../../platform/http/sse.ts';
import { guildParams, statsQuerystring, statsResponse } from './schemas.ts';
import { readStats, type StatsQuerystring, statsRange } from './stats.ts';
import { createStatsLive } from './stats-stream.ts';

const TAGS = ['activity'];
const security = [{ bearerAuth: [] }];

export interface ActivityRoutesDeps {
  db: Db;
  /** Live streams re-read without news this often (day rollover, lost notifications). Default 30 s. */
  liveIntervalMs?: number;
  /** A guild's notifications within this window cost one read. Default 1 s. */
  liveCoalesceMs?: number;
  now?: () => number;
}

/**
 * Seed 000/001's activity statistics: totals, per day, per channel and per member over a range, as
 * JSON and as a Server-Sent Events stream that follows the pipeline's commits.
 */
export function activityRoutes(deps: ActivityRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    const now = deps.now ?? Date.now;
    const live = createStatsLive({
      db: deps.db,
      intervalMs: deps.liveIntervalMs ?? 30_000,
      coalesceMs: deps.liveCoalesceMs ?? 1_000,
      now,
      onError: (error) => app.log.warn({ err: error }, 'live statistics failed'),
    });
    const open = { streams: new Set<() => void>() };
    // Open streams would hold the server open: end them before it closes.
    app.addHook('preClose', async () => {
      for (const end of [...open.streams]) end();
    });
    app.addHook('onClose', async () => {
      await live.close();
    });

    app.get<{ Params: { guildId: string }; Querystring: StatsQuerystring }>(
      '/guilds/:guildId/stats',
      {
        config: { auth: 'member' },
        schema: {
          tags: TAGS,
          summary: 'Message statistics of a guild over a date range (UTC days), by day, channel and member',
          security,
          params: guildParams,
          querystring: statsQuerystring,
          response: { 200: statsResponse, ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => readStats(deps.db, guildOf(request, request.params.guildId), request.query, now()),
    );

    app.get<{ Params: { guildId: string }; Querystring: StatsQuerystring }>(
      '/guilds/:guildId/stats/live',
      {
        config: { auth: 'member' },
        schema: {
          tags: TAGS,
          summary:
            'Server-Sent Events: `stats` events (the body of GET /guilds/{guildId}/stats for the same query) at once and within about a second of new messages, reactions, edits or deletions',
          security,
          params: guildParams,
          querystring: statsQuerystring,
          response: { 200: eventStreamResponse, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const guildId = guildOf(request, request.params.guildId);
        // A bad range is a 400 now, not an empty stream.
        statsRange(request.query, now());
        openFeedStream(request, reply, open, (stream) =>
          live.subscribe(guildId, request.query, (stats) => stream.send('stats', stats)),
        );
      },
    );
  };
}
