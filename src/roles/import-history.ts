import { setTimeout as sleep } from 'node:timers/promises';
import { runnerId } from '../features/history-import/jobs.ts';
import { describeError, isRefusal } from '../features/history-import/listing.ts';
import type { TaskRow } from '../features/history-import/repository.ts';
import { runImport } from '../features/history-import/runner.ts';
import { HistoryImportService, type TaskView, taskView } from '../features/history-import/service.ts';
import { guildExists } from '../features/sync/repository.ts';
import { syncGuild } from '../features/sync/service.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/port.ts';
import { createDiscordRest, type REST } from '../platform/discord/rest.ts';
import { ServiceError } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import { importGuilds } from './feature-services.ts';
import { pipelineFeatures } from './features.ts';
import { createRewards } from './rewards.ts';
import { Lifecycle, lockDataDir, UsageError } from './runtime.ts';
import { createMetrics, startDatabase, startHotStore, startPipeline } from './services.ts';

export interface ImportHistoryOptions {
  guildId: string;
  channelIds: string[] | undefined;
  since: Date | undefined;
  until: Date | undefined;
  awardKarma: boolean;
}

export interface ImportOutput {
  /** A progress line; `final` ends it (a terminal redraws one line until then). */
  progress(line: string, final?: boolean): void;
  print(line: string): void;
}

/** What the command ends with: its exit code. */
export type ImportExit = 0 | 1 | 130;

/**
 * `hearth import history`: runs (or resumes) a guild's history import in this process, with a
 * progress line. Ctrl-C stops it at its last checkpoint; the next run, or any worker, resumes it.
 * When a worker already runs the guild's import, the command follows that one instead.
 */
export async function runImportHistory(
  config: Config,
  logger: Logger,
  options: ImportHistoryOptions,
  output: ImportOutput,
  signal: AbortSignal,
): Promise<ImportExit> {
  if (!config.DISCORD_TOKEN) {
    throw new UsageError('DISCORD_TOKEN is required: the import reads the guild from Discord’s REST API');
  }
  const lifecycle = new Lifecycle(logger);
  const unlock = config.DATABASE_URL === undefined ? lockDataDir(config.DATA_DIR) : () => {};
  lifecycle.add('data dir lock', async () => unlock());
  try {
    const db = await startDatabase(config, logger, lifecycle, {
      migrate: config.DATABASE_URL === undefined,
      role: 'import',
    });
    const hot = await startHotStore(config, logger, lifecycle);
    const rewards = createRewards({ db, hot, queue: undefined, logger });
    const pipeline = startPipeline(
      db,
      pipelineFeatures({ hot, rewards }),
      logger,
      createMetrics('import'),
      lifecycle,
    );
    const rest = createDiscordRest({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL });
    const service = new HistoryImportService({
      db,
      guilds: importGuilds(db),
      queue: undefined,
      logger,
    });

    await knowGuild(db, rest, pipeline, options.guildId);
    let task = await service.active(options.guildId);
    if (task) {
      output.print(
        `resuming history import ${task.id} of guild ${options.guildId} (${describe(taskView(task))})`,
      );
    } else {
      try {
        task = await service.create(options.guildId, {
          channelIds: options.channelIds,
          since: options.since,
          until: options.until,
          awardKarma: options.awardKarma,
          requestedBy: 'cli',
        });
      } catch (error) {
        if (error instanceof ServiceError) throw new UsageError(cliMessage(error));
        throw error;
      }
      output.print(`history import ${task.id} of guild ${options.guildId} started`);
    }
    const outcome = await runImport(
      {
        db,
        rest,
        pipeline,
        logger,
        owner: runnerId(),
        signal,
        onProgress: (row) => output.progress(progressLine(taskView(row))),
      },
      task.id,
    );
    if (outcome.kind === 'busy') return await follow(service, task.id, output, signal);
    return report(outcome.task, outcome.kind === 'interrupted' && signal.aborted, output);
  } finally {
    await lifecycle.stop();
  }
}

/** A guild the bot has not reported yet is read from Discord first (members, channels, roles). */
async function knowGuild(db: Db, rest: REST, pipeline: Pipeline, guildId: string): Promise<void> {
  if (await guildExists(db, guildId)) return;
  try {
    await syncGuild({ rest, pipeline, db }, guildId);
  } catch (error) {
    if (isRefusal(error))
      throw new UsageError(`--guild: the bot cannot read guild ${guildId} (${describeError(error)})`);
    throw error;
  }
}

/** Another runner holds the task: show its progress until it ends or the user stops watching. */
async function follow(
  service: HistoryImportService,
  taskId: string,
  output: ImportOutput,
  signal: AbortSignal,
): Promise<ImportExit> {
  output.print(
    'a worker is running this import; following its progress (Ctrl-C stops watching, not the import)',
  );
  for (;;) {
    const task = await service.find(taskId);
    if (!task) return 1;
    if (task.status !== 'pending' && task.status !== 'running') return report(task, false, output);
    output.progress(progressLine(taskView(task)));
    try {
      await sleep(1000, undefined, { signal });
    } catch {
      output.progress(progressLine(taskView(task)), true);
      return 130;
    }
  }
}

function report(task: TaskRow | null, interrupted: boolean, output: ImportOutput): ImportExit {
  if (!task) return 1;
  const view = taskView(task);
  output.progress(progressLine(view), true);
  if (interrupted) {
    output.print(
      `paused at ${view.percent}%: run the same command again to resume (a running worker will too)`,
    );
    return 130;
  }
  output.print(
    `${view.status}: ${describe(view)}${view.last_error ? `; last error: ${view.last_error}` : ''}`,
  );
  return view.status === 'completed' ? 0 : view.status === 'cancelled' ? 130 : 1;
}

function describe(view: TaskView): string {
  return `${view.messages_fetched} messages from ${view.channels_done}/${view.channels_total} channels, ${view.channels_skipped} skipped`;
}

/** One line: a bar, the share done, messages, rate and time left. */
export function progressLine(view: TaskView): string {
  const width = 24;
  const filled = Math.round((Math.min(100, view.percent) / 100) * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const eta = view.eta_seconds === null ? '--' : formatDuration(view.eta_seconds);
  return `[${bar}] ${view.percent.toFixed(1).padStart(5)}%  ${view.messages_fetched} messages  ${Math.round(view.rate_per_second)} msg/s  ETA ${eta}  channels ${view.channels_done}/${view.channels_total}`;
}

export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(s).padStart(2, '0')}s`
      : `${s}s`;
}

/** The API's messages name JSON fields; the command names its flags. */
function cliMessage(error: ServiceError): string {
  const flags: Record<string, string> = { channel_ids: '--channel', since: '--since', until: '--until' };
  const flag = error.field ? flags[error.field] : undefined;
  const message = error.message.replace(/^channel_ids: /, '');
  return flag ? `${flag}: ${message}` : message;
}
