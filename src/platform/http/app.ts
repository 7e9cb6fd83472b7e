import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyRequest,
  type FastifyServerFactory,
} from 'fastify';
import { authPlugin } from '../auth/plugin.ts';
import type { TokenService } from '../auth/token.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Registry } from '../metrics.ts';
import { errorHandler, notFoundHandler } from './error-handler.ts';
import { HttpError } from './errors.ts';
import { httpMetricsPlugin } from './metrics-plugin.ts';
import { validatorCompiler } from './validation.ts';

export interface AppOptions {
  config: Pick<
    Config,
    | 'BODY_LIMIT_BYTES'
    | 'TRUST_PROXY'
    | 'API_RATE_LIMIT_PER_MINUTE'
    | 'PUBLIC_URL'
    | 'SHUTDOWN_TIMEOUT_MS'
    | 'CORS_ORIGINS'
  >;
  logger: Logger;
  metrics: Registry;
  tokens: TokenService;
  /** Plugins mounted at the root (health, metrics, dashboard). */
  rootPlugins?: readonly FastifyPluginAsync[];
  /** Feature plugins mounted under /api/v1. */
  apiPlugins?: readonly FastifyPluginAsync[];
  /** A server that already listens (see early.ts); without it the caller listens with `listen()`. */
  serverFactory?: FastifyServerFactory;
  /** Which routes may be public: the list in public-routes.ts, unless a test's toy app allows its own. */
  isPublicRoute?: (method: string, url: string) => boolean;
  /** A store for the API rate limiter shared across API processes (Redis); in-process otherwise. */
  rateLimitStore?: Parameters<typeof rateLimit>[1]['store'];
}

export const API_PREFIX = '/api/v1';

/**
 * The routes web players embedded in other sites call: live presence's viewer endpoints (join,
 * heartbeat, leave, count, stream, and seed 003's /viewer/* paths). CORS_ORIGINS opens these only.
 */
export const PLAYER_ROUTES = /^\/api\/v1\/(?:stages\/[^/?#]+\/viewers|viewer)\/[^/?#]+\/?(?:[?#]|$)/;

type CorsDelegator = (
  request: FastifyRequest,
  callback: (error: Error | null, options: FastifyCorsOptions) => void,
) => void;

/**
 * CORS per request. The dashboard's origin (PUBLIC_URL) may call everything, with its session
 * cookie. Players' origins (CORS_ORIGINS) may call the player routes only, and never with
 * credentials: they authenticate with a Bearer token or hold a session id, so a site that embeds a
 * player can never act with a member's dashboard cookie. Everything else gets no CORS headers.
 */
export function corsDelegator(config: Pick<Config, 'PUBLIC_URL' | 'CORS_ORIGINS'>): CorsDelegator {
  const dashboard = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : null;
  const allowed = config.CORS_ORIGINS === '*' ? null : new Set(config.CORS_ORIGINS);
  const closed: FastifyCorsOptions = { origin: false };
  const forDashboard: FastifyCorsOptions = { origin: dashboard ?? false, credentials: true };
  const forPlayers: FastifyCorsOptions = {
    // Reflected rather than `*`: the answer is the same for every allowed origin, and Vary covers caches.
    origin: true,
    credentials: false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type'],
    // A player backs off on 429 (retry-after) and reports request ids.
    exposedHeaders: ['retry-after', 'x-request-id'],
    maxAge: 600,
  };
  return (request, callback) => {
    const origin = request.headers.origin;
    if (origin === undefined) return callback(null, closed);
    if (origin === dashboard) return callback(null, forDashboard);
    const player = (allowed === null || allowed.has(origin)) && PLAYER_ROUTES.test(request.url);
    callback(null, player ? forPlayers : closed);
  };
}

/**
 * The HTTP application as a value that never listens: tests drive it with `inject`, and
 * `server.ts` puts it on a port.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.config.BODY_LIMIT_BYTES,
    trustProxy: options.config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Answered below in the API's error shape instead of Fastify's own.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // Errors of the router (a malformed URL, a path segment over 100 characters) in the same shape.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      return errorHandler(error, request, reply);
    },
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  // Requests that arrive on an open connection while the server drains: a client retries elsewhere.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close');
    done(new HttpError('UNAVAILABLE', 'the server is shutting down; try again'));
  });
  // Callback hooks here and in the auth and metrics plugins: an async hook costs a promise and a turn
  // of the microtask queue on every request, heartbeats included.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });

  await app.register(httpMetricsPlugin, { registry: options.metrics });
  await app.register(helmet, {
    // The dashboard and Swagger UI load only same-origin assets.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https://cdn.discordapp.com'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(cors, { delegator: corsDelegator(options.config) });
  await app.register(rateLimit, {
    global: true,
    max: options.config.API_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    ...(options.rateLimitStore ? { store: options.rateLimitStore } : {}),
    // A hot store outage must not take the API down with it: fail open.
    skipOnError: true,
    // Probes and scrapes must never be throttled.
    allowList: (request) =>
      request.url === '/health' || request.url === '/ready' || request.url === '/metrics',
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Hearth API',
        version: '1',
        description:
          'REST API of Hearth, the self-hosted Discord community engine. Errors share one JSON shape: `{statusCode, code, message, field?, requestId}`.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  });
  await app.register(cookie);
  // Before any route, so that it checks every route's access (public-routes.ts).
  await app.register(authPlugin, {
    tokens: options.tokens,
    ...(options.isPublicRoute ? { isPublicRoute: options.isPublicRoute } : {}),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  for (const plugin of options.rootPlugins ?? []) await app.register(plugin);
  await app.register(
    async (api) => {
      for (const plugin of options.apiPlugins ?? []) await api.register(plugin);
    },
    { prefix: API_PREFIX },
  );
  return app;
}
