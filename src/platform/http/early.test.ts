import type { FastifyPluginAsync } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createTokenService } from '../auth/token.ts';
import { configSchema } from '../config.ts';
import { silentLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { buildApp } from './app.ts';
import { listenEarly } from './early.ts';
import { closeGracefully } from './server.ts';

describe('listening before the app is built', () => {
  it('answers liveness at once, 503 elsewhere, then hands every request to the app', async () => {
    const early = await listenEarly({ port: 0, host: '127.0.0.1' });
    const health = await fetch(`${early.address}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', starting: true });
    const api = await fetch(`${early.address}/api/v1/anything`);
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Hearth is starting; try again in a moment',
      requestId: api.headers.get('x-request-id'),
    });

    const routes: FastifyPluginAsync = async (app) => {
      app.get('/hello', async () => ({ hello: 'world' }));
    };
    const app = await buildApp({
      config: configSchema.parse({}),
      logger: silentLogger,
      metrics: createMetrics('test'),
      tokens: createTokenService('x'.repeat(40)),
      apiPlugins: [routes],
      isPublicRoute: () => true,
      serverFactory: early.factory,
    });
    await app.ready();
    early.activate();
    expect(await (await fetch(`${early.address}/api/v1/hello`)).json()).toEqual({ hello: 'world' });
    expect((await fetch(`${early.address}/nope`)).status).toBe(404);

    await closeGracefully(app, 1000);
    await early.close();
    await expect(fetch(`${early.address}/health`)).rejects.toThrow();
  });
});
