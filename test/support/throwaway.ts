import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * PostgreSQL and Redis servers of a test's own, on free ports, that the test may stop: the outage
 * suite stops them under a running API. The shared servers of the machine are never touched.
 */

const run = promisify(execFile);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Debian's server binaries (the postgresql package), newest version first. */
function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user. */
async function asServerUser(): Promise<{
  uid: number;
  gid: number;
  wrap: (command: string[]) => string[];
} | null> {
  if (process.getuid?.() !== 0) return { uid: -1, gid: -1, wrap: (command) => command };
  try {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    return { uid, gid, wrap: (command) => ['runuser', '-u', 'postgres', '--', ...command] };
  } catch {
    return null;
  }
}

export interface ThrowawayPostgres {
  url: string;
  /** Stops the server at once (`pg_ctl stop -m immediate`): connections break as in a crash. */
  stop(): Promise<void>;
  /** Stops it if it runs and removes its files. */
  dispose(): Promise<void>;
}

/** Why a throwaway PostgreSQL cannot start here, or null when it can. */
export async function throwawayPostgresUnavailable(): Promise<string | null> {
  if (!postgresBin()) return 'no PostgreSQL server binaries in /usr/lib/postgresql (the postgresql package)';
  if (!(await asServerUser())) return 'running as root without a postgres user to run the server as';
  return null;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBin();
  const user = await asServerUser();
  if (!bin || !user) throw new Error((await throwawayPostgresUnavailable()) ?? 'no PostgreSQL');
  const root = mkdtempSync(path.join(tmpdir(), 'hearth-pg-'));
  const data = path.join(root, 'data');
  if (user.uid >= 0) chownSync(root, user.uid, user.gid);
  const exec = async (command: string[]) => {
    const [file, ...args] = user.wrap(command);
    await run(file as string, args, { timeout: 60_000 });
  };
  const port = await freePort();
  await exec([
    path.join(bin, 'initdb'),
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  await exec([
    path.join(bin, 'pg_ctl'),
    '-D',
    data,
    '-o',
    options,
    '-l',
    path.join(root, 'log'),
    '-w',
    'start',
  ]);
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    await exec([path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    async dispose() {
      await stop().catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface ThrowawayRedis {
  url: string;
  /** Kills the server (SIGKILL). */
  kill(): Promise<void>;
}

/** Why a throwaway Redis cannot start here, or null when it can. */
export async function throwawayRedisUnavailable(): Promise<string | null> {
  try {
    await run('redis-server', ['--version']);
    return null;
  } catch {
    return 'no redis-server on the PATH (the redis-server package)';
  }
}

export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (child.exitCode !== null) throw new Error('redis-server exited at start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}/0`,
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
