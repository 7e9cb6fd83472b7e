import type { FastifyInstance } from 'fastify';
import { dateOf, type StageParams, security, stageLoader } from './http-access.ts';
import * as s from './schemas.ts';
import type { PresenceService } from './service.ts';

/** Statistics, snapshots and session pages of a stage. */
export function registerStatsRoutes(app: FastifyInstance, service: PresenceService): void {
  const stageOf = stageLoader(service);

  app.get<{ Params: StageParams; Querystring: { from?: string; to?: string } }>(
    '/stages/:stageId/stats',
    {
      config: { auth: 'member' },
      schema: {
        tags: s.TAGS,
        security,
        summary: 'Peak and average viewers (snapshots), sessions, unique viewers, watch time, by country',
        params: s.stageParams,
        querystring: s.rangeQuery,
        response: { 200: s.statsResponse, ...s.errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const stage = await stageOf(request, 'member');
      const q = request.query;
      const st = await service.stats(stage, dateOf(q.from), dateOf(q.to));
      return {
        stage_id: stage.id,
        from: st.from.toISOString(),
        to: st.to.toISOString(),
        peak_viewers: st.peakViewers,
        average_viewers: st.averageViewers,
        snapshots: st.snapshots,
        total_sessions: st.totalSessions,
        unique_viewers: st.uniqueViewers,
        total_watch_seconds: st.totalWatchSeconds,
        average_watch_seconds: st.averageWatchSeconds,
        by_country: st.byCountry.map((c) => ({
          country: c.country,
          sessions: c.sessions,
          unique_viewers: c.uniqueViewers,
          watch_seconds: c.watchSeconds,
        })),
      };
    },
  );

  app.get<{ Params: StageParams; Querystring: { from?: string; to?: string; limit: number } }>(
    '/stages/:stageId/snapshots',
    {
      config: { auth: 'member' },
      schema: {
        tags: s.TAGS,
        security,
        summary: 'The 5-minute viewer count snapshots of a time range',
        params: s.stageParams,
        querystring: s.snapshotsQuery,
        response: { 200: s.snapshotsResponse, ...s.errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const stage = await stageOf(request, 'member');
      const q = request.query;
      const { from, to, rows } = await service.snapshots(stage, dateOf(q.from), dateOf(q.to), q.limit);
      return {
        stage_id: stage.id,
        from: from.toISOString(),
        to: to.toISOString(),
        snapshots: rows.map((r) => ({ taken_at: r.takenAt.toISOString(), viewer_count: r.viewerCount })),
      };
    },
  );

  app.get<{ Params: StageParams; Querystring: { page: number; limit: number } }>(
    '/stages/:stageId/sessions',
    {
      config: { auth: 'admin' },
      schema: {
        tags: s.TAGS,
        security,
        summary: 'Viewer sessions, newest first (admins: they name members and networks)',
        params: s.stageParams,
        querystring: s.pageQuery,
        response: { 200: s.sessionsResponse, ...s.errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const stage = await stageOf(request, 'admin');
      const { page, limit } = request.query;
      const { items, total } = await service.sessions(stage, page, limit);
      return {
        page,
        limit,
        total,
        sessions: items.map((i) => ({
          id: i.id,
          source: i.source,
          user_id: i.userId,
          participant_id: i.participantId,
          joined_at: i.joinedAt.toISOString(),
          left_at: i.leftAt?.toISOString() ?? null,
          watch_duration_seconds: i.watchDurationSeconds,
          end_reason: i.endReason,
          user_agent: i.userAgent,
          ip_prefix: i.ipPrefix,
          country: i.country,
        })),
      };
    },
  );
}
