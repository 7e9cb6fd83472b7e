import type { FastifyPluginAsync } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/support/app.ts';
import { PUBLIC_ROUTES } from '../http/public-routes.ts';

describe('which routes are public', () => {
  it('refuses to start with a route that declares no role and is not listed as public', async () => {
    const forgot: FastifyPluginAsync = async (app) => {
      app.get('/secrets', async () => ({ leaked: true }));
    };
    await expect(buildTestApp({ apiPlugins: [forgot] })).rejects.toThrow(
      /GET \/api\/v1\/secrets declares no config.auth and is not listed/,
    );
  });

  it('starts with listed public routes and routes that need a role, and says which in the OpenAPI document', async () => {
    expect(PUBLIC_ROUTES['GET /api/v1/levels/leaderboard']).toBeDefined();
    const routes: FastifyPluginAsync = async (app) => {
      app.get('/levels/leaderboard', { schema: { summary: 'listed' } }, async () => ({ ok: true }));
      app.post(
        '/karma/adjust',
        { config: { auth: 'admin' }, schema: { summary: 'admin' } },
        async () => ({}),
      );
    };
    const t = await buildTestApp({ apiPlugins: [routes] });
    try {
      const paths = t.app.swagger().paths ?? {};
      expect(paths['/api/v1/levels/leaderboard']?.get).toMatchObject({ 'x-hearth-auth': 'public' });
      expect(paths['/api/v1/karma/adjust']?.post).toMatchObject({ 'x-hearth-auth': 'admin' });
      expect(paths['/health']?.get).toMatchObject({ 'x-hearth-auth': 'public' });
    } finally {
      await t.app.close();
    }
  });

  it('answers a public route as without a token whatever scheme the header names', async () => {
    const routes: FastifyPluginAsync = async (app) => {
      app.get('/levels/leaderboard', async (request) => ({ caller: request.auth?.userId ?? null }));
      app.get('/karma/summary', { config: { auth: 'member' } }, async () => ({}));
    };
    const t = await buildTestApp({ apiPlugins: [routes] });
    try {
      const basic = { authorization: 'Basic dXNlcjpwdw==' };
      const open = await t.app.inject({ method: 'GET', url: '/api/v1/levels/leaderboard', headers: basic });
      expect(open.json()).toEqual({ caller: null });
      const token = await t.token({ userId: '42' });
      const cookie = await t.app.inject({
        method: 'GET',
        url: '/api/v1/levels/leaderboard',
        headers: { ...basic, cookie: `hearth_session=${token}` },
      });
      expect(cookie.json()).toEqual({ caller: '42' });
      const closed = await t.app.inject({ method: 'GET', url: '/api/v1/karma/summary', headers: basic });
      expect(closed.json()).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    } finally {
      await t.app.close();
    }
  });
});
