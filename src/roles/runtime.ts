import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, ensureDataDir } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';

/** Thrown for a start that cannot work as configured; main prints it and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Things a role started, stopped in reverse order on shutdown. */
export class Lifecycle {
  readonly #stops: { name: string; stop: () => Promise<void> }[] = [];
  readonly #logger: Logger;
  constructor(logger: Logger) {
    this.#logger = logger;
  }
  add(name: string, stop: () => Promise<void>): void {
    this.#stops.push({ name, stop });
  }
  async stop(): Promise<void> {
    while (this.#stops.length > 0) {
      const next = this.#stops.pop();
      if (!next) break;
      try {
        await next.stop();
      } catch (error) {
        this.#logger.warn({ err: error }, `stopping ${next.name} failed`);
      }
    }
  }
}

/**
 * PGlite is one process's database: a second Hearth opening the same DATA_DIR would corrupt it.
 * The pid file turns that mistake into a clear message.
 */
export function lockDataDir(dataDir: string): () => void {
  try {
    ensureDataDir(dataDir);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`configuration error: ${error.message}`);
    throw error;
  }
  const file = path.resolve(dataDir, 'hearth.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new UsageError(
        `another Hearth (pid ${pid}) is using DATA_DIR ${path.resolve(dataDir)}; the embedded database serves one process: stop it, or choose another DATA_DIR`,
      );
    }
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
    } catch {
      // Already gone.
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Separate processes need a server database: PGlite cannot be shared. */
export function requireServerDatabase(config: Config, role: string): void {
  if (config.DATABASE_URL === undefined) {
    throw new UsageError(
      `hearth ${role} needs DATABASE_URL: the embedded database (PGlite) serves a single process. Run \`hearth all\`, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
}
