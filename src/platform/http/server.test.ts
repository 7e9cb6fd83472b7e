import type { FastifyPluginAsync } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/support/app.ts';
import { closeGracefully, listen } from './server.ts';

describe('graceful shutdown', () => {
  it('finishes a request that is in flight when shutdown begins, and refuses new ones', async () => {
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slow: FastifyPluginAsync = async (app) => {
      app.get('/slow', async () => {
        entered();
        await new Promise((resolve) => setTimeout(resolve, 400));
        return { done: true };
      });
    };
    const { app } = await buildTestApp({ apiPlugins: [slow], toyRoutes: true });
    const address = await listen(app, { port: 0, host: '127.0.0.1' });
    const pending = fetch(`${address}/api/v1/slow`);
    await inFlight;
    const closing = closeGracefully(app, 3000);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closing;
    await expect(fetch(`${address}/health`)).rejects.toThrow();
  });

  it('gives up on a request that outlives the timeout', async () => {
    const stuck: FastifyPluginAsync = async (app) => {
      app.get('/stuck', () => new Promise(() => {}));
    };
    const { app } = await buildTestApp({ apiPlugins: [stuck], toyRoutes: true });
    const address = await listen(app, { port: 0, host: '127.0.0.1' });
    const pending = fetch(`${address}/api/v1/stuck`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await closeGracefully(app, 300);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
