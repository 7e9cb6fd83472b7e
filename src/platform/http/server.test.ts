import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
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

  it('answers a request that arrives while the server drains with 503 in the error shape', async () => {
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slow: FastifyPluginAsync = async (app) => {
      app.get('/slow', async () => {
        entered();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { done: true };
      });
    };
    const { app } = await buildTestApp({ apiPlugins: [slow], toyRoutes: true });
    await listen(app, { port: 0, host: '127.0.0.1' });
    // A second request on the connection of one in flight, sent once the shutdown began.
    const socket = connect((app.server.address() as AddressInfo).port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    const ended = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await inFlight;
    const closing = closeGracefully(app, 3000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await closing;
    await ended;
    const [first, second] = received.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(JSON.parse(second?.slice(second.indexOf('{')) ?? '')).toMatchObject({
      statusCode: 503,
      code: 'UNAVAILABLE',
      requestId: expect.any(String),
    });
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
