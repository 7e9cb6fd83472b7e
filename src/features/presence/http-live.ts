import type { FastifyInstance } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { coalesce, createLiveFeed } from '../../platform/http/live-feed.ts';
import { allRequired, eventStreamResponse } from '../../platform/http/schema.ts';
import { type OpenStreams, openFeedStream } from '../../platform/http/sse.ts';
import { STAGE_KINDS, type StageKind } from './domain/index.ts';
import { dateOf, type StageParams, security, stageLoader } from './http-access.ts';
import * as s from './schemas.ts';
import { guildParams, time } from './schemas.ts';
import type { PresenceService } from './service.ts';

const guildViewersResponse = allRequired({
  type: 'object',
  description:
    'The body of `GET /guilds/{guildId}/viewers` and the data of the live stream’s `counts` events',
  properties: {
    guild_id: { type: 'string' },
    total_viewers: { type: 'integer', description: 'The sum of the stages’ exact live counts' },
    stages: {
      type: 'array',
      items: allRequired({
        type: 'object',
        properties: {
          stage_id: { type: 'string' },
          name: { type: 'string' },
          kind: { type: 'string', enum: [...STAGE_KINDS] },
          viewer_count: { type: 'integer' },
        },
      }),
    },
    at: time,
  },
} as const);

const guildSnapshotsResponse = allRequired({
  type: 'object',
  properties: {
    guild_id: { type: 'string' },
    from: time,
    to: time,
    snapshots: {
      type: 'array',
      description:
        'Slots with viewers only, oldest first: a 5-minute slot missing between `from` and `to` had none (or no snapshot job ran)',
      items: allRequired({
        type: 'object',
        properties: { taken_at: time, viewer_count: { type: 'integer' } },
      }),
    },
  },
} as const);

/**
 * Joins and leaves handled here reach the guild's streams after this long, coalesced: a guild's
 * read is a stage list from PostgreSQL, and a crowd joining at once should cost one, not one each.
 */
const POKE_DELAY_MS = 250;

const currentViewersQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
} as const;

const currentViewersResponse = allRequired({
  type: 'object',
  properties: {
    stage_id: { type: 'string' },
    viewer_count: { type: 'integer', description: 'Exact live count; `viewers` lists up to `limit` of them' },
    at: time,
    viewers: {
      type: 'array',
      description: 'Most recent heartbeat first (Discord voice members, who never heartbeat, first of all)',
      items: allRequired({
        type: 'object',
        properties: {
          session_id: { type: 'string' },
          source: { type: 'string', enum: ['web', 'voice'] },
          user_id: { type: ['string', 'null'] },
          participant_id: { type: ['string', 'null'] },
          name: { type: ['string', 'null'], description: 'The member’s display name when Hearth knows them' },
          joined_at: time,
          last_heartbeat_at: {
            type: ['string', 'null'],
            format: 'date-time',
            description: 'null for Discord voice members: present until Discord says they left',
          },
        },
      }),
    },
  },
} as const);

interface GuildCounts {
  guild_id: string;
  total_viewers: number;
  stages: { stage_id: string; name: string; kind: StageKind; viewer_count: number }[];
}

/** `streams` is shared with the stage streams, so that the server ends them all. */
export interface LiveRoutesContext extends OpenStreams {
  service: PresenceService;
  intervalMs: number;
}

/**
 * What dashboards watch: a guild's viewers now (JSON and a Server-Sent Events stream), its viewers
 * over time (the stages' snapshots summed), and who is watching a stage (admins). Returns `poke`,
 * for the plugin to call when this process handles a join or a leave, and `close`.
 */
export function registerLiveRoutes(
  app: FastifyInstance,
  ctx: LiveRoutesContext,
): { poke(stageId: string): void; close(): void } {
  const { service } = ctx;
  const stageOf = stageLoader(service);
  // Which guild a poked stage belongs to, learnt from the guilds' reads: a join on a stage no
  // stream has listed yet reaches its guild's streams at the next tick instead.
  const guildOfStage = new Map<string, string>();

  async function guildCounts(guildId: string): Promise<GuildCounts> {
    const stages = await service.listStages(guildId);
    const counts = await Promise.all(stages.map((stage) => service.count(stage)));
    for (const stage of stages) guildOfStage.set(stage.id, guildId);
    return {
      guild_id: guildId,
      total_viewers: counts.reduce((sum, n) => sum + n, 0),
      stages: stages.map((stage, i) => ({
        stage_id: stage.id,
        name: stage.name,
        kind: stage.kind,
        viewer_count: counts[i] ?? 0,
      })),
    };
  }
  const at = () => new Date(service.now()).toISOString();

  // One read per guild and tick in this process, however many dashboards watch it.
  const feed = createLiveFeed<GuildCounts>({
    read: guildCounts,
    intervalMs: ctx.intervalMs,
    same: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    onError: (error) => app.log.warn({ err: error }, 'live guild counts failed'),
  });

  app.get<{ Params: { guildId: string } }>(
    '/guilds/:guildId/viewers',
    {
      config: { auth: 'member' },
      schema: {
        tags: s.TAGS,
        security,
        summary: 'Viewers now across the guild’s stages: the total and each stage’s exact count',
        params: guildParams,
        response: { 200: guildViewersResponse, ...s.errors(400, 401, 403) },
      },
    },
    async (request) => ({ ...(await guildCounts(guildOf(request, request.params.guildId))), at: at() }),
  );

  app.get<{ Params: { guildId: string } }>(
    '/guilds/:guildId/live',
    {
      config: { auth: 'member' },
      schema: {
        tags: s.TAGS,
        security,
        summary:
          'Server-Sent Events: `counts` events (the body of GET /guilds/{guildId}/viewers) at once, every few seconds and on change',
        params: guildParams,
        response: { 200: eventStreamResponse, ...s.errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const guildId = guildOf(request, request.params.guildId);
      openFeedStream(request, reply, ctx, (stream, end) =>
        feed.subscribe(guildId, (counts) => stream.send('counts', { ...counts, at: at() }), end),
      );
    },
  );

  app.get<{ Params: { guildId: string }; Querystring: { from?: string; to?: string; limit: number } }>(
    '/guilds/:guildId/viewers/snapshots',
    {
      config: { auth: 'member' },
      schema: {
        tags: s.TAGS,
        security,
        summary: 'The guild’s viewers over time: its stages’ 5-minute snapshots summed per slot',
        params: guildParams,
        querystring: s.snapshotsQuery,
        response: { 200: guildSnapshotsResponse, ...s.errors(400, 401, 403) },
      },
    },
    async (request) => {
      const guildId = guildOf(request, request.params.guildId);
      const q = request.query;
      const { from, to, rows } = await service.guildSnapshots(guildId, dateOf(q.from), dateOf(q.to), q.limit);
      return {
        guild_id: guildId,
        from: from.toISOString(),
        to: to.toISOString(),
        snapshots: rows.map((r) => ({ taken_at: r.takenAt.toISOString(), viewer_count: r.viewerCount })),
      };
    },
  );

  app.get<{ Params: StageParams; Querystring: { limit: number } }>(
    '/stages/:stageId/viewers',
    {
      config: { auth: 'admin' },
      schema: {
        tags: s.TAGS,
        security,
        summary:
          'Who is watching a stage now: the sessions its live count counts (admins: they name members)',
        params: s.stageParams,
        querystring: currentViewersQuery,
        response: { 200: currentViewersResponse, ...s.errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const stage = await stageOf(request, 'admin');
      const { at, count, viewers } = await service.currentViewers(stage, request.query.limit);
      return {
        stage_id: stage.id,
        viewer_count: count,
        at: new Date(at).toISOString(),
        viewers: viewers.map((v) => ({
          session_id: v.sessionId,
          source: v.source,
          user_id: v.userId,
          participant_id: v.participantId,
          name: v.name,
          joined_at: v.joinedAt.toISOString(),
          last_heartbeat_at: v.lastHeartbeatAt?.toISOString() ?? null,
        })),
      };
    },
  );

  const pokeSoon = coalesce(POKE_DELAY_MS, (guildId) => feed.poke(guildId));
  return {
    poke(stageId) {
      const guildId = guildOfStage.get(stageId);
      if (guildId) pokeSoon(guildId);
    },
    close() {
      pokeSoon.close();
      feed.close();
    },
  };
}
