import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eventStreamResponse } from '../../platform/http/schema.ts';
import { type OpenStreams, openFeedStream } from '../../platform/http/sse.ts';
import { answerLimits, authorize, type StageParams, security, stageLoader, viewerOf } from './http-access.ts';
import type { LiveCounts } from './live-counts.ts';
import * as s from './schemas.ts';
import type { PresenceService } from './service.ts';

/**
 * Heartbeats skip the API-wide per-address limit: their own limit (per session, counted in the same
 * hot-store step as the heartbeat) bounds each player, an unknown session costs one read and no key,
 * and a per-address budget would throttle hundreds of viewers behind one NAT (a campus, an event
 * network) and, with Redis, cost a second round trip per heartbeat.
 */
const HEARTBEAT_CONFIG = { rateLimit: false } as const;
/**
 * Nor do they get helmet's headers: those govern documents (framing, scripts, referrers), while a
 * heartbeat's answer is JSON read by fetch; @fastify/helmet rebuilds its middleware on every
 * request, which cost about a tenth of a heartbeat's CPU in bench/presence.ts.
 */
const HEARTBEAT_HELMET = false;

export interface ViewerRoutesContext extends OpenStreams {
  service: PresenceService;
  live: LiveCounts;
  countryHeader: string;
}

/** The web players' join/heartbeat/leave, the exact count, and its Server-Sent Events stream. */
export function registerViewerRoutes(app: FastifyInstance, ctx: ViewerRoutesContext): void {
  const { service, live, countryHeader } = ctx;
  const stageOf = stageLoader(service);
  // Nor are heartbeats request-logged at the default level: Fastify's two info lines per request
  // would be 20,000 lines/s at 10,000 heartbeats/s, and made a heartbeat cost about a third more CPU
  // under bench/presence.ts's load. Warnings and errors still log; at debug or trace they log as
  // every request does, and a quieter level stays quieter (a route level would override it).
  const heartbeatRoute =
    app.log.level === 'info'
      ? ({ config: HEARTBEAT_CONFIG, helmet: HEARTBEAT_HELMET, logLevel: 'warn' } as const)
      : ({ config: HEARTBEAT_CONFIG, helmet: HEARTBEAT_HELMET } as const);

  async function join(
    request: FastifyRequest,
    reply: FastifyReply,
    stageId: string,
    participantId: string | undefined,
  ) {
    const stage = await service.getStage(stageId);
    const viewer = viewerOf(request, stage, participantId);
    if (request.auth) authorize(request, stage, 'member');
    const joined = await answerLimits(
      reply,
      service.join(stage, viewer, {
        userAgent: request.headers['user-agent'],
        ip: request.ip,
        country: request.headers[countryHeader],
      }),
    );
    return {
      session_id: joined.sessionId,
      resumed: joined.resumed,
      viewer_count: joined.viewerCount,
      ttl_seconds: joined.ttlSeconds,
      heartbeat_interval_seconds: joined.heartbeatIntervalSeconds,
    };
  }
  async function heartbeat(reply: FastifyReply, stageId: string, sessionId: string) {
    const { viewerCount } = await answerLimits(reply, service.heartbeat(stageId, sessionId));
    return { session_id: sessionId, viewer_count: viewerCount };
  }
  async function leave(stageId: string, sessionId: string) {
    const left = await service.leave(stageId, sessionId);
    return { session_id: sessionId, closed: left.closed, watch_duration_seconds: left.watchDurationSeconds };
  }

  app.post<{ Params: StageParams; Body: { participant_id?: string } | undefined }>(
    '/stages/:stageId/viewers/join',
    {
      schema: {
        tags: s.TAGS,
        security: [...security, {}],
        summary:
          'A web player starts watching: a member with a token, or an anonymous participant where the stage allows it',
        params: s.stageParams,
        body: s.joinBody,
        response: { 200: s.joinResponse, ...s.errors(400, 401, 403, 404, 409, 429) },
      },
    },
    (request, reply) => join(request, reply, request.params.stageId, request.body?.participant_id),
  );

  app.post<{ Params: StageParams; Body: { session_id: string } }>(
    '/stages/:stageId/viewers/heartbeat',
    {
      schema: {
        tags: s.TAGS,
        summary:
          'The player is still watching (the session id is the credential). Touches only the hot store; 409 means join again',
        params: s.stageParams,
        body: s.sessionBody,
        response: { 200: s.heartbeatResponse, ...s.errors(400, 404, 409, 429) },
      },
      ...heartbeatRoute,
    },
    (request, reply) => heartbeat(reply, request.params.stageId, request.body.session_id),
  );

  app.post<{ Params: StageParams; Body: { session_id: string } }>(
    '/stages/:stageId/viewers/leave',
    {
      schema: {
        tags: s.TAGS,
        summary: 'The player stops watching (works from navigator.sendBeacon: no token needed)',
        params: s.stageParams,
        body: s.sessionBody,
        response: { 200: s.leaveResponse, ...s.errors(400, 404) },
      },
    },
    (request) => leave(request.params.stageId, request.body.session_id),
  );

  // Seed 003's paths, with the stage in the body: the same handlers as the routes above.
  app.post<{ Body: { stage_id: string; participant_id?: string } }>(
    '/viewer/rejoin',
    {
      schema: {
        tags: s.TAGS,
        security: [...security, {}],
        summary:
          'Seed 003’s join or re-join: POST /stages/{stage_id}/viewers/join with the stage in the body',
        body: s.rejoinBody,
        response: { 200: s.joinResponse, ...s.errors(400, 401, 403, 404, 409, 429) },
      },
    },
    (request, reply) => join(request, reply, request.body.stage_id, request.body.participant_id),
  );

  app.post<{ Body: { stage_id: string; session_id: string } }>(
    '/viewer/heartbeat',
    {
      schema: {
        tags: s.TAGS,
        summary: 'Seed 003’s heartbeat: POST /stages/{stage_id}/viewers/heartbeat with the stage in the body',
        body: s.stageSessionBody,
        response: { 200: s.heartbeatResponse, ...s.errors(400, 404, 409, 429) },
      },
      ...heartbeatRoute,
    },
    (request, reply) => heartbeat(reply, request.body.stage_id, request.body.session_id),
  );

  app.post<{ Body: { stage_id: string; session_id: string } }>(
    '/viewer/leave',
    {
      schema: {
        tags: s.TAGS,
        summary: 'Seed 003’s leave: POST /stages/{stage_id}/viewers/leave with the stage in the body',
        body: s.stageSessionBody,
        response: { 200: s.leaveResponse, ...s.errors(400, 404) },
      },
    },
    (request) => leave(request.body.stage_id, request.body.session_id),
  );

  app.get<{ Params: StageParams }>(
    '/stages/:stageId/viewers/count',
    {
      schema: {
        tags: s.TAGS,
        security: [...security, {}],
        summary: 'Exact live viewer count (public on stages that allow anonymous viewers)',
        params: s.stageParams,
        response: { 200: s.countResponse, ...s.errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const stage = await stageOf(request, 'public');
      return {
        stage_id: stage.id,
        viewer_count: await service.count(stage),
        at: new Date(service.now()).toISOString(),
      };
    },
  );

  app.get<{ Params: StageParams }>(
    '/stages/:stageId/viewers/stream',
    {
      schema: {
        tags: s.TAGS,
        security: [...security, {}],
        summary:
          'Server-Sent Events: `count` events with {stage_id, viewer_count, at} every few seconds and on change; `deleted` when the stage goes',
        params: s.stageParams,
        response: { 200: eventStreamResponse, ...s.errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const stage = await stageOf(request, 'public');
      openStream(request, reply, stage.id);
    },
  );

  function openStream(request: FastifyRequest, reply: FastifyReply, stageId: string): void {
    openFeedStream(request, reply, ctx, (stream, end) =>
      live.subscribe(
        stageId,
        (count) =>
          stream.send('count', {
            stage_id: stageId,
            viewer_count: count,
            at: new Date(service.now()).toISOString(),
          }),
        () => {
          stream.send('deleted', { stage_id: stageId });
          end();
        },
      ),
    );
  }
}
