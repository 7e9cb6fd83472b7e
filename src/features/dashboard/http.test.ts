import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { tempDir } from '../../../test/support/process.ts';
import { dashboardRoutes, isServerPath, wantsDashboard } from './http.ts';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function fakeDist(): string {
  const dist = path.join(tempDir('hearth-dist-'), 'dist');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), INDEX);
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js.gz'), gzipSync(SCRIPT));
  return dist;
}

const apiRoute: FastifyPluginAsync = async (api) => {
  api.get('/things', async () => ({ ok: true }));
};

describe('dashboard routes with a built dashboard', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = fakeDist();
    t = await buildTestApp({
      rootPlugins: [dashboardRoutes({ distDir: dist })],
      apiPlugins: [apiRoute],
      toyRoutes: true,
    });
  });
  afterAll(async () => {
    await t.app.close();
    rmSync(path.dirname(dist), { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache, under the CSP', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toBe(INDEX);
  });

  it('answers the app’s own paths with index.html when a browser asks for a page', async () => {
    for (const url of ['/overview', '/system', '/signin?error=discord', '/some/deep/path']) {
      const res = await t.app.inject({ url, headers: { accept: HTML } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('serves hashed assets as immutable for a year, pre-compressed when accepted', async () => {
    const plain = await t.app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.body).toBe(SCRIPT);

    const gzipped = await t.app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/javascript/);
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
  });

  it('serves unhashed top-level files revalidated', async () => {
    const res = await t.app.inject({ url: '/favicon.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('keeps the JSON 404 for missing assets, API paths and non-page requests', async () => {
    for (const [url, accept] of [
      ['/assets/missing-123.js', HTML],
      ['/api/v1/nope', HTML],
      ['/auth/nope', HTML],
      ['/docs-nope.json', '*/*'],
      ['/overview', 'application/json'],
    ] as const) {
      const res = await t.app.inject({ url, headers: { accept } });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('leaves the API and operations routes alone', async () => {
    const api = await t.app.inject({ url: '/api/v1/things', headers: { accept: HTML } });
    expect(api.json()).toEqual({ ok: true });
    const health = await t.app.inject({ url: '/health', headers: { accept: HTML } });
    expect(health.json()).toMatchObject({ status: 'ok' });
  });

  it('refuses paths that climb out of the build folder', async () => {
    const res = await t.app.inject({ url: '/assets/../../../etc/passwd' });
    expect([403, 404]).toContain(res.statusCode);
    expect(res.body).not.toContain('root:');
  });

  it('does not spend the API rate limit on page loads and assets', async () => {
    const res = await t.app.inject({ url: '/assets/index-abc123.js' });
    expect(res.headers['x-ratelimit-limit']).toBeUndefined();
  });
});

describe('dashboard routes before the dashboard is built', () => {
  it('answers / with a page that says how to build it, and starts fine', async () => {
    const missing = path.join(tempDir('hearth-nodist-'), 'dist');
    const t = await buildTestApp({ rootPlugins: [dashboardRoutes({ distDir: missing })] });
    try {
      const res = await t.app.inject({ url: '/' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('npm run build:web');
      const page = await t.app.inject({ url: '/overview', headers: { accept: HTML } });
      expect(page.body).toContain('npm run build:web');
      const asset = await t.app.inject({ url: '/assets/index-abc123.js' });
      expect(asset.statusCode).toBe(404);
    } finally {
      await t.app.close();
    }
  });
});

describe('which requests the dashboard answers', () => {
  it('never takes the server’s own paths', () => {
    for (const p of [
      '/api',
      '/api/v1/x',
      '/auth/login',
      '/docs',
      '/docs/json',
      '/health',
      '/ready',
      '/metrics',
    ]) {
      expect(isServerPath(p), p).toBe(true);
      expect(wantsDashboard(p, 'text/html'), p).toBe(false);
    }
    expect(isServerPath('/apiary')).toBe(false);
  });

  it('takes / always and other paths only for a browser asking for HTML', () => {
    expect(wantsDashboard('/', undefined)).toBe(true);
    expect(wantsDashboard('/overview', HTML)).toBe(true);
    expect(wantsDashboard('/overview', 'application/json')).toBe(false);
    expect(wantsDashboard('/overview', undefined)).toBe(false);
  });
});
