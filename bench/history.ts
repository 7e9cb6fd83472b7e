/**
 * History import against the simulator with Discord's default rate limits (50 requests/s per token,
 * 5 message-history requests per 5 s per channel): Hearth's import (every channel at once, paced by
 * the rate-limit headers, staged with checkpoints and replayed through the whole pipeline on
 * PostgreSQL) against a baseline in the same run that reads one channel at a time, newest to oldest,
 * writing each page through the same pipeline, as seed 000's fetcher does.
 *
 *   npm run bench:history -- [--channels 60] [--messages 120000] [--baseline-seconds 20]
 *
 * The ceiling is what the limits allow for this guild, whatever the order of requests: every page
 * costs a request, at most 50 a second in all and 5 per 5 s in one channel, so the import cannot
 * end before max(total pages / 50 per s, the biggest channel's pages / 5 per 5 s).
 */
import type { APIMessage } from 'discord-api-types/v10';
import { Routes } from 'discord-api-types/v10';
import { runImport } from '../src/features/history-import/runner.ts';
import { HistoryImportService } from '../src/features/history-import/service.ts';
import { syncGuild } from '../src/features/sync/service.ts';
import { messageCreated } from '../src/pipeline/normalize.ts';
import { Pipeline } from '../src/pipeline/pipeline.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createDiscordRest } from '../src/platform/discord/rest.ts';
import { createMemoryHotStore } from '../src/platform/hot/memory.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { importGuilds } from '../src/roles/feature-services.ts';
import { productPipelineFeatures } from '../src/roles/features.ts';
import { startSimProcess } from './sim-process.ts';
import { argNumber, fmt, perSecond, scratchDatabase } from './support.ts';

const channels = argNumber('channels', 60);
const messages = argNumber('messages', 120_000);
const baselineSeconds = argNumber('baseline-seconds', 20);

const sim = await startSimProcess(['--history', '0', '--guild-size', '10']);
const generated = (await sim.control('/generate', {
  seed: 7,
  members: 500,
  textChannels: channels,
  voiceChannels: 0,
  stageChannels: 0,
  threads: 0,
  hiddenChannels: 0,
  channelSkew: 0.2,
  history: { messages, days: 90 },
})) as { guildId: string; textChannels: { id: string }[] };
const guildId = generated.guildId;
const detail = (await sim.control(`/guilds/${guildId}`)) as {
  channels: { type: number; message_count: number }[];
};
const pagesOf = (count: number) => Math.max(1, Math.ceil(count / 100));
const channelPages = detail.channels.filter((c) => c.type === 0).map((c) => pagesOf(c.message_count));
const totalPages = channelPages.reduce((a, b) => a + b, 0);
// Windows open at a bucket's first request: the last of n requests goes out at (ceil(n / per) - 1) windows.
const lastRequestAt = (n: number, per: number, windowS: number) => (Math.ceil(n / per) - 1) * windowS;
const ceilingSeconds = Math.max(
  lastRequestAt(totalPages, 50, 1),
  ...channelPages.map((p) => lastRequestAt(p, 5, 5)),
);
const ceiling = Math.round(messages / Math.max(1, ceilingSeconds));

async function database() {
  const scratch = await scratchDatabase();
  const db = openPostgres({ url: scratch.url, poolMax: 10 });
  await migrate(db);
  const pipeline = new Pipeline({
    db,
    features: productPipelineFeatures(db, createMemoryHotStore(), silentLogger),
    logger: silentLogger,
  });
  const rest = createDiscordRest({ token: sim.token, apiUrl: sim.apiUrl });
  await syncGuild({ rest, pipeline, db }, guildId);
  return {
    db,
    pipeline,
    rest,
    async close() {
      await pipeline.close();
      await db.close();
      await scratch.drop();
    },
  };
}

const line = (name: string, count: number, ms: number) =>
  `${name.padEnd(34)} ${fmt(count).padStart(9)} messages in ${(ms / 1000).toFixed(1).padStart(6)} s = ${fmt(perSecond(count, ms)).padStart(6)} msg/s (${Math.round((perSecond(count, ms) / ceiling) * 100)} % of the ceiling)`;

console.log(
  `guild: ${fmt(messages)} messages in ${channels} channels (${fmt(totalPages)} pages, the biggest channel ${Math.max(...channelPages)}); Discord's default limits`,
);
console.log(
  `ceiling: no import can end before ${ceilingSeconds} s (50 requests/s in all, 5 per 5 s per channel) = ${fmt(ceiling)} msg/s`,
);

// Baseline first: seed 000's fetcher, one channel after the other, newest to oldest, for a while.
await sim.control('/ratelimits/reset', {});
const base = await database();
let baselineCount = 0;
const baselineStart = performance.now();
const deadline = baselineStart + baselineSeconds * 1000;
outer: for (const channel of generated.textChannels) {
  let before: string | undefined;
  for (;;) {
    if (performance.now() > deadline) break outer;
    const query = new URLSearchParams({ limit: '100' });
    if (before) query.set('before', before);
    const page = (await base.rest.get(Routes.channelMessages(channel.id), { query })) as APIMessage[];
    if (page.length === 0) break;
    await base.pipeline.submitAndWait(page.map((m) => messageCreated(m, guildId, 'backfill')));
    baselineCount += page.length;
    before = page[page.length - 1]?.id;
    if (page.length < 100) break;
  }
}
const baselineMs = performance.now() - baselineStart;
await base.close();

type RestStats = { rateLimited: number; rateLimitedBy: Record<string, number> };
const restStats = async () => ((await sim.control('/stats')) as { rest: RestStats }).rest;

// Hearth: the whole import, from the first request to the last message replayed.
await sim.control('/ratelimits/reset', {});
const before429 = await restStats();
const hearth = await database();
const service = new HistoryImportService({
  db: hearth.db,
  guilds: importGuilds(hearth.db),
  queue: undefined,
  logger: silentLogger,
});
const task = await service.create(guildId, { requestedBy: 'bench' });
const started = performance.now();
// When the last page came in: the fetch alone, against the ceiling.
let fetchedAllMs = 0;
const watcher = setInterval(async () => {
  const { rows } = await hearth.db.query<{ listed: boolean; open: number }>(
    `SELECT phase <> 'listing' AS listed,
       (SELECT count(*)::int FROM history_fetch_channels c WHERE c.task_id = t.id AND c.status IN ('pending', 'running')) AS open
     FROM history_fetch_tasks t WHERE id = $1`,
    [task.id],
  );
  if (fetchedAllMs === 0 && rows[0]?.listed && rows[0].open === 0) fetchedAllMs = performance.now() - started;
}, 250);
const outcome = await runImport(
  { db: hearth.db, rest: hearth.rest, pipeline: hearth.pipeline, logger: silentLogger, owner: 'bench' },
  task.id,
);
const hearthMs = performance.now() - started;
clearInterval(watcher);
if (fetchedAllMs === 0) fetchedAllMs = hearthMs;
const imported = Number(outcome.task?.messages_processed ?? 0);
const pages = Number(outcome.task?.pages_fetched ?? 0);
const after429 = await restStats();
const limited = Object.entries(after429.rateLimitedBy)
  .map(([cause, n]) => [cause, n - (before429.rateLimitedBy[cause] ?? 0)] as const)
  .filter(([, n]) => n > 0);
await hearth.close();
await sim.stop();

if (outcome.kind !== 'completed' || imported < messages * 0.99) {
  throw new Error(`the import did not complete: ${outcome.kind}, ${imported} messages`);
}
console.log(line('baseline (one channel at a time)', baselineCount, baselineMs));
console.log(line('Hearth (fetch: last page in)', imported, fetchedAllMs));
console.log(line('Hearth (import, all replayed)', imported, hearthMs));
console.log(
  `Hearth: ${fmt(pages)} pages, ${perSecond(pages, hearthMs)} requests/s; 429s from the simulator: ${after429.rateLimited - before429.rateLimited}${limited.length > 0 ? ` (${limited.map(([c, n]) => `${c} ${n}`).join(', ')})` : ''}`,
);
console.log(
  `ratio: ${(perSecond(imported, hearthMs) / perSecond(baselineCount, baselineMs)).toFixed(1)}x the baseline`,
);
