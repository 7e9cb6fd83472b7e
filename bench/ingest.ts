/**
 * Events/s from domain events to committed rows on real PostgreSQL: Hearth's pipeline (batched,
 * exactly-once, every rule registered in the product) against a baseline in the same run that
 * writes each event in its own awaited transaction with the same rules, the way the seeds' services do.
 *
 *   npm run bench:ingest -- [--events 200000] [--baseline-events 5000]
 */
import type { DomainEvent } from '../src/pipeline/events.ts';
import { Pipeline } from '../src/pipeline/pipeline.ts';
import { writeBatch } from '../src/pipeline/writer.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createMemoryHotStore } from '../src/platform/hot/memory.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { productPipelineFeatures } from '../src/roles/features.ts';
import { snowflakeFromParts } from '../src/sim/snowflake.ts';
import { argNumber, fmt, perSecond, scratchDatabase, timed } from './support.ts';

const GUILD = '900000000000000001';

/** A month of traffic: 5,000 members with Zipf-like activity over 20 channels, 10 % reactions. */
function makeEvents(count: number, seed = 1): DomainEvent[] {
  let state = seed;
  const rand = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const zipf = (n: number) => Math.min(n - 1, Math.floor(n * rand() ** 3));
  const start = Date.parse('2026-10-01T00:00:00Z');
  const events: DomainEvent[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(start + Math.floor((i / count) * 30 * 86_400_000));
    // Worker, process and increment bits together keep 200,000 ids in one month unique.
    const messageId = snowflakeFromParts(at.getTime(), (i >> 17) & 31, (i >> 12) & 31, i & 0xfff);
    const userId = String(800000000000000000n + BigInt(zipf(5000)));
    const channelId = String(700000000000000000n + BigInt(zipf(20)));
    if (i % 10 === 9) {
      events.push({
        kind: 'reaction.added',
        id: `ra:${messageId}:${userId}:👍`,
        guildId: GUILD,
        at,
        source: 'live',
        messageId,
        channelId,
        userId,
        userIsBot: false,
        messageAuthorId: null,
        emoji: '👍',
      });
    } else {
      events.push({
        kind: 'message.created',
        id: `m:${messageId}`,
        guildId: GUILD,
        at,
        source: 'live',
        messageId,
        channelId,
        userId,
        authorIsBot: false,
        system: false,
        words: 1 + Math.floor(rand() * 20),
        attachments: rand() < 0.05 ? 1 : 0,
        isReply: rand() < 0.1,
      });
    }
  }
  return events;
}

async function runPipeline(url: string, events: DomainEvent[]) {
  const db = openPostgres({ url, poolMax: 4 });
  await migrate(db);
  const features = productPipelineFeatures(db, createMemoryHotStore(), silentLogger);
  const pipeline = new Pipeline({ db, features, logger: silentLogger, maxBatch: 4000 });
  const { ms } = await timed(async () => {
    for (let i = 0; i < events.length; i += 10_000) await pipeline.submit(events.slice(i, i + 10_000));
    await pipeline.flush();
  });
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM pipeline_events');
  await pipeline.close();
  await db.close();
  return { ms, applied: Number(rows[0]?.n), rules: features.map((f) => f.name) };
}

/**
 * The seeds' style: every event is its own awaited transaction, with the same rules and the same
 * exactly-once gate, so the difference measured is batching alone.
 */
async function runBaseline(url: string, events: DomainEvent[]) {
  const db = openPostgres({ url, poolMax: 4 });
  await migrate(db);
  const features = productPipelineFeatures(db, createMemoryHotStore(), silentLogger);
  const { ms } = await timed(async () => {
    for (const event of events) await writeBatch(db, [event], features);
  });
  await db.close();
  return { ms };
}

async function main() {
  const total = argNumber('events', 200_000);
  const baselineTotal = argNumber('baseline-events', 5000);
  const events = makeEvents(total);

  const a = await scratchDatabase();
  const b = await scratchDatabase();
  try {
    const hearth = await runPipeline(a.url, events);
    const baseline = await runBaseline(b.url, events.slice(0, baselineTotal));
    const hearthRate = perSecond(total, hearth.ms);
    const baselineRate = perSecond(baselineTotal, baseline.ms);
    console.log(`ingest benchmark on PostgreSQL (rules: ${hearth.rules.join(', ')})`);
    console.log(
      `  hearth pipeline : ${fmt(total)} events in ${fmt(Math.round(hearth.ms))} ms = ${fmt(hearthRate)} events/s (${fmt(hearth.applied)} applied)`,
    );
    console.log(
      `  baseline        : ${fmt(baselineTotal)} events in ${fmt(Math.round(baseline.ms))} ms = ${fmt(baselineRate)} events/s (one transaction per event, same rules)`,
    );
    console.log(`  ratio           : ${(hearthRate / baselineRate).toFixed(1)}x`);
  } finally {
    await a.drop();
    await b.drop();
  }
}

await main();
