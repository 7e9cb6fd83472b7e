/**
 * What the presence routes share: who may see a stage, who a viewer is, the JSON of a stage, and
 * the streams dashboards and players keep open.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Role, roleSatisfies } from '../../platform/auth/token.ts';
import { HttpError } from '../../platform/http/errors.ts';
import type { Stage, Viewer } from './domain/index.ts';
import { PresenceRateLimited } from './errors.ts';
import type { PresenceService } from './service.ts';

export type StageParams = { stageId: string };

/** JSON shape of a stage, with its exact live count. */
export function stageJson(stage: Stage, viewerCount: number) {
  return {
    id: stage.id,
    guild_id: stage.guildId,
    kind: stage.kind,
    external_id: stage.externalId,
    name: stage.name,
    is_master: stage.isMaster,
    max_viewers: stage.maxViewers,
    ttl_seconds: stage.ttlSeconds,
    allow_anonymous: stage.allowAnonymous,
    viewer_count: viewerCount,
    created_at: stage.createdAt.toISOString(),
    updated_at: stage.updatedAt.toISOString(),
  };
}

/**
 * The caller's right to a stage. A stage in a guild the token does not cover answers 404, as if it
 * did not exist, so stage ids cannot be probed. `public` lets anyone through on stages that
 * allow anonymous viewers (what their players show: "N watching").
 */
export function authorize(request: FastifyRequest, stage: Stage, need: Role | 'public'): void {
  if (need === 'public' && stage.allowAnonymous) return;
  const auth = request.auth;
  if (!auth) {
    throw new HttpError(
      'UNAUTHENTICATED',
      request.headers.authorization ? 'the token is not valid' : 'this route needs a Bearer token',
    );
  }
  const role = need === 'public' ? 'member' : need;
  if (!roleSatisfies(auth.role, role)) throw new HttpError('FORBIDDEN', `this route needs the ${role} role`);
  if (auth.role !== 'service' && !auth.guildIds.includes(stage.guildId)) {
    throw new HttpError('NOT_FOUND', `stage ${stage.id} not found`);
  }
}

export function viewerOf(request: FastifyRequest, stage: Stage, participantId: string | undefined): Viewer {
  if (request.auth) return { userId: request.auth.userId };
  if (request.headers.authorization) throw new HttpError('UNAUTHENTICATED', 'the token is not valid');
  if (!stage.allowAnonymous) {
    throw new HttpError('UNAUTHENTICATED', `stage ${stage.id} admits members only: send a Bearer token`);
  }
  if (participantId === undefined) {
    throw new HttpError(
      'VALIDATION_FAILED',
      'body participant_id is required to join without a token',
      'participant_id',
    );
  }
  return { participantId };
}

export const security = [{ bearerAuth: [] }];
/** Loads the live stage of the route (404) and checks the caller's right to it. */
export function stageLoader(service: PresenceService) {
  return async (request: FastifyRequest<{ Params: StageParams }>, need: Role | 'public'): Promise<Stage> => {
    const stage = await service.getStage(request.params.stageId);
    authorize(request, stage, need);
    return stage;
  };
}

/**
 * Presence's own limits (joins per address, heartbeats per session) answer 429 RATE_LIMITED and
 * tell when to come back in `retry-after`.
 */
export async function answerLimits<T>(reply: FastifyReply, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof PresenceRateLimited)) throw error;
    reply.header('retry-after', String(error.retryAfterSeconds));
    throw new HttpError('RATE_LIMITED', error.message);
  }
}

export function dateOf(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}
