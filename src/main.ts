import { Command, CommanderError, Option } from 'commander';
import { parseTtl, ROLES, type Role } from './platform/auth/token.ts';
import { type Config, ConfigError, loadConfig } from './platform/config.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { runAll } from './roles/all.ts';
import { runApi } from './roles/api.ts';
import { parseShards } from './roles/bot.ts';
import { runBot } from './roles/bot-process.ts';
import { levelsImportCommand } from './roles/import-levels.ts';
import { runMigrate } from './roles/migrate.ts';
import { Lifecycle, lockDataDir, UsageError } from './roles/runtime.ts';
import { tokenService } from './roles/services.ts';
import { runWorker } from './roles/worker.ts';
import { VERSION } from './version.ts';

/** Exit codes: 0 done, 1 failed while running, 2 bad usage or configuration. */
const EXIT_USAGE = 2;

function fail(message: string, code = EXIT_USAGE): never {
  process.stderr.write(`hearth: ${message}\n`);
  process.exit(code);
}

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`);
    throw error;
  }
}

/**
 * Runs a long-lived role until SIGINT/SIGTERM, then stops its parts in reverse order. A stop
 * that takes longer than SHUTDOWN_TIMEOUT_MS is cut short so a supervisor never waits forever.
 */
async function serve(
  role: string,
  run: (config: Config, logger: Logger, lifecycle: Lifecycle) => Promise<unknown>,
) {
  const cfg = config();
  const logger = createLogger(cfg).child({ role });
  const lifecycle = new Lifecycle(logger);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error(`shutdown took longer than ${cfg.SHUTDOWN_TIMEOUT_MS} ms; exiting anyway`);
      process.exit(1);
    }, cfg.SHUTDOWN_TIMEOUT_MS).unref();
    await lifecycle.stop();
    logger.info('stopped');
    logger.flush();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    await run(cfg, logger, lifecycle);
  } catch (error) {
    await lifecycle.stop();
    if (error instanceof UsageError) fail(error.message);
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`);
    logger.fatal({ err: error }, `hearth ${role} failed to start`);
    fail(`hearth ${role} failed to start: ${(error as Error).message}`, 1);
  }
}

const SNOWFLAKE = /^\d{5,20}$/;

function snowflake(flag: string) {
  return (value: string, previous: string[] | undefined): string[] => {
    if (!SNOWFLAKE.test(value)) {
      throw new UsageError(`${flag} must be a Discord id (5 to 20 digits), got "${value}"`);
    }
    return [...(previous ?? []), value];
  };
}

function dateOption(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    fail(`${flag} must be a date or time like 2026-01-31 or 2026-01-31T12:00:00Z, got "${value}"`);
  return new Date(ms);
}

export function buildProgram(): Command {
  const program = new Command('hearth')
    .description('Hearth: a self-hosted Discord community engine')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('all')
    .description('run api, dashboard, worker and bot in one process (what `npm start` runs)')
    .action(() => serve('all', runAll));
  program
    .command('api')
    .description('run the REST API, OpenAPI docs and dashboard (needs DATABASE_URL and JWT_SECRET)')
    .action(() => serve('api', runApi));
  program
    .command('worker')
    .description('run queue workers and cron schedules (needs DATABASE_URL)')
    .action(() => serve('worker', runWorker));
  program
    .command('bot')
    .description(
      'run the Discord gateway connection(s) and feed events to the pipeline (needs DATABASE_URL and DISCORD_TOKEN)',
    )
    .option('--shards <ids>', 'shard ids this process runs: a range like 0-3 or a list like 0,2,4')
    .option('--shard-count <n>', 'total number of shards across all bot processes')
    .action((options: { shards?: string; shardCount?: string }) => {
      const shards = options.shards === undefined ? undefined : parseShards(options.shards);
      if (options.shards !== undefined && shards === undefined) {
        fail(`--shards must be a range like 0-3 or a list like 0,2,4, got "${options.shards}"`);
      }
      const shardCount = options.shardCount === undefined ? undefined : Number(options.shardCount);
      if (shardCount !== undefined && (!Number.isInteger(shardCount) || shardCount < 1)) {
        fail(`--shard-count must be a whole number of at least 1, got "${options.shardCount}"`);
      }
      return serve('bot', (cfg, logger, lifecycle) => runBot(cfg, logger, lifecycle, { shards, shardCount }));
    });
  program
    .command('sim')
    .description('run the built-in Discord simulator on its own, with a generated guild')
    .option('--port <port>', 'port to listen on', '8790')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--guild-size <n>', 'members of the generated guild', '200')
    .option('--history <n>', 'historical messages of the generated guild', '20000')
    .option('--days <n>', 'days the history spans', '90')
    .option('--seed <n>', 'seed of the generator (same seed, same guild)', '1')
    .option('--traffic <n>', 'live events per second (0 for none)', '0')
    .option('--token <token>', 'bot token the simulator accepts (default: generated)')
    .option('--no-rate-limits', "turn off Discord's rate limits")
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const number = (flag: string, key: string, min: number): number => {
        const value = Number(options[key]);
        if (!Number.isInteger(value) || value < min)
          fail(`--${flag} must be a whole number of at least ${min}, got "${options[key]}"`);
        return value;
      };
      const port = number('port', 'port', 0);
      if (port > 65535) fail(`--port must be at most 65535, got "${port}"`);
      const { runSimulatorCli } = await import('./sim/cli.ts');
      const sim = await runSimulatorCli({
        port,
        host: String(options.host),
        guildSize: number('guild-size', 'guildSize', 1),
        history: number('history', 'history', 0),
        days: number('days', 'days', 1),
        seed: number('seed', 'seed', 0),
        traffic: number('traffic', 'traffic', 0),
        noRateLimits: options.rateLimits === false,
        ...(typeof options.token === 'string' ? { token: options.token } : {}),
      });
      const stop = async () => {
        await sim.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .option('--status', 'list applied and pending migrations without applying any')
    .action(async (options: { status?: boolean }) => {
      const cfg = config();
      const logger = createLogger(cfg).child({ role: 'migrate' });
      try {
        await runMigrate(cfg, logger, { status: options.status === true }, (line) =>
          process.stdout.write(`${line}\n`),
        );
      } catch (error) {
        if (error instanceof UsageError) fail(error.message);
        fail(`migrate failed: ${(error as Error).message}`, 1);
      }
    });
  const importGroup = program.command('import').description('bring data from elsewhere into Hearth');
  importGroup
    .command('history')
    .description(
      "import a guild's past messages into statistics and karma, with progress (Ctrl-C pauses; run again to resume)",
    )
    .requiredOption('--guild <id>', 'the guild to import', snowflake('--guild'))
    .option(
      '--channel <id>',
      'only this channel and its threads (repeat for several; default: all)',
      snowflake('--channel'),
    )
    .option('--since <date>', 'only messages from this date or time on (ISO 8601, e.g. 2026-01-01)')
    .option('--until <date>', 'only messages before this date or time (default: now)')
    .option('--no-karma', 'count the messages in statistics without paying karma for them')
    .action(
      async (options: {
        guild: string[];
        channel?: string[];
        since?: string;
        until?: string;
        karma: boolean;
      }) => {
        if (options.guild.length > 1) fail('--guild may be given once');
        const since = dateOption('--since', options.since);
        const until = dateOption('--until', options.until);
        const cfg = config();
        const logger = createLogger(cfg).child({ role: 'import' });
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort());
        process.once('SIGTERM', () => controller.abort());
        const { runImportHistory } = await import('./roles/import-history.ts');
        const tty = process.stderr.isTTY === true;
        let lastLine = 0;
        try {
          const code = await runImportHistory(
            cfg,
            logger,
            {
              guildId: options.guild[0] ?? '',
              channelIds: options.channel,
              since,
              until,
              awardKarma: options.karma,
            },
            {
              progress(line, final) {
                // A terminal redraws one line; a log file gets a line every few seconds.
                if (tty) process.stderr.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
                else if (final || Date.now() - lastLine >= 5000) {
                  lastLine = Date.now();
                  process.stderr.write(`${line}\n`);
                }
              },
              print: (line) => process.stdout.write(`${line}\n`),
            },
            controller.signal,
          );
          logger.flush();
          process.exit(code);
        } catch (error) {
          if (error instanceof UsageError) fail(error.message);
          fail(`import failed: ${(error as Error).message}`, 1);
        }
      },
    );
  importGroup.addCommand(levelsImportCommand({ config, lockDataDir }));
  program
    .command('token')
    .description('print an API token (JWT) for scripts and tests')
    .requiredOption('--user <id>', 'Discord user id the token speaks for', snowflake('--user'))
    .requiredOption('--guild <id>', 'guild the token may act on (repeat for several)', snowflake('--guild'))
    .addOption(new Option('--role <role>', 'member, admin or service').choices(ROLES).default('member'))
    .option('--admin', 'shorthand for --role admin')
    .option('--ttl <duration>', 'lifetime: 30s, 15m, 1h, 7d or seconds', '1h')
    .action(
      async (options: { user: string[]; guild: string[]; role: Role; admin?: boolean; ttl: string }) => {
        const ttl = parseTtl(options.ttl);
        if (ttl === undefined) fail(`--ttl must be a duration like 30s, 15m, 1h or 7d, got "${options.ttl}"`);
        if (options.user.length > 1) fail('--user may be given once');
        const cfg = config();
        const token = await tokenService(cfg).sign(
          {
            userId: options.user[0] ?? '',
            guildIds: options.guild,
            role: options.admin ? 'admin' : options.role,
          },
          ttl,
        );
        process.stdout.write(`${token}\n`);
      },
    );
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      process.exit(EXIT_USAGE);
    }
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exit(
        error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : EXIT_USAGE,
      );
    }
    if (error instanceof UsageError) fail(error.message);
    if (error instanceof ConfigError) fail(`configuration error: ${error.message}`);
    throw error;
  }
}

await main(process.argv);
