/**
 * End to end: messages posted in the simulator, through its gateway, discord.js and Hearth's
 * pipeline, to committed rows on PostgreSQL — against a baseline in the same run: a bare discord.js
 * client that only counts messageCreate events (what discord.js alone can take).
 *
 *   npm run bench:gateway -- [--messages 50000]
 */
import { Client, GatewayIntentBits } from 'discord.js';
import { Pipeline } from '../src/pipeline/pipeline.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createMemoryHotStore } from '../src/platform/hot/memory.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { startBot } from '../src/roles/bot.ts';
import { productPipelineFeatures } from '../src/roles/features.ts';
import { Lifecycle } from '../src/roles/runtime.ts';
import { type SimProcess, startSimProcess } from './sim-process.ts';
import { argNumber, fmt, perSecond, scratchDatabase } from './support.ts';

/** The simulator (its own process) sends `count` messages at full speed through its traffic generator. */
async function burst(sim: SimProcess, count: number): Promise<void> {
  await sim.control('/traffic/start', {
    eventsPerSecond: 400_000,
    maxEvents: count,
    mix: { message: 1, reaction: 0, voice: 0 },
  });
}

async function waitUntil(predicate: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await predicate())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The rules registered in the product, as named in the output. */
const RULES = 'sync, activity, presence, karma';

const SIM_ARGS = ['--no-rate-limits', '--guild-size', '1000', '--history', '10', '--days', '1'];

async function hearthRun(count: number) {
  const sim = await startSimProcess(SIM_ARGS);
  const database = await scratchDatabase();
  const db = openPostgres({ url: database.url, poolMax: 4 });
  await migrate(db);
  const lifecycle = new Lifecycle(silentLogger);
  const pipeline = new Pipeline({
    db,
    features: productPipelineFeatures(db, createMemoryHotStore(), silentLogger),
    logger: silentLogger,
    maxBatch: 4000,
  });
  await startBot(silentLogger, lifecycle, {
    discord: { token: sim.token, apiUrl: sim.apiUrl, demo: true },
    pipeline,
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await pipeline.flush();
  const before = pipeline.stats().applied;
  const started = performance.now();
  await burst(sim, count);
  await waitUntil(() => pipeline.stats().applied - before >= count && pipeline.stats().buffered === 0);
  const ms = performance.now() - started;
  const { rows } = await db.query<{ n: number }>(
    'SELECT coalesce(sum(messages), 0)::int AS n FROM message_stats_daily',
  );
  await lifecycle.stop();
  await pipeline.close();
  await db.close();
  await database.drop();
  await sim.stop();
  return { ms, counted: rows[0]?.n ?? 0 };
}

async function baselineRun(count: number) {
  const sim = await startSimProcess(SIM_ARGS);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: { api: sim.apiUrl },
  });
  let received = 0;
  client.on('messageCreate', () => {
    received++;
  });
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  await client.login(sim.token);
  await ready;
  const started = performance.now();
  await burst(sim, count);
  await waitUntil(() => received >= count);
  const ms = performance.now() - started;
  await client.destroy();
  await sim.stop();
  return { ms };
}

const count = argNumber('messages', 50_000);
const baseline = await baselineRun(count);
const hearth = await hearthRun(count);
const hearthRate = perSecond(count, hearth.ms);
const baselineRate = perSecond(count, baseline.ms);
console.log(`gateway benchmark: ${fmt(count)} messages from the simulator's gateway (rules: ${RULES})`);
console.log(
  `  hearth (discord.js -> pipeline -> PostgreSQL rows): ${fmt(Math.round(hearth.ms))} ms = ${fmt(hearthRate)} events/s (${fmt(hearth.counted)} counted)`,
);
console.log(
  `  baseline (bare discord.js, counting messageCreate) : ${fmt(Math.round(baseline.ms))} ms = ${fmt(baselineRate)} events/s`,
);
console.log(
  `  ratio: ${(hearthRate / baselineRate).toFixed(2)} of bare discord.js (the simulator runs in its own process in both)`,
);
process.exit(0);
