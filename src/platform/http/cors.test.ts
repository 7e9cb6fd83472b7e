import type { FastifyPluginAsync } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { ConfigError, configSchema, loadConfig } from '../config.ts';
import { PLAYER_ROUTES } from './app.ts';

const PLAYER = 'https://player.example.com';
const DASHBOARD = 'https://hearth.example.org';

/** Stand-ins at the paths of the player routes and of an admin route. */
const routes: FastifyPluginAsync = async (app) => {
  app.post('/stages/:stageId/viewers/heartbeat', async () => ({ ok: true }));
  app.get('/stages/:stageId/viewers/stream', async () => ({ ok: true }));
  app.post('/viewer/heartbeat', async () => ({ ok: true }));
  app.post('/stages', async () => ({ ok: true }));
};

describe('CORS for web players (CORS_ORIGINS)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.app.close();
    t = undefined;
  });
  const app = async (env: Record<string, string>) => {
    t = await buildTestApp({ apiPlugins: [routes], env, toyRoutes: true });
    return t.app;
  };
  const preflight = (url: string, origin: string, method = 'POST') => ({
    method: 'OPTIONS' as const,
    url,
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'content-type,authorization',
    },
  });

  it('answers a player origin’s preflight on the viewer routes, without credentials', async () => {
    const a = await app({ CORS_ORIGINS: `${PLAYER}, https://other.example` });
    for (const url of ['/api/v1/stages/42/viewers/heartbeat', '/api/v1/viewer/heartbeat']) {
      const res = await a.inject(preflight(url, PLAYER));
      expect(res.statusCode, url).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(PLAYER);
      expect(res.headers['access-control-allow-methods']).toBe('GET, POST');
      expect(res.headers['access-control-allow-headers']).toBe('authorization, content-type');
      expect(res.headers['access-control-max-age']).toBe('600');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers.vary).toContain('Origin');
    }
  });

  it('lets the actual request through with the headers a browser needs to read it', async () => {
    const a = await app({ CORS_ORIGINS: PLAYER });
    const res = await a.inject({
      method: 'POST',
      url: '/api/v1/stages/42/viewers/heartbeat',
      headers: { origin: PLAYER, 'content-type': 'application/json' },
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(PLAYER);
    expect(res.headers['access-control-expose-headers']).toBe('retry-after, x-request-id');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const stream = await a.inject({
      method: 'GET',
      url: '/api/v1/stages/42/viewers/stream',
      headers: { origin: PLAYER },
    });
    expect(stream.headers['access-control-allow-origin']).toBe(PLAYER);
  });

  it('gives other origins, and player origins on other routes, no CORS at all', async () => {
    const a = await app({ CORS_ORIGINS: PLAYER });
    const stranger = await a.inject(preflight('/api/v1/stages/42/viewers/heartbeat', 'https://evil.example'));
    expect(stranger.statusCode).toBe(404);
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    const admin = await a.inject(preflight('/api/v1/stages', PLAYER));
    expect(admin.statusCode).toBe(404);
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
    const actual = await a.inject({
      method: 'POST',
      url: '/api/v1/stages',
      headers: { origin: PLAYER },
      payload: {},
    });
    expect(actual.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('opens the viewer routes to any site with *', async () => {
    const a = await app({ CORS_ORIGINS: '*' });
    const res = await a.inject(preflight('/api/v1/viewer/heartbeat', 'https://anywhere.example'));
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://anywhere.example');
    const admin = await a.inject(preflight('/api/v1/stages', 'https://anywhere.example'));
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps the dashboard’s origin (PUBLIC_URL) on every route, with credentials', async () => {
    const a = await app({ PUBLIC_URL: `${DASHBOARD}/`, CORS_ORIGINS: PLAYER });
    const res = await a.inject(preflight('/api/v1/stages', DASHBOARD));
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });

  it('is closed by default', async () => {
    const a = await app({});
    const res = await a.inject(preflight('/api/v1/stages/42/viewers/heartbeat', PLAYER));
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS_ORIGINS', () => {
  const parse = (value: string) => configSchema.parse({ CORS_ORIGINS: value }).CORS_ORIGINS;

  it('reads origins the way browsers send them', () => {
    expect(parse('')).toEqual([]);
    expect(parse('*')).toBe('*');
    expect(
      parse(' HTTPS://Player.Example.com:443/ , http://localhost:5173,https://player.example.com'),
    ).toEqual(['https://player.example.com', 'http://localhost:5173']);
  });

  it('stops the start with a message naming the variable', () => {
    for (const bad of [
      'player.example.com',
      'https://player.example.com/embed',
      'https://player.example.com?x=1',
      'ftp://player.example.com',
      'https://user:pw@player.example.com',
      '*,https://player.example.com',
    ]) {
      let error: unknown;
      try {
        loadConfig({ CORS_ORIGINS: bad }, {});
      } catch (caught) {
        error = caught;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('CORS_ORIGINS');
      expect((error as Error).message).toMatch(/^CORS_ORIGINS ".*" is invalid: expected \* or web origins/);
    }
  });

  it('matches exactly the player routes', () => {
    for (const url of [
      '/api/v1/stages/1/viewers/join',
      '/api/v1/stages/1/viewers/heartbeat?x=1',
      '/api/v1/stages/1/viewers/stream',
      '/api/v1/viewer/rejoin',
      '/api/v1/viewer/leave',
    ])
      expect(PLAYER_ROUTES.test(url), url).toBe(true);
    for (const url of [
      '/api/v1/stages',
      '/api/v1/stages/1',
      '/api/v1/stages/1/sessions',
      '/api/v1/viewers/1/history',
      '/api/v1/stages/1/viewers/join/extra',
      '/api/v2/viewer/leave',
    ])
      expect(PLAYER_ROUTES.test(url), url).toBe(false);
  });
});
