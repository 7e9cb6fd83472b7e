import net from 'node:net';

/**
 * Real PostgreSQL and Redis are part of the suite. Locally a missing service skips its suites with
 * a warning; under CI (CI=true) a missing service fails the run, so a green CI always means the
 * production adapters were exercised.
 */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

const isCi = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function available(name: string, url: string, defaultPort: number): Promise<boolean> {
  if (await reachable(url, defaultPort)) return true;
  const message = `${name} is not reachable at ${url}`;
  if (isCi()) throw new Error(`${message}; CI requires it (start it, see .ci/run)`);
  console.warn(`[hearth tests] ${message}: skipping its suites (they are required under CI=true)`);
  return false;
}

export const postgresAvailable = await available('PostgreSQL', TEST_POSTGRES_URL, 5432);
export const redisAvailable = await available('Redis', TEST_REDIS_URL, 6379);
