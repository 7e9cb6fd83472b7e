import type { FastifyInstance } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { allRequired } from '../../platform/http/schema.ts';
import { type StageParams, security, stageJson, stageLoader } from './http-access.ts';
import * as s from './schemas.ts';
import type { PresenceService } from './service.ts';

/** Stages: list (with live counts), create (external), read, patch, delete. */
export function registerStageRoutes(app: FastifyInstance, service: PresenceService): void {
  const stageOf = stageLoader(service);

  app.get<{ Querystring: { guild_id?: string } }>(
    '/stages',
    {
      config: { auth: 'member' },
      schema: {
        tags: s.TAGS,
        security,
        summary: 'Stages of a guild with their live viewer counts',
        querystring: s.guildQuery,
        response: {
          200: allRequired({
            type: 'object',
            properties: { stages: { type: 'array', items: s.stageSchema } },
          }),
          ...s.errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const guildId = guildOf(request, request.query.guild_id);
      const stages = await service.listStages(guildId);
      const counts = await Promise.all(stages.map((stage) => service.count(stage)));
      return { stages: stages.map((stage, i) => stageJson(stage, counts[i] ?? 0)) };
    },
  );

  app.post<{
    Body: {
      guild_id?: string;
      name: string;
      external_id: string;
      max_viewers?: number;
      is_master?: boolean;
      ttl_seconds?: number;
      allow_anonymous?: boolean;
    };
  }>(
    '/stages',
    {
      config: { auth: 'admin' },
      schema: {
        tags: s.TAGS,
        security,
        summary: 'Create an external stage (a live stream whose web players heartbeat)',
        body: s.createStageBody,
        response: { 201: s.stageSchema, ...s.errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const stage = await service.createStage({
        guildId: guildOf(request, body.guild_id),
        name: body.name,
        externalId: body.external_id,
        ...(body.max_viewers !== undefined ? { maxViewers: body.max_viewers } : {}),
        ...(body.is_master !== undefined ? { isMaster: body.is_master } : {}),
        ...(body.ttl_seconds !== undefined ? { ttlSeconds: body.ttl_seconds } : {}),
        ...(body.allow_anonymous !== undefined ? { allowAnonymous: body.allow_anonymous } : {}),
      });
      return reply.status(201).send(stageJson(stage, 0));
    },
  );

  app.get<{ Params: StageParams }>(
    '/stages/:stageId',
    {
      config: { auth: 'member' },
      schema: {
        tags: s.TAGS,
        security,
        summary: 'One stage with its live viewer count',
        params: s.stageParams,
        response: { 200: s.stageSchema, ...s.errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const stage = await stageOf(request, 'member');
      return stageJson(stage, await service.count(stage));
    },
  );

  app.patch<{
    Params: StageParams;
    Body: {
      name?: string;
      max_viewers?: number;
      is_master?: boolean;
      ttl_seconds?: number;
      allow_anonymous?: boolean;
    };
  }>(
    '/stages/:stageId',
    {
      config: { auth: 'admin' },
      schema: {
        tags: s.TAGS,
        security,
        summary: 'Change a stage’s name, capacity, master flag, TTL or anonymous access',
        params: s.stageParams,
        body: s.patchStageBody,
        response: { 200: s.stageSchema, ...s.errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await stageOf(request, 'admin');
      const body = request.body;
      const stage = await service.updateStage(request.params.stageId, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.max_viewers !== undefined ? { maxViewers: body.max_viewers } : {}),
        ...(body.is_master !== undefined ? { isMaster: body.is_master } : {}),
        ...(body.ttl_seconds !== undefined ? { ttlSeconds: body.ttl_seconds } : {}),
        ...(body.allow_anonymous !== undefined ? { allowAnonymous: body.allow_anonymous } : {}),
      });
      return stageJson(stage, await service.count(stage));
    },
  );

  app.delete<{ Params: StageParams }>(
    '/stages/:stageId',
    {
      config: { auth: 'admin' },
      schema: {
        tags: s.TAGS,
        security,
        summary: 'Delete a stage and end its open sessions (its history stays until retention)',
        params: s.stageParams,
        response: {
          200: allRequired({
            type: 'object',
            properties: { deleted: { type: 'boolean' }, closed_sessions: { type: 'integer' } },
          }),
          ...s.errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      await stageOf(request, 'admin');
      const { closedSessions } = await service.deleteStage(request.params.stageId);
      return { deleted: true, closed_sessions: closedSessions };
    },
  );
}
