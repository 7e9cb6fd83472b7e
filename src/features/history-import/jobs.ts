import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Pipeline } from '../../pipeline/pipeline.ts';
import type { Db } from '../../platform/db/port.ts';
import type { REST } from '../../platform/discord/rest.ts';
import type { Logger } from '../../platform/logger.ts';
import type { JobDefinition, Queue } from '../../platform/queue/index.ts';
import { finishTask, recordFailure, unfinishedTasks } from './repository.ts';
import { DEFAULT_LEASE_MS, runImport } from './runner.ts';
import { HISTORY_IMPORT_QUEUE, type HistoryJobData } from './service.ts';

export const HISTORY_WATCHDOG_QUEUE = 'history-import-watchdog';

/** Failed runs of one task (Discord or the database down for good) before it is marked failed. */
export const MAX_ATTEMPTS = 5;

export function runnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export interface HistoryJobDeps {
  db: Db;
  rest: REST | undefined;
  pipeline: Pipeline;
  logger: Logger;
  /** Absent: a tool without a queue (retries and resumes are left to a worker's watchdog). */
  queue: Queue | undefined;
  leaseMs?: number;
}

/**
 * The import job and its watchdog. A job runs one task under a lease; a worker that dies lets the
 * lease lapse, and the watchdog (each minute, and when a worker starts) sends the task again, timed
 * for when its lease runs out, so an unfinished task always finds a runner. A job that finds the
 * task's lease held by a live run, in this worker or another, leaves it to that run.
 */
export function historyImportJobs(deps: HistoryJobDeps): JobDefinition[] {
  const importJob: JobDefinition<HistoryJobData> = {
    name: HISTORY_IMPORT_QUEUE,
    work: { pollingIntervalSeconds: 1, localConcurrency: 2 },
    // The lease, not pg-boss's expiry, tells a live run from a dead one; long imports are normal.
    expireInSeconds: 86_400,
    retryLimit: 0,
    async handler(jobs) {
      for (const job of jobs) await runJob(deps, job.data.taskId);
    },
  };
  const watchdog: JobDefinition = {
    name: HISTORY_WATCHDOG_QUEUE,
    cron: '* * * * *',
    async handler() {
      await resumeUnfinished(deps);
    },
  };
  return [importJob as JobDefinition, watchdog];
}

async function runJob(deps: HistoryJobDeps, taskId: string): Promise<void> {
  const { db, logger } = deps;
  // One lease owner per run, not per worker: the watchdog sends a job for every unfinished task,
  // including one this worker is running, and with the worker's name that job would take over the
  // live lease as its own. Two runs of one task then each stop at the other's first checkpoint
  // write, and the task sits unrun, its progress frozen, until the watchdog's next round.
  const owner = runnerId();
  if (!deps.rest) {
    await finishTask(db, taskId, 'failed', 'the worker has no Discord token (DISCORD_TOKEN)', null);
    return;
  }
  try {
    const outcome = await runImport(
      {
        db,
        rest: deps.rest,
        pipeline: deps.pipeline,
        logger,
        owner,
        leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS,
      },
      taskId,
    );
    logger.debug({ taskId, outcome: outcome.kind }, 'history import run ended');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const attempts = await recordFailure(db, taskId, owner, message);
    if (attempts >= MAX_ATTEMPTS) {
      await finishTask(db, taskId, 'failed', `gave up after ${attempts} failed runs: ${message}`, null);
      logger.error({ err: error, taskId, attempts }, 'history import failed');
      return;
    }
    const delay = 10 * attempts;
    logger.warn(
      { err: error, taskId, attempts, retryInSeconds: delay },
      'history import run failed; retrying',
    );
    await deps.queue
      ?.send<HistoryJobData>(HISTORY_IMPORT_QUEUE, { taskId }, { startAfterSeconds: delay })
      .catch(() => undefined);
  }
}

/** Sends a job for every unfinished task, starting when its current lease (if any) lapses. */
export async function resumeUnfinished(
  deps: Pick<HistoryJobDeps, 'db' | 'queue' | 'logger'>,
): Promise<number> {
  const queue = deps.queue;
  if (!queue) return 0;
  const tasks = await unfinishedTasks(deps.db);
  for (const task of tasks) {
    const wait = task.lease_until ? Math.ceil((task.lease_until.getTime() - Date.now()) / 1000) + 1 : 0;
    await queue.send<HistoryJobData>(
      HISTORY_IMPORT_QUEUE,
      { taskId: task.id },
      { singletonKey: `resume:${task.id}`, startAfterSeconds: Math.max(0, wait) },
    );
  }
  if (tasks.length > 0)
    deps.logger.info({ tasks: tasks.length }, 'unfinished history imports sent to workers');
  return tasks.length;
}
