import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the dashboard, beside src/ in a checkout or a package. */
export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Vite names every file under assets/ by its content hash: a new build means new names. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed files (the favicon) are revalidated on each use (ETag, 304). */
const REVALIDATE = 'no-cache';

/** Paths that belong to the server: never answered with the dashboard, even for a browser. */
const SERVER_PREFIXES = ['/api', '/auth', '/docs', '/health', '/ready', '/metrics'];

/** A top-level file of the build (`/favicon.svg`): one segment with an extension. */
const TOP_LEVEL_FILE = /^\/[\w.-]+\.[a-z0-9]+$/i;

export function isServerPath(pathname: string): boolean {
  return SERVER_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** Whether a GET is a page load the single-page app should answer (its router takes it from there). */
export function wantsDashboard(pathname: string, accept: string | undefined): boolean {
  if (isServerPath(pathname)) return false;
  return pathname === '/' || (accept ?? '').includes('text/html');
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hearth</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5">
<h1>Hearth is running</h1>
<p>The web dashboard has not been built yet. In the Hearth folder, run:</p>
<pre>npm run build:web</pre>
<p>then reload this page (<code>npm start</code> builds it for you). Meanwhile the API is at
<a href="/docs">/docs</a> and its state at <a href="/ready">/ready</a>.</p>
</body></html>
`;

export interface DashboardOptions {
  /** The Vite build output; checked on each request, so a build made while Hearth runs is served. */
  distDir: string;
}

/**
 * Serves the dashboard (web/dist): hashed assets cached for a year, index.html revalidated, and
 * the single-page app's own paths (`/overview`, `/system`...) answered with index.html. Files are
 * sent pre-compressed (.br/.gz written by the build) when the browser accepts it.
 */
export function dashboardRoutes(options: DashboardOptions): FastifyPluginAsync {
  const distDir = path.resolve(options.distDir);
  const indexFile = path.join(distDir, 'index.html');
  // Page loads and assets are not API calls: they do not spend the client's API rate limit.
  const config = { rateLimit: false } as const;
  const schema = { hide: true } as const;

  function sendIndex(reply: FastifyReply) {
    if (!existsSync(indexFile)) {
      return reply
        .status(503)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT_PAGE);
    }
    reply.header('cache-control', REVALIDATE);
    return reply.sendFile('index.html', distDir, { cacheControl: false });
  }

  return async (app) => {
    // `serve: false`: the routes below decide what is served; the plugin only sends files.
    await app.register(fastifyStatic, {
      root: distDir,
      serve: false,
      preCompressed: true,
      suppressWarning: true,
    });

    app.get<{ Params: { '*': string } }>('/assets/*', { config, schema }, async (request, reply) => {
      reply.header('cache-control', IMMUTABLE);
      return reply.sendFile(path.posix.join('assets', request.params['*']), distDir, { cacheControl: false });
    });

    app.get('/*', { config, schema }, async (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      if (
        TOP_LEVEL_FILE.test(pathname) &&
        !isServerPath(pathname) &&
        existsSync(path.join(distDir, pathname))
      ) {
        reply.header('cache-control', REVALIDATE);
        return reply.sendFile(pathname.slice(1), distDir, { cacheControl: false });
      }
      if (wantsDashboard(pathname, request.headers.accept)) return sendIndex(reply);
      // Anything else keeps the API's JSON 404.
      return reply.callNotFound();
    });
  };
}
