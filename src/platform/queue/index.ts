import {
  type Db as BossDb,
  type ConstructorOptions,
  fromPglite,
  type Job,
  PgBoss,
  type WorkOptions,
} from 'pg-boss';
import type { PgliteDb } from '../db/pglite.ts';
import type { Db, Queryable } from '../db/port.ts';
import { ServiceError } from '../errors.ts';
import type { Logger } from '../logger.ts';

export type { Job } from 'pg-boss';

/** A queue, its handler and optionally a cron schedule; features export these from their jobs.ts. */
export interface JobDefinition<T extends object = object> {
  name: string;
  /** Cron expression in UTC (5 fields, or 6 with seconds). Fires once across all workers. */
  cron?: string;
  work?: WorkOptions;
  /** Jobs left in the queue longer than this are given up (seconds); pg-boss default otherwise. */
  retryLimit?: number;
  /** How long a job may stay active before pg-boss gives it up (seconds); pg-boss default otherwise. */
  expireInSeconds?: number;
  handler(jobs: Job<T>[]): Promise<void>;
}

export interface QueueOptions {
  db: Db;
  /** PostgreSQL connection string; pg-boss keeps its own small pool. Absent on PGlite. */
  url?: string | undefined;
  logger: Logger;
  /** Run maintenance and cron timekeeping here (worker, all); an API process only sends. */
  supervise: boolean;
  /** How often cron is checked; tests make it short. */
  cronIntervalSeconds?: number;
  /**
   * How long a send made before the queue started waits for the start before it fails with a
   * `queue_starting` refusal (503 on the API). In `all` the API listens a few seconds before the queue
   * has started, so a request in that window waits instead of failing. Default 10 s.
   */
  startWaitMs?: number;
}

export interface SendOptions {
  /** At most one job with this key waits in the queue. */
  singletonKey?: string;
  /** Not before this many seconds from now. */
  startAfterSeconds?: number;
  /**
   * Insert the job in this transaction of Hearth's, so that it exists if and only if the transaction
   * commits. Required when sending from inside a transaction on PGlite: its one connection is held by
   * the transaction, and a send of its own would wait for it forever.
   */
  tx?: Queryable;
}

/**
 * The queue exists from its construction, so every service can be built with it once; it starts
 * later (pg-boss migrates its schema and opens its pool). Sends made before the start wait for it
 * (see `startWaitMs`); after `stop` they fail with a `queue_stopped` refusal.
 */
export interface Queue {
  readonly boss: PgBoss;
  /** Whether `start` has completed and `stop` has not been called. */
  readonly started: boolean;
  start(): Promise<void>;
  register(definitions: readonly JobDefinition[]): Promise<void>;
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Round trip through pg-boss's own tables, in ms; throws when the queue cannot be used. */
  ping(): Promise<number>;
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** pg-boss's executor over a transaction of Hearth's (a job insert is one statement). */
function inTransaction(tx: Queryable): BossDb {
  return { executeSql: (text, values) => tx.query(text, values ?? []) };
}

function isPglite(db: Db): db is PgliteDb {
  return db.kind === 'pglite';
}

export function createQueue(options: QueueOptions): Queue {
  const common: ConstructorOptions = {
    schema: 'pgboss',
    supervise: options.supervise,
    schedule: options.supervise,
    migrate: true,
    ...(options.cronIntervalSeconds !== undefined
      ? {
          cronWorkerIntervalSeconds: options.cronIntervalSeconds,
          cronMonitorIntervalSeconds: options.cronIntervalSeconds,
        }
      : {}),
  };
  let boss: PgBoss;
  if (isPglite(options.db)) {
    boss = new PgBoss({ ...common, db: fromPglite(options.db.pglite), backend: 'pglite' });
  } else {
    if (!options.url) throw new Error('the queue needs DATABASE_URL on PostgreSQL');
    boss = new PgBoss({ ...common, connectionString: options.url, max: 4, application_name: 'hearth-queue' });
  }
  boss.on('error', (error) => options.logger.error({ err: error }, 'queue error'));
  let state: 'new' | 'started' | 'stopped' = 'new';
  let markStarted: () => void = () => {};
  const startedSignal = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const startWaitMs = options.startWaitMs ?? 10_000;
  const currentState = () => state;
  const isStarted = (): boolean => state === 'started';
  const stoppedError = () =>
    new ServiceError('unavailable', 'the job queue is stopped', { reason: 'queue_stopped' });

  /** Resolves once the queue can take jobs; refuses when it stopped or did not start in time. */
  const whenStarted = async (): Promise<void> => {
    if (state === 'started') return;
    if (state === 'stopped')
      throw new ServiceError('unavailable', 'the job queue is stopped', { reason: 'queue_stopped' });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), startWaitMs);
      timer.unref();
    });
    const outcome = await Promise.race([startedSignal, timedOut]);
    clearTimeout(timer);
    if (outcome !== 'timeout' && isStarted()) return;
    // `stop` fires the signal too: read the state again rather than trusting the race's winner.
    if (currentState() === 'stopped') throw stoppedError();
    throw new ServiceError('unavailable', 'the job queue is starting; retry in a moment', {
      reason: 'queue_starting',
    });
  };

  return {
    boss,
    get started() {
      return isStarted();
    },
    async start() {
      await boss.start();
      state = 'started';
      markStarted();
    },
    async register(definitions) {
      for (const definition of definitions) {
        await boss.createQueue(definition.name, {
          ...(definition.retryLimit !== undefined ? { retryLimit: definition.retryLimit } : {}),
          ...(definition.expireInSeconds !== undefined
            ? { expireInSeconds: definition.expireInSeconds }
            : {}),
        });
        await boss.work<object>(definition.name, definition.work ?? {}, async (jobs) => {
          await definition.handler(jobs as Job<never>[]);
        });
        if (definition.cron) await boss.schedule(definition.name, definition.cron, null, { tz: 'UTC' });
      }
    },
    async send(name, data, sendOptions) {
      await whenStarted();
      return boss.send(name, data, {
        ...(sendOptions?.singletonKey ? { singletonKey: sendOptions.singletonKey } : {}),
        ...(sendOptions?.startAfterSeconds ? { startAfter: sendOptions.startAfterSeconds } : {}),
        ...(sendOptions?.tx ? { db: inTransaction(sendOptions.tx) } : {}),
      });
    },
    async ping() {
      if (state !== 'started') throw new Error(state === 'new' ? 'queue is starting' : 'queue is stopped');
      const startedAt = performance.now();
      await boss.getQueues();
      return performance.now() - startedAt;
    },
    async stop(stopOptions) {
      const wasStarted = state === 'started';
      state = 'stopped';
      // Sends waiting for a start that will not come fail now rather than at their time-out.
      markStarted();
      if (!wasStarted) return;
      await boss.stop({ graceful: true, close: true, timeout: stopOptions?.timeoutMs ?? 4000 });
    },
  };
}
