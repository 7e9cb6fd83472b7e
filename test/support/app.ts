import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { healthRoutes } from '../../src/features/health/http.ts';
import type { ReadinessCheck } from '../../src/features/health/service.ts';
import { type AuthContext, createTokenService, type TokenService } from '../../src/platform/auth/token.ts';
import { configSchema } from '../../src/platform/config.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { createMetrics, type Registry } from '../../src/platform/metrics.ts';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestApp {
  app: FastifyInstance;
  tokens: TokenService;
  metrics: Registry;
  token(auth: Partial<AuthContext>, ttlSeconds?: number): Promise<string>;
}

/** The real HTTP app with the given routes and checks, for `inject` tests. */
export async function buildTestApp(
  options: {
    apiPlugins?: FastifyPluginAsync[];
    rootPlugins?: FastifyPluginAsync[];
    checks?: ReadinessCheck[];
    env?: Record<string, string>;
    /** Toy routes of a test may be public without being listed in platform/http/public-routes.ts. */
    toyRoutes?: boolean;
  } = {},
): Promise<TestApp> {
  const config = configSchema.parse({ ...options.env });
  const tokens = createTokenService(TEST_JWT_SECRET);
  const metrics = createMetrics('test');
  const app = await buildApp({
    config,
    logger: silentLogger,
    metrics,
    tokens,
    rootPlugins: [
      healthRoutes({ checks: options.checks ?? [], metrics, startedAt: new Date(), version: 'test' }),
      ...(options.rootPlugins ?? []),
    ],
    apiPlugins: options.apiPlugins ?? [],
    ...(options.toyRoutes ? { isPublicRoute: () => true } : {}),
  });
  await app.ready();
  return {
    app,
    tokens,
    metrics,
    token: (auth, ttl = 3600) =>
      tokens.sign(
        { userId: '100000000000000001', guildIds: ['200000000000000001'], role: 'member', ...auth },
        ttl,
      ),
  };
}
