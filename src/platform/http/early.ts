import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyServerFactory } from 'fastify';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface EarlyServer {
  readonly server: Server;
  readonly address: string;
  /** Give to Fastify as `serverFactory`: it hands over its request handler without listening. */
  readonly factory: FastifyServerFactory;
  /** Routes requests to the Fastify app from now on (call after `app.ready()`). */
  activate(): void;
  /** Stops listening and waits for open requests (after the app's own graceful close). */
  close(): Promise<void>;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '2' });
  response.end(JSON.stringify(body));
}

/**
 * The port is taken and liveness answers before the database is even opened: a first start on a
 * fresh machine spends seconds creating the embedded database and migrating it, and a supervisor
 * should see a live process, not a refused connection. Until the app is ready every other request
 * gets a 503 in the API's error shape.
 */
export async function listenEarly(options: { port: number; host: string }): Promise<EarlyServer> {
  const startedAt = Date.now();
  let appHandler: Handler | undefined;
  let active: Handler | undefined;
  const server = createServer((request, response) => {
    if (active) {
      active(request, response);
      return;
    }
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/health') {
      json(response, 200, {
        status: 'ok',
        starting: true,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      });
    } else {
      // The API's error shape, request id included, before the API exists.
      const requestId = randomUUID();
      response.setHeader('x-request-id', requestId);
      json(response, 503, {
        statusCode: 503,
        code: 'UNAVAILABLE',
        message: 'Hearth is starting; try again in a moment',
        requestId,
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    server,
    address: `http://${host}:${bound.port}`,
    factory: ((handler: Handler) => {
      appHandler = handler;
      return server;
    }) as unknown as FastifyServerFactory,
    activate() {
      if (!appHandler) throw new Error('the app was not built on this server');
      active = appHandler;
    },
    close() {
      if (!server.listening) return Promise.resolve();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
