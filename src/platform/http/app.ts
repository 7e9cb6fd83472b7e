import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyServerFactory,
} from 'fastify';
import { authPlugin } from '../auth/plugin.ts';
import type { TokenService } from '../auth/token.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Registry } from '../metrics.ts';
import { errorHandler, notFoundHandler } from './error-handler.ts';
import { httpMetricsPlugin } from './metrics-plugin.ts';

export interface AppOptions {
  config: Pick<
    Config,
    'BODY_LIMIT_BYTES' | 'TRUST_PROXY' | 'API_RATE_LIMIT_PER_MINUTE' | 'PUBLIC_URL' | 'SHUTDOWN_TIMEOUT_MS'
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
  /** A store for the API rate limiter shared across API processes (Redis); in-process otherwise. */
  rateLimitStore?: Parameters<typeof rateLimit>[1]['store'];
}

export const API_PREFIX = '/api/v1';

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
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
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
  await app.register(cors, {
    origin: options.config.PUBLIC_URL ? [new URL(options.config.PUBLIC_URL).origin] : false,
    credentials: true,
  });
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
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  await app.register(cookie);
  await app.register(authPlugin, { tokens: options.tokens });

  for (const plugin of options.rootPlugins ?? []) await app.register(plugin);
  await app.register(
    async (api) => {
      for (const plugin of options.apiPlugins ?? []) await api.register(plugin);
    },
    { prefix: API_PREFIX },
  );
  return app;
}
