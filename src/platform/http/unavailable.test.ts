import type { FastifyPluginAsync } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/support/app.ts';
import { isUnavailable } from './unavailable.ts';

function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('telling an outage from a bug', () => {
  it.each([
    ['PostgreSQL refusing connections', coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    [
      'PostgreSQL shutting down (57P01)',
      coded('terminating connection due to administrator command', '57P01'),
    ],
    ['PostgreSQL starting up (57P03)', coded('the database system is starting up', '57P03')],
    ['a connection exception (08006)', coded('connection failure', '08006')],
    ['too many connections (53300)', coded('sorry, too many clients already', '53300')],
    ['a pool connection that died', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    [
      'Redis without its connection',
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ],
    ['Redis closed', new Error('Connection is closed.')],
    ['Redis that hangs', new Error('Command timed out')],
    [
      'Redis giving up',
      Object.assign(new Error('Reached the max retries per request limit (which is 0).'), {
        name: 'MaxRetriesPerRequestError',
      }),
    ],
    ['a job queue no worker has created yet', new Error('Queue discord-sync does not exist')],
    ['a cause that is an outage', new Error('could not load', { cause: coded('connect', 'ECONNRESET') })],
    ['every address refusing', new AggregateError([coded('a', 'ECONNREFUSED'), coded('b', 'ECONNREFUSED')])],
  ])('%s is an outage', (_name, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ['a syntax error (42601)', coded('syntax error at or near', '42601')],
    [
      'a value out of range (22003)',
      coded('value "9223372036854775808" is out of range for type bigint', '22003'),
    ],
    ['a unique violation (23505)', coded('duplicate key value', '23505')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', 'ECONNREFUSED'],
  ])('%s is not', (_name, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});

describe('the error handler under an outage', () => {
  it('answers 503 UNAVAILABLE with retry-after where it answered 500', async () => {
    const routes: FastifyPluginAsync = async (app) => {
      app.get('/pg', async () => {
        throw coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
      });
      app.get('/redis', async () => {
        throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
      });
      app.get('/bug', async () => {
        throw new Error('a bug');
      });
    };
    const t = await buildTestApp({ apiPlugins: [routes], toyRoutes: true });
    try {
      for (const url of ['/api/v1/pg', '/api/v1/redis']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.json()).toMatchObject({
          statusCode: 503,
          code: 'UNAVAILABLE',
          requestId: expect.any(String),
        });
      }
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/bug' })).json()).toMatchObject({
        statusCode: 500,
        code: 'INTERNAL',
      });
    } finally {
      await t.app.close();
    }
  });
});
