import type { FastifyInstance } from 'fastify';
import { roleSatisfies } from '../../platform/auth/token.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { dateOf, type StageParams, security, stageLoader } from './http-access.ts';
import * as s from './schemas.ts';
import type { PresenceService } from './service.ts';

const DAY_MS = 86_400_000;

/** Statistics, snapshots and session pages of a stage, and a member's viewing history. */
export function registerStatsRoutes(app: FastifyInstance, service: PresenceService): void {
  const stageOf = stageLoader(service);

  app.get<{ Params: StageParams; Querystring: { from?: string; to?: string; days?: number } }>(
    '/stages/:stageId/stats',
    {
      config: { auth: 'member' },
      schema: {
        tags: s.TAGS,
        security,
        summary:
          'Peak and average viewers (snapshots), sessions (total views), unique viewers, average and longest watch time, by country; over from/to or the last `days`',
        params: s.stageParams,
        querystring: s.statsQuery,
        response: { 200: s.statsResponse, ...s.errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const stage = await stageOf(request, 'member');
      const q = request.query;
      let from = dateOf(q.from);
      let to = dateOf(q.to);
      if (q.days !== undefined) {
        // Seed 003's `?days=7`: the last N days until now, an alternative to from/to.
        if (from || to)
          throw new HttpError('VALIDATION_FAILED', 'days cannot be combined with from/to', 'days');
        to = new Date(service.now());
        from = new Date(to.getTime() - q.days * DAY_MS);
      }
      const st = await service.stats(stage, from, to);
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
        max_watch_seconds: st.maxWatchSeconds,
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

  app.get<{ Params: { userId: string }; Querystring: { page: number; limit: number } }>(
    '/viewers/:userId/history',
    {
      config: { auth: 'member' },
      schema: {
        tags: s.TAGS,
        security,
        summary:
          'Seed 003’s viewer history: a member’s sessions across stages, newest first (the member themself, or an admin for the guilds the token covers)',
        params: s.userParams,
        querystring: s.pageQuery,
        response: { 200: s.historyResponse, ...s.errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { userId } = request.params;
      const { page, limit } = request.query;
      // The route's auth config guarantees a token; narrowing for the type checker only.
      const auth = request.auth;
      if (!auth) throw new HttpError('UNAUTHENTICATED', 'this route needs a Bearer token');
      // Oneself: every session. An admin: the sessions in the guilds the token covers, which is
      // what an admin may see of others. A service token: everything.
      let guildIds: readonly string[] | null = null;
      if (auth.role !== 'service' && auth.userId !== userId) {
        if (!roleSatisfies(auth.role, 'admin'))
          throw new HttpError('FORBIDDEN', 'only the member themself or an admin may read this history');
        guildIds = auth.guildIds;
      }
      const { items, total } = await service.history(userId, guildIds, page, limit);
      return {
        user_id: userId,
        page,
        limit,
        total,
        sessions: items.map((i) => ({
          id: i.id,
          stage_id: i.stageId,
          stage_name: i.stageName,
          stage_kind: i.stageKind,
          external_id: i.externalId,
          guild_id: i.guildId,
          source: i.source,
          joined_at: i.joinedAt.toISOString(),
          left_at: i.leftAt?.toISOString() ?? null,
          watch_duration_seconds: i.watchDurationSeconds,
          end_reason: i.endReason,
        })),
      };
    },
  );
}
