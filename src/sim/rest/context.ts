import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { SimActions } from '../actions.ts';
import type { BotActionLog } from '../events.ts';
import type { RestFaults } from '../faults.ts';
import type { InteractionService } from '../interactions.ts';
import { isRecord } from '../json.ts';
import type { SimLogger } from '../logger.ts';
import type { UploadedFile } from '../message-body.ts';
import type { OAuthGrant, OAuthService } from '../oauth.ts';
import type { RateLimiter } from '../ratelimit.ts';
import type { SimState } from '../state.ts';
import type { SimBot } from '../types.ts';
import { DiscordHttpError, unauthorized } from './errors.ts';

export interface RestStats {
  requests: number;
  byStatus: Record<string, number>;
  byBucket: Record<string, number>;
  /** 429s answered, from buckets, the global limit or an injected storm. */
  rateLimited: number;
  /** The 429s above by cause: `route` (a bucket), `global`, `shared`, `ban`, `fault` (injected). */
  rateLimitedBy: Record<string, number>;
}

export interface RestContext {
  state: SimState;
  actions: SimActions;
  interactions: InteractionService;
  oauth: OAuthService;
  limiter: RateLimiter | null;
  faults: RestFaults;
  log: BotActionLog;
  logger: SimLogger;
  stats: RestStats;
  gatewayUrl: () => string;
  sessionStartLimit: { total: number; maxConcurrency: number; recommendedShards: number };
  identifiesUsed: () => number;
}

export type Caller =
  | { kind: 'bot'; bot: SimBot; identity: string }
  | { kind: 'bearer'; grant: OAuthGrant; identity: string }
  | { kind: 'anonymous'; identity: string };

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  caller: Caller;
  headers: IncomingHttpHeaders;
}

/** A handler's answer when it is not "200 with this JSON" (undefined means 204). */
export class Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** Bodies after the content-type parsers: multipart arrives as this, JSON as plain values. */
export class ParsedMultipart {
  readonly json: unknown;
  readonly files: UploadedFile[];

  constructor(json: unknown, files: UploadedFile[]) {
    this.json = json;
    this.files = files;
  }
}

export type Auth = 'bot' | 'bearer' | 'any' | 'none';

export interface RouteSpec {
  method: HTTPMethods;
  url: string;
  auth: Auth;
  /** Rate limit bucket name (see ratelimit.ts); the major parameter is a route param name. */
  bucket: string;
  major?: string;
  /** Interaction endpoints are not bound by the global limit on Discord. */
  exemptGlobal?: boolean;
  handler: (req: RouteRequest) => unknown;
}

export const API_PREFIXES = ['/api/v10', '/api/v9', '/api'] as const;

function identify(ctx: RestContext, request: FastifyRequest, params: Record<string, string>): Caller | null {
  const header = request.headers.authorization ?? '';
  const [scheme, token] = header.split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bot' && token) {
    const bot = ctx.state.botByToken(token);
    return bot ? { kind: 'bot', bot, identity: `bot:${token}` } : null;
  }
  if (scheme?.toLowerCase() === 'bearer' && token) {
    const grant = ctx.oauth.grantFor(token);
    return grant ? { kind: 'bearer', grant, identity: `bearer:${token}` } : null;
  }
  if (header !== '') return null;
  return { kind: 'anonymous', identity: params.token ? `webhook:${params.token}` : `ip:${request.ip}` };
}

function send(
  reply: FastifyReply,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): FastifyReply {
  reply.code(status).headers(headers);
  if (status === 204 || body === undefined) return reply.send();
  return reply.send(body);
}

/** Registers a Discord route under every API prefix with faults, auth and rate limits in Discord's order. */
export function defineRoute(app: FastifyInstance, ctx: RestContext, spec: RouteSpec): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const { stats, limiter } = ctx;
    stats.requests += 1;
    stats.byBucket[spec.bucket] = (stats.byBucket[spec.bucket] ?? 0) + 1;
    const params: Record<string, string> = {};
    if (isRecord(request.params)) {
      for (const [k, v] of Object.entries(request.params)) if (typeof v === 'string') params[k] = v;
    }
    const count = (status: number, identity: string | null, cause = 'fault'): void => {
      stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
      if (status === 429) {
        stats.rateLimited += 1;
        stats.rateLimitedBy[cause] = (stats.rateLimitedBy[cause] ?? 0) + 1;
      }
      if (identity && limiter && (status === 401 || status === 403 || status === 429))
        limiter.recordInvalid(identity);
    };
    const fault = ctx.faults.take();
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    const caller = identify(ctx, request, params);
    if (fault.failure) {
      count(fault.failure.status, caller?.identity ?? null);
      return send(reply, fault.failure.status, fault.failure.body, fault.failure.headers);
    }
    const authOk =
      caller !== null &&
      (spec.auth === 'none' ||
        (spec.auth === 'bot' && caller.kind === 'bot') ||
        (spec.auth === 'bearer' && caller.kind === 'bearer') ||
        (spec.auth === 'any' && caller.kind !== 'anonymous'));
    if (!caller || !authOk) {
      const error = unauthorized();
      count(401, caller?.identity ?? `ip:${request.ip}`);
      return send(reply, 401, error.body(), {});
    }
    let headers: Record<string, string> = {};
    if (limiter) {
      const banned = limiter.banRemaining(caller.identity);
      if (banned > 0) {
        count(429, null, 'ban');
        return send(
          reply,
          429,
          {
            message:
              'You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently.',
            retry_after: banned / 1000,
            global: true,
            code: 0,
          },
          {
            'Retry-After': String(Math.ceil(banned / 1000)),
            'X-RateLimit-Global': 'true',
            'X-RateLimit-Scope': 'global',
          },
        );
      }
      const decision = limiter.check(
        caller.identity,
        spec.bucket,
        spec.major ? (params[spec.major] ?? '') : '',
        {
          exemptGlobal: spec.exemptGlobal ?? false,
        },
      );
      headers = decision.headers;
      if (!decision.ok) {
        const cause = decision.global ? 'global' : decision.scope === 'shared' ? 'shared' : 'route';
        count(429, decision.scope === 'shared' ? null : caller.identity, cause);
        const body: Record<string, unknown> = {
          message: 'You are being rate limited.',
          retry_after: Number(((decision.retryAfterMs ?? 0) / 1000).toFixed(3)),
          global: decision.global ?? false,
        };
        return send(reply, 429, body, headers);
      }
    }
    const body = request.body instanceof ParsedMultipart ? request.body.json : request.body;
    const files = request.body instanceof ParsedMultipart ? request.body.files : [];
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    try {
      const result = await spec.handler({ params, query, body, files, caller, headers: request.headers });
      if (result instanceof Answer) {
        count(result.status, caller.identity);
        return send(reply, result.status, result.body, { ...headers, ...result.headers });
      }
      const status = result === undefined ? 204 : 200;
      count(status, caller.identity);
      return send(reply, status, result, headers);
    } catch (error) {
      if (error instanceof DiscordHttpError) {
        count(error.status, caller.identity);
        return send(reply, error.status, error.body(), { ...headers, ...error.headers });
      }
      throw error;
    }
  };
  for (const prefix of API_PREFIXES) app.route({ method: spec.method, url: `${prefix}${spec.url}`, handler });
}

/** The bot behind a bot-authenticated request. */
export function botOf(req: RouteRequest): SimBot {
  if (req.caller.kind !== 'bot') throw unauthorized();
  return req.caller.bot;
}
