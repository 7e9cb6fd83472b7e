import type { FastifyPluginAsync } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { guildOf } from '../auth/plugin.ts';
import { ServiceError } from '../errors.ts';
import { HttpError } from './errors.ts';

const routes: FastifyPluginAsync = async (app) => {
  app.post(
    '/echo',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1 }, count: { type: 'integer', minimum: 1 } },
        },
      },
    },
    async (request) => request.body,
  );
  app.get(
    '/paged',
    {
      schema: {
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 100 } } },
      },
    },
    async (request) => request.query,
  );
  app.get('/boom', async () => {
    throw new Error('secret internal detail');
  });
  app.get('/conflict', async () => {
    throw new HttpError('CONFLICT', 'already running');
  });
  app.get('/claimed', async () => {
    throw new ServiceError('conflict', 'quest already claimed', {
      reason: 'already_claimed',
      field: 'progress_id',
    });
  });
  app.get('/down', async () => {
    throw new ServiceError('unavailable', 'the queue is starting', { reason: 'starting' });
  });
  app.get('/me', { config: { auth: 'member' } }, async (request) => request.auth);
  app.get('/admin', { config: { auth: 'admin' } }, async () => ({ ok: true }));
  app.get<{ Querystring: { guild_id?: string } }>(
    '/guild',
    { config: { auth: 'member' } },
    async (request) => ({
      guild: guildOf(request, request.query.guild_id),
    }),
  );
};

describe('HTTP shell', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ apiPlugins: [routes], env: { BODY_LIMIT_BYTES: '1024' }, toyRoutes: true });
  });
  afterAll(async () => {
    await t.app.close();
  });

  describe('errors', () => {
    it("answers a service's refusal with the code of its kind and the field at fault", async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/claimed' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({
        statusCode: 409,
        code: 'CONFLICT',
        message: 'quest already claimed',
        field: 'progress_id',
      });
      const down = await t.app.inject({ method: 'GET', url: '/api/v1/down' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ code: 'UNAVAILABLE', message: 'the queue is starting' });
    });

    it('answers unknown routes with 404 in the error shape', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'no route GET /api/v1/nothing-here',
        requestId: expect.any(String),
      });
    });

    it('names the missing field of an invalid body', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/echo', payload: { count: 2 } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'name',
        message: 'body name is required',
      });
    });

    it('names the wrongly typed field', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/echo',
        payload: { name: 'a', count: 0 },
      });
      expect(res.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field: 'count' });
    });

    it('names a field that is not allowed', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/echo',
        payload: { name: 'a', evil: true },
      });
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'evil',
        message: 'body evil is not allowed',
      });
    });

    it('names an out-of-range query parameter', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/paged?limit=500' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        field: 'limit',
        message: expect.stringContaining('querystring limit'),
      });
    });

    it('rejects unparsable JSON with 400', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('rejects a body over the limit with 413', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/echo',
        payload: { name: 'x'.repeat(5000) },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    });

    it('rejects an unsupported content type with 415', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/echo',
        headers: { 'content-type': 'application/x-unknown' },
        payload: 'x',
      });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('hides internal failures behind a 500 without details', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/boom' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ code: 'INTERNAL' });
      expect(res.body).not.toContain('secret internal detail');
      expect(res.body).not.toContain('at ');
    });

    it('passes expected failures through with their code', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/conflict' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'CONFLICT', message: 'already running' });
    });

    it('echoes the caller request id', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'abc-123' } });
      expect(res.headers['x-request-id']).toBe('abc-123');
      expect(res.json().requestId).toBe('abc-123');
    });
  });

  describe('auth', () => {
    it('refuses a protected route without a token', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: 'this route needs a Bearer token',
      });
    });

    it('refuses a header that is not a Bearer token', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: 'Basic abc' },
      });
      expect(res.statusCode).toBe(401);
    });

    it('refuses a malformed token', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: 'Bearer not.a.jwt' },
      });
      expect(res.json()).toMatchObject({ statusCode: 401, message: 'token is malformed' });
    });

    it('refuses an expired token', async () => {
      const expired = await new SignJWT({ guilds: [], role: 'member' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('100000000000000001')
        .setIssuer('hearth')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(new TextEncoder().encode('test-secret-test-secret-test-secret-0123456789'));
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${expired}` },
      });
      expect(res.json()).toMatchObject({ statusCode: 401, message: 'token expired' });
    });

    it('refuses a token signed with another secret', async () => {
      const forged = await new SignJWT({ guilds: [], role: 'service' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('100000000000000001')
        .setIssuer('hearth')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${forged}` },
      });
      expect(res.json()).toMatchObject({ statusCode: 401, message: 'token signature is invalid' });
    });

    it('lets a member through to a member route and tells who they are', async () => {
      const token = await t.token({});
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        userId: '100000000000000001',
        guildIds: ['200000000000000001'],
        role: 'member',
      });
    });

    it('forbids a member from an admin route', async () => {
      const token = await t.token({ role: 'member' });
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/admin',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'FORBIDDEN', message: 'this route needs the admin role' });
    });

    it('lets admin and service tokens through to an admin route', async () => {
      for (const role of ['admin', 'service'] as const) {
        const token = await t.token({ role });
        const res = await t.app.inject({
          method: 'GET',
          url: '/api/v1/admin',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.statusCode).toBe(200);
      }
    });

    it("uses the token's only guild and refuses guilds it does not cover", async () => {
      const token = await t.token({});
      const headers = { authorization: `Bearer ${token}` };
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/guild', headers })).json()).toEqual({
        guild: '200000000000000001',
      });
      const other = await t.app.inject({
        method: 'GET',
        url: '/api/v1/guild?guild_id=999999999999',
        headers,
      });
      expect(other.statusCode).toBe(403);
    });

    it('asks for guild_id when the token covers several guilds', async () => {
      const token = await t.token({ guildIds: ['200000000000000001', '200000000000000002'] });
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/guild',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.json()).toMatchObject({ statusCode: 400, field: 'guild_id' });
    });
  });

  describe('operations endpoints', () => {
    it('answers liveness', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', version: 'test' });
    });

    it('exposes request counts and durations by route in Prometheus format', async () => {
      await t.app.inject({ method: 'GET', url: '/health' });
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toMatch(
        /hearth_http_requests_total\{method="GET",route="\/health",status="200",role="test"\} \d+/,
      );
      expect(res.body).toContain('hearth_http_request_duration_seconds_bucket');
      expect(res.body).toContain('hearth_process_resident_memory_bytes');
    });

    it('serves the OpenAPI document generated from the route schemas', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/ready', '/api/v1/echo']));
    });

    it('serves Swagger UI at /docs', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/docs/' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('swagger');
    });
  });
});

describe('API rate limit', () => {
  it('answers 429 in the error shape once a client exceeds the limit', async () => {
    const t = await buildTestApp({
      env: { API_RATE_LIMIT_PER_MINUTE: '2' },
      apiPlugins: [routes],
      toyRoutes: true,
    });
    try {
      for (let i = 0; i < 2; i++) {
        expect((await t.app.inject({ method: 'GET', url: '/api/v1/paged' })).statusCode).toBe(200);
      }
      const limited = await t.app.inject({ method: 'GET', url: '/api/v1/paged' });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(limited.headers['retry-after']).toBeDefined();
      expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await t.app.close();
    }
  });
});
