import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { redisAvailable, TEST_REDIS_URL } from '../../../test/support/services.ts';
import type { HotStore } from './port.ts';
import { createRedisHotStore } from './redis.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return address.port;
}

/** Connections a server accepted, and those still open: a client retrying in the background shows up here. */
function trackConnections(server: net.Server): { accepted: number; open: Set<net.Socket> } {
  const tracked = { accepted: 0, open: new Set<net.Socket>() };
  server.on('connection', (socket) => {
    tracked.accepted++;
    tracked.open.add(socket);
    socket.on('close', () => tracked.open.delete(socket));
  });
  cleanups.push(async () => {
    for (const socket of tracked.open) socket.destroy();
  });
  return tracked;
}

/** A TCP hop in front of the test Redis that can go silent or drop out, to play a failing server. */
async function startProxy() {
  const target = new URL(TEST_REDIS_URL);
  const state = { silent: false, refusing: false };
  const server = net.createServer((client) => {
    if (state.refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || 6379) });
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.on('data', (data) => state.silent || upstream.write(data));
    upstream.on('data', (data) => client.write(data));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const connections = trackConnections(server);
  const port = await listen(server);
  const url = new URL(TEST_REDIS_URL);
  url.port = String(port);
  return {
    url: url.toString(),
    state,
    dropConnections: () => {
      for (const socket of connections.open) socket.destroy();
    },
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A store under a fresh prefix; the test's keys are removed afterwards, straight from the test Redis. */
async function open(url: string): Promise<{ store: HotStore; keyPrefix: string }> {
  const keyPrefix = `test:${randomUUID()}:`;
  const store = await createRedisHotStore({ url, keyPrefix });
  cleanups.push(async () => {
    await store.close();
    const admin = new Redis(TEST_REDIS_URL);
    const keys = await admin.keys(`${keyPrefix}*`);
    if (keys.length > 0) await admin.unlink(...keys);
    await admin.quit();
  });
  return { store, keyPrefix };
}

async function elapsed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

describe('Redis HotStore connection', () => {
  it('fails to start with an error naming REDIS_URL when nothing listens', async () => {
    const url = `redis://127.0.0.1:${await freePort()}/0`;
    let error: unknown;
    const took = await elapsed(() => createRedisHotStore({ url }).catch((e: unknown) => (error = e)));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/REDIS_URL/);
    expect((error as Error).message).toContain(url);
    expect(took).toBeLessThan(3000);
  });

  it('fails to start within the connect timeout when the server never answers', async () => {
    // Reads and never answers, so it notices when the client hangs up.
    const server = net.createServer((socket) => socket.resume());
    const connections = trackConnections(server);
    const url = `redis://127.0.0.1:${await listen(server)}/0`;
    let error: unknown;
    const took = await elapsed(() =>
      createRedisHotStore({ url, connectTimeoutMs: 300 }).catch((e: unknown) => (error = e)),
    );
    expect((error as Error).message).toMatch(/REDIS_URL/);
    expect(took).toBeLessThan(1500);
    // The abandoned client must hang up and stay away rather than retry in the background.
    await sleep(1000);
    expect(connections.accepted).toBe(1);
    expect(connections.open.size).toBe(0);
  });

  it('never shows the password from REDIS_URL in its errors', async () => {
    const url = `redis://hearth:s3cret@127.0.0.1:${await freePort()}/0`;
    const error = await createRedisHotStore({ url }).catch((e: unknown) => e);
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as Error).message).toContain('***');
  });

  it('rejects a REDIS_URL that is not a redis:// URL', async () => {
    await expect(createRedisHotStore({ url: 'localhost:6379' })).rejects.toThrow(/REDIS_URL/);
    await expect(createRedisHotStore({ url: 'http://127.0.0.1:6379' })).rejects.toThrow(/REDIS_URL/);
  });
});

describe.skipIf(!redisAvailable)('Redis HotStore against a real server', () => {
  it('keeps every key it writes under its prefix, scripts included', async () => {
    const { store, keyPrefix } = await open(TEST_REDIS_URL);
    const admin = new Redis(TEST_REDIS_URL);
    cleanups.push(() => admin.quit());
    await store.set('plain', 'v');
    await store.incr('counter', 1, 10_000);
    await store.hit('window', 5, 10_000);
    await store.zadd('board', [{ member: 'm', score: 1 }]);
    expect((await admin.keys(`${keyPrefix}*`)).sort()).toEqual(
      ['board', 'counter', 'plain', 'window'].map((key) => `${keyPrefix}${key}`),
    );
    expect(await admin.get(`${keyPrefix}plain`)).toBe('v');
  });

  it('rejects a call within about a second when Redis stops answering', async () => {
    const proxy = await startProxy();
    const { store } = await open(proxy.url);
    await store.ping();
    proxy.state.silent = true;
    let error: unknown;
    const took = await elapsed(() => store.ping().catch((e: unknown) => (error = e)));
    expect((error as Error).message).toMatch(/timed out/i);
    expect(took).toBeLessThan(1500);
  });

  it('fails calls at once while Redis is gone, and serves again once it is back', async () => {
    const proxy = await startProxy();
    const { store } = await open(proxy.url);
    await store.set('k', 'v');
    proxy.state.refusing = true;
    proxy.dropConnections();
    await sleep(50);
    let error: unknown;
    const took = await elapsed(() => store.get('k').catch((e: unknown) => (error = e)));
    expect(error).toBeInstanceOf(Error);
    expect(took).toBeLessThan(500);
    proxy.state.refusing = false;
    let value: string | null = null;
    for (let attempt = 0; attempt < 50 && value === null; attempt++) {
      value = await store.get('k').catch(() => null);
      if (value === null) await sleep(100);
    }
    expect(value).toBe('v');
  });
});
