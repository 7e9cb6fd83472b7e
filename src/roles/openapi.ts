import type { FastifyInstance } from 'fastify';
import { createTokenService } from '../platform/auth/token.ts';
import { configSchema } from '../platform/config.ts';
import type { Db } from '../platform/db/port.ts';
import { createMemoryHotStore } from '../platform/hot/memory.ts';
import { silentLogger } from '../platform/logger.ts';
import { createMetrics } from '../platform/metrics.ts';
import { createFeatureServices } from './feature-services.ts';
import { apiPlugins, rootPlugins } from './features.ts';
import { createRewards } from './rewards.ts';
import { buildApiApp } from './services.ts';

/** The OpenAPI document as @fastify/swagger builds it (what `/docs/json` serves). */
export type OpenApiDocument = ReturnType<FastifyInstance['swagger']>;

/**
 * Routes only read the database when a request arrives; one that reached for it while being
 * registered would make the document depend on data, so it fails here instead.
 */
function unreachableDb(): Db {
  const refuse = (): never => {
    throw new Error('the OpenAPI document is built without a database: a route queried it at registration');
  };
  return {
    kind: 'pglite',
    query: async () => refuse(),
    exec: async () => refuse(),
    transaction: async () => refuse(),
    listen: async () => refuse(),
    ping: async () => refuse(),
    close: async () => {},
  };
}

/**
 * The OpenAPI document of `hearth api` (and `hearth all`, which mounts the same plugins), built
 * without a port, a database, a queue or Discord. Fixed configuration, so the document depends on
 * the code only: scripts/gen-api-types.ts turns it into the dashboard's types.
 */
export async function apiDocument(): Promise<OpenApiDocument> {
  const config = configSchema.parse({});
  const logger = silentLogger;
  const db = unreachableDb();
  const hot = createMemoryHotStore({ sweepIntervalMs: 0 });
  const queue = undefined;
  const tokens = createTokenService('openapi-document-only-'.repeat(2));
  const rewards = createRewards({ db, hot, queue, logger });
  const services = createFeatureServices({ db, hot, queue, logger, rewards });
  const app = await buildApiApp(config, logger, {
    db,
    hot,
    queue,
    metrics: createMetrics('openapi'),
    tokens,
    startedAt: new Date(0),
    apiPlugins: apiPlugins({ db, hot, queue, rewards, services, logger }),
    rootPlugins: rootPlugins({
      services,
      tokens,
      oauth: () => undefined,
      listedAdmins: [],
      secureCookies: false,
    }),
  });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await hot.close();
  }
}
