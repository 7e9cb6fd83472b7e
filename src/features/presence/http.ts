import type { FastifyPluginAsync } from 'fastify';
import { registerLiveRoutes } from './http-live.ts';
import { registerStageRoutes } from './http-stages.ts';
import { registerStatsRoutes } from './http-stats.ts';
import { registerViewerRoutes } from './http-viewers.ts';
import { createLiveCounts } from './live-counts.ts';
import type { PresenceService } from './service.ts';

export interface PresenceRoutesDeps {
  /** Built once by the roles and shared with the `/live` command. */
  service: PresenceService;
  /** How often live streams push the count. Default 3 s. */
  streamIntervalMs?: number;
  /** The request header with the viewer's country (ISO 3166-1 alpha-2). Default Cloudflare's. */
  countryHeader?: string;
  /** Told the number of open live streams whenever it changes (a gauge for metrics; tests). */
  onStreamsChange?: (open: number) => void;
}

/**
 * Live presence under /api/v1: stages (list, create, read, patch, delete), the web players'
 * join/heartbeat/leave, exact counts, statistics, session pages, and Server-Sent Events streams
 * of a stage's count and of a guild's counts for dashboards.
 */
export function presenceRoutes(deps: PresenceRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    const { service } = deps;
    const live = createLiveCounts({
      count: (stageId) => service.liveCount(stageId),
      intervalMs: deps.streamIntervalMs ?? 3_000,
      onError: (error) => app.log.warn({ err: error }, 'live count failed'),
    });
    const streams = new Set<() => void>();
    const guilds = registerLiveRoutes(app, {
      service,
      streams,
      intervalMs: deps.streamIntervalMs ?? 3_000,
      onStreamsChange: deps.onStreamsChange,
    });
    const stopChanges = service.onChange((stageId) => {
      live.poke(stageId);
      guilds.poke(stageId);
    });

    // Open streams would hold the server open: end them before it closes.
    app.addHook('preClose', async () => {
      for (const end of [...streams]) end();
      live.close();
      guilds.close();
      stopChanges();
    });

    registerStageRoutes(app, service);
    registerViewerRoutes(app, {
      service,
      live,
      streams,
      countryHeader: (deps.countryHeader ?? 'cf-ipcountry').toLowerCase(),
      onStreamsChange: deps.onStreamsChange,
    });
    registerStatsRoutes(app, service);
  };
}
