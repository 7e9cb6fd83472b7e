import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { isSnowflake, snowflake } from './schemas.ts';
import { findNul } from './validation.ts';

const routes: FastifyPluginAsync = async (app) => {
  app.get(
    '/query',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            n: { type: 'integer', minimum: -10, maximum: 10 },
            x: { type: 'number', minimum: 0, maximum: 1 },
            on: { type: 'boolean' },
            id: snowflake,
          },
        },
      },
    },
    async (request) => request.query,
  );
  app.post(
    '/body',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            n: { type: 'integer', minimum: -10, maximum: 10 },
            on: { type: 'boolean' },
            id: snowflake,
            tags: { type: 'array', maxItems: 5, items: { type: 'string', maxLength: 10 } },
            free: { type: 'object' },
          },
        },
      },
    },
    async (request) => request.body,
  );
};

describe('input validation of every route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ apiPlugins: [routes], toyRoutes: true });
  });
  afterAll(async () => {
    await t?.app.close();
  });
  const query = (q: string) => t.app.inject({ method: 'GET', url: `/api/v1/query?${q}` });
  const body = (payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/body',
      payload: JSON.stringify(payload),
      headers: { 'content-type': 'application/json' },
    });

  it('reads querystring numbers and booleans from text', async () => {
    expect((await query('n=-3&x=0.5&on=true&id=42')).json()).toEqual({ n: -3, x: 0.5, on: true, id: '42' });
  });

  it.each(['Infinity', '-Infinity', '1e309', '0x10', '0b11', '1e1', '+1', ' 1', '1 ', ''])(
    'refuses the integer %j, naming the field',
    async (value) => {
      expect((await query(`n=${encodeURIComponent(value)}`)).json()).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        field: 'n',
      });
    },
  );

  it('refuses a number written with an exponent', async () => {
    expect((await query('x=5e-1')).json()).toMatchObject({ statusCode: 400, field: 'x' });
  });

  it('never converts the values of a JSON body', async () => {
    expect((await body({ n: 3, on: true })).json()).toEqual({ n: 3, on: true });
    expect((await body({ n: '3' })).json()).toMatchObject({ statusCode: 400, field: 'n' });
    expect((await body({ n: true })).json()).toMatchObject({ statusCode: 400, field: 'n' });
    expect((await body({ on: 'true' })).json()).toMatchObject({ statusCode: 400, field: 'on' });
    expect((await body({ id: 123456789012345680 })).json()).toMatchObject({ statusCode: 400, field: 'id' });
    expect((await body({ tags: 'one' })).json()).toMatchObject({ statusCode: 400, field: 'tags' });
  });

  it('refuses ids beyond the bigint range, and takes the largest', async () => {
    expect((await query('id=9223372036854775807')).statusCode).toBe(200);
    const res = await query('id=9223372036854775808');
    expect(res.json()).toMatchObject({ statusCode: 400, field: 'id' });
    expect(res.json().message).toContain('Discord id');
    expect((await body({ id: '99999999999999999999' })).json()).toMatchObject({
      statusCode: 400,
      field: 'id',
    });
  });

  it('refuses NUL anywhere, naming where', async () => {
    expect((await query('id=%00')).json()).toMatchObject({ statusCode: 400, field: 'id' });
    expect((await body({ tags: ['ok', 'n\u0000'] })).json()).toMatchObject({
      statusCode: 400,
      field: 'tags.1',
    });
    expect((await body({ free: { 'a/b': { c: '\u0000' } } })).json()).toMatchObject({
      statusCode: 400,
      field: 'free.a/b.c',
    });
    expect((await body({ free: { 'k\u0000': 1 } })).json()).toMatchObject({
      statusCode: 400,
      field: 'free.k\u0000',
    });
  });

  it('looks for NUL in deeply nested input without exhausting the stack', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNul(deep)).toBe(`${'/0'.repeat(100_000)}`);
    expect(findNul({ a: [1, null, true, { b: 'fine' }] })).toBeNull();
  });

  it('knows a snowflake', () => {
    expect(isSnowflake('0')).toBe(true);
    expect(isSnowflake('00000000000000000001')).toBe(true);
    expect(isSnowflake('9223372036854775807')).toBe(true);
    expect(isSnowflake('9223372036854775808')).toBe(false);
    expect(isSnowflake('-1')).toBe(false);
    expect(isSnowflake('1'.repeat(21))).toBe(false);
  });
});
