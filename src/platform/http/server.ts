import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  port: number;
  host: string;
}

/** Listens and returns the bound address (port 0 picks a free one). */
export async function listen(app: FastifyInstance, options: ListenOptions): Promise<string> {
  return app.listen({
    port: options.port,
    host: options.host,
    listenTextResolver: (address) => `Hearth API listening on ${address}`,
  });
}

/**
 * Stops taking new requests (they get 503), lets in-flight ones finish, and gives up after
 * `timeoutMs` so a stuck client cannot hold the process.
 */
export async function closeGracefully(app: FastifyInstance, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      app.server.closeAllConnections?.();
      resolve();
    }, timeoutMs);
    timer.unref();
  });
  await Promise.race([app.close(), timeout]);
  clearTimeout(timer);
}
