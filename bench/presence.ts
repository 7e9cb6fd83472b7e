/**
 * Live presence under heartbeat load (issue 6): simulated web viewers heartbeat every `interval`
 * seconds against ONE API process (the real app: buildApp + presenceRoutes, JSON-schema validation,
 * the API-wide rate limiter, the per-session heartbeat limit) on Redis and a scratch PostgreSQL
 * database. After one interval, 20 % of the viewers vanish without calling leave; the count is read
 * before they vanish and once their TTL has passed. Seed 003's design (an INCR/DECR counter per
 * stage + one key per viewer with a TTL, refreshed by each heartbeat) runs next, in the same process
 * on the same Redis, behind a route with the same validation and route options (no API-wide
 * limiter, no helmet, as Hearth's heartbeat routes), under the same schedule.
 *
 *   npm run bench:presence -- [--viewers 300000] [--interval 30] [--ttl 120] [--stages 10]
 *                             [--connections 64] [--warmup 10] [--only hearth|seed003]
 *
 * Before each design is measured, its route is warmed up: heartbeats ramp from 0 to the full rate
 * over `--warmup` seconds (10 by default) and are not recorded, so that the figures are the steady
 * state of a running server rather than its JIT warming up; `--warmup 0` measures from cold.
 *
 * The load generator runs in a worker thread (its own event loop, so it does not steal the API's),
 * over keep-alive connections of one bounded undici pool, on 127.0.0.1 only. Heartbeats are open
 * loop: each has a scheduled time, and its latency runs from that time to the response, so a
 * server that falls behind pays for the queue it causes (no coordinated omission).
 */
import { randomBytes } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { FastifyPluginAsync } from 'fastify';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { presenceRoutes } from '../src/features/presence/http.ts';
import { createPresenceService } from '../src/features/presence/service.ts';
import { createTokenService } from '../src/platform/auth/token.ts';
import { configSchema } from '../src/platform/config.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import type { HotStore } from '../src/platform/hot/port.ts';
import { createRedisHotStore } from '../src/platform/hot/redis.ts';
import { buildApp } from '../src/platform/http/app.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { createMetrics } from '../src/platform/metrics.ts';
import { argNumber, fmt, scratchDatabase } from './support.ts';

const GUILD = '900000000000000006';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Latency histogram: 10 µs buckets up to 5 s, the last bucket collecting anything slower. */
const BUCKET_US = 10;
const BUCKETS = 500_000;

type Design = 'hearth' | 'seed003';

interface LoadPlan {
  design: Design;
  origin: string;
  token: string;
  stageIds: string[];
  run: string;
  viewers: number;
  intervalMs: number;
  ttlMs: number;
  connections: number;
  /** Requests waiting or in flight beyond which the run stops: the API cannot sustain the rate. */
  maxBacklog: number;
  /** Unrecorded heartbeats ramping up to the full rate before the measured run. */
  warmupMs: number;
}

interface LoadResult {
  /** From the scheduled time to the response: what a player sees, generator lag included. */
  histogram: Uint32Array;
  /** From the moment the request was handed to the pool to the response. */
  sendHistogram: Uint32Array;
  sent: number;
  ok: number;
  failed: Record<string, number>;
  elapsedMs: number;
  countBefore: number;
  countAfter: number;
  vanished: number;
  /** Set when the backlog passed maxBacklog: the seconds into the run at which it did. */
  overloadedAtS: number | null;
  /** Heartbeats sent during the warm-up (not in the histograms). */
  warmSent: number;
}

/** A valid UUID per viewer, derived from the run and the index, so both threads agree without sharing a list. */
const sessionId = (run: string, i: number) => `${run}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const stageOfViewer = (plan: Pick<LoadPlan, 'stageIds'>, i: number) =>
  plan.stageIds[i % plan.stageIds.length] as string;
/** Every fifth viewer vanishes (20 %). */
const vanishes = (i: number) => i % 5 === 0;

// ---------------------------------------------------------------- load generator (worker thread)

async function generateLoad(plan: LoadPlan): Promise<LoadResult> {
  const pool = new Pool(plan.origin, { connections: plan.connections, pipelining: 1 });
  const histogram = new Uint32Array(BUCKETS);
  const sendHistogram = new Uint32Array(BUCKETS);
  const record = (into: Uint32Array, sinceMs: number) => {
    const us = (performance.now() - sinceMs) * 1000;
    const bucket = Math.min(BUCKETS - 1, Math.max(0, Math.floor(us / BUCKET_US)));
    into[bucket] = (into[bucket] ?? 0) + 1;
  };
  const failed: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let inFlight = 0;
  let warmSent = 0;
  const path = (stageId: string) =>
    plan.design === 'hearth'
      ? `/api/v1/stages/${stageId}/viewers/heartbeat`
      : `/api/v1/bench/seed003/stages/${stageId}/heartbeat`;
  const countPath = (stageId: string) =>
    plan.design === 'hearth'
      ? `/api/v1/stages/${stageId}/viewers/count`
      : `/api/v1/bench/seed003/stages/${stageId}/count`;

  // The vanishing viewers' last heartbeats may be answered late under load; the count is read one
  // TTL after the last of them was recorded, not one TTL after it was scheduled.
  let vanishingPending = 0;
  let lastVanishingDone = 0;

  async function heartbeat(i: number, scheduledAt: number): Promise<void> {
    const vanishing = vanishes(i);
    if (vanishing) vanishingPending++;
    sent++;
    inFlight++;
    const sentAt = performance.now();
    try {
      const res = await pool.request({
        method: 'POST',
        path: path(stageOfViewer(plan, i)),
        headers: { 'content-type': 'application/json' },
        body: `{"session_id":"${sessionId(plan.run, i)}"}`,
      });
      await res.body.text();
      if (res.statusCode === 200) ok++;
      else failed[res.statusCode] = (failed[res.statusCode] ?? 0) + 1;
    } catch (error) {
      const key = error instanceof Error ? error.name : 'error';
      failed[key] = (failed[key] ?? 0) + 1;
    } finally {
      inFlight--;
      if (vanishing) {
        vanishingPending--;
        lastVanishingDone = performance.now() - start;
      }
      record(histogram, scheduledAt);
      record(sendHistogram, sentAt);
    }
  }

  async function warm(i: number): Promise<void> {
    warmSent++;
    inFlight++;
    try {
      const res = await pool.request({
        method: 'POST',
        path: path(stageOfViewer(plan, i)),
        headers: { 'content-type': 'application/json' },
        body: `{"session_id":"${sessionId(plan.run, i)}"}`,
      });
      await res.body.text();
    } catch {
      // Warm-up answers do not count.
    } finally {
      inFlight--;
    }
  }

  async function totalCount(): Promise<number> {
    let total = 0;
    for (const stageId of plan.stageIds) {
      const res = await pool.request({
        method: 'GET',
        path: countPath(stageId),
        headers: { authorization: `Bearer ${plan.token}` },
      });
      const body = (await res.body.json()) as { viewer_count?: number };
      if (res.statusCode !== 200 || typeof body.viewer_count !== 'number')
        throw new Error(`count of stage ${stageId} answered ${res.statusCode}`);
      total += body.viewer_count;
    }
    return total;
  }

  // The warm-up: the rate ramps from 0 to full over warmupMs (due(t) = rate * t^2 / 2w), nothing
  // recorded, then the backlog drains before the measured run starts.
  if (plan.warmupMs > 0) {
    const rampStart = performance.now();
    const rate = plan.viewers / plan.intervalMs;
    let k = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const t = performance.now() - rampStart;
        if (t >= plan.warmupMs || inFlight > plan.maxBacklog) {
          resolve();
          return;
        }
        const due = Math.floor((rate * t * t) / (2 * plan.warmupMs));
        for (; k <= due; k++) void warm(k % plan.viewers);
        setTimeout(tick, 1);
      };
      tick();
    });
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
  }

  // Heartbeat j (viewer j % N, round j / N) is due at start + j * interval / N: evenly spread.
  const start = performance.now();
  const vanishAt = plan.intervalMs;
  // The vanished viewers' last heartbeat is scheduled before vanishAt; their TTL has passed by then.
  const endAt = vanishAt + plan.ttlMs + 2_000;
  let countBefore = -1;
  let countAfter = -1;
  let overloadedAtS: number | null = null;
  let j = 0;
  const perMs = plan.viewers / plan.intervalMs;
  await new Promise<void>((resolve, reject) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      if (countBefore < 0 && elapsed >= vanishAt - 500) {
        countBefore = 0;
        totalCount().then((n) => {
          countBefore = n;
        }, reject);
      }
      const settled = elapsed >= vanishAt && vanishingPending === 0;
      if (elapsed >= endAt && settled && elapsed >= lastVanishingDone + plan.ttlMs + 1_000) {
        resolve();
        return;
      }
      if (inFlight > plan.maxBacklog) {
        overloadedAtS = Math.round(elapsed / 100) / 10;
        resolve();
        return;
      }
      const due = Math.floor(elapsed * perMs);
      for (; j <= due; j++) {
        const i = j % plan.viewers;
        const scheduled = start + j / perMs;
        if (scheduled >= start + vanishAt && vanishes(i)) continue;
        void heartbeat(i, scheduled);
      }
      setTimeout(tick, 1);
    };
    tick();
  });
  if (overloadedAtS !== null) {
    await pool.destroy();
    countAfter = -1;
  } else {
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    countAfter = await totalCount();
    await pool.close();
  }
  let vanished = 0;
  for (let i = 0; i < plan.viewers; i++) if (vanishes(i)) vanished++;
  return {
    histogram,
    sendHistogram,
    sent,
    ok,
    failed,
    elapsedMs: performance.now() - start,
    countBefore,
    countAfter,
    vanished,
    overloadedAtS,
    warmSent,
  };
}

if (!isMainThread) {
  const result = await generateLoad(workerData as LoadPlan);
  // Copied, not transferred: two 2 MB arrays once per run.
  parentPort?.postMessage(result);
}

// ---------------------------------------------------------------- seed 003's design, minimal

/**
 * Seed 003: `viewers:{stage}` counter INCR on join / DECR on leave, `viewer:{id}:{stage}` with a
 * 120 s TTL refreshed by each heartbeat; the count is the counter. Same validation as Hearth's route.
 */
function seed003Routes(hot: HotStore, ttlMs: number): FastifyPluginAsync {
  const params = {
    type: 'object',
    required: ['stageId'],
    properties: { stageId: { type: 'string', pattern: '^[1-9][0-9]{0,17}$' } },
  } as const;
  const body = {
    type: 'object',
    required: ['session_id'],
    additionalProperties: false,
    properties: { session_id: { type: 'string', format: 'uuid' } },
  } as const;
  return async (app) => {
    app.post<{ Params: { stageId: string }; Body: { session_id: string } }>(
      '/bench/seed003/stages/:stageId/heartbeat',
      { schema: { params, body }, config: { rateLimit: false }, helmet: false },
      async (request) => {
        const { stageId } = request.params;
        await hot.set(`seed003:viewer:${request.body.session_id}:${stageId}`, '1', { ttlMs });
        const count = Number((await hot.get(`seed003:viewers:${stageId}`)) ?? 0);
        return { session_id: request.body.session_id, viewer_count: count };
      },
    );
    app.get<{ Params: { stageId: string } }>(
      '/bench/seed003/stages/:stageId/count',
      { schema: { params } },
      async (request) => ({
        stage_id: request.params.stageId,
        viewer_count: Number((await hot.get(`seed003:viewers:${request.params.stageId}`)) ?? 0),
      }),
    );
  };
}

// ---------------------------------------------------------------- main

function percentile(histogram: Uint32Array, total: number, p: number): number {
  const rank = Math.ceil(total * p);
  let seen = 0;
  for (let b = 0; b < histogram.length; b++) {
    seen += histogram[b] ?? 0;
    if (seen >= rank) return ((b + 1) * BUCKET_US) / 1000;
  }
  return Number.POSITIVE_INFINITY;
}

async function dropKeys(raw: Redis, match: string): Promise<void> {
  const keys: string[] = [];
  for await (const batch of raw.scanStream({ match, count: 1000 })) keys.push(...(batch as string[]));
  for (let i = 0; i < keys.length; i += 1000) await raw.unlink(...keys.slice(i, i + 1000));
}

function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: plan });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
    });
  });
}

async function main() {
  const viewers = argNumber('viewers', 300_000);
  const intervalMs = argNumber('interval', 30) * 1000;
  const ttlSeconds = argNumber('ttl', 120);
  const stageCount = argNumber('stages', 10);
  const connections = argNumber('connections', 64);
  const maxBacklog = argNumber('max-backlog', 20_000);
  // 0 is allowed here (a cold run), which argNumber refuses.
  const warmupMs =
    process.argv[process.argv.indexOf('--warmup') + 1] === '0' ? 0 : argNumber('warmup', 10) * 1000;
  const run = randomBytes(4).toString('hex');
  const prefix = `bench:presence:${run}:`;

  const scratch = await scratchDatabase();
  const db = openPostgres({ url: scratch.url, poolMax: 4 });
  const hot = await createRedisHotStore({ url: REDIS_URL, keyPrefix: prefix, commandTimeoutMs: 5_000 });
  const raw = new Redis(REDIS_URL);
  try {
    await migrate(db);
    const service = createPresenceService({ db, hot });
    const stageIds: string[] = [];
    for (let s = 0; s < stageCount; s++) {
      const stage = await service.createStage({
        guildId: GUILD,
        name: `bench ${s}`,
        externalId: `arn:aws:ivs:bench:stage/${run}-${s}`,
        maxViewers: 1_000_000,
        ttlSeconds,
      });
      stageIds.push(stage.id);
    }

    // The viewers have joined: their open sessions (one statement) and Hearth's hot sets. Joining
    // 300,000 times over HTTP would be a different benchmark.
    const t0 = Date.now();
    await db.query(
      `INSERT INTO viewer_sessions (id, stage_id, guild_id, source, participant_id, viewer_key, joined_at)
       SELECT ($1 || '-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
              ($2::bigint[])[g % $3 + 1], $4, 'web', 'p' || g, 'a:p' || g, now()
       FROM generate_series(0, $5 - 1) AS g`,
      [run, stageIds, stageCount, GUILD, viewers],
    );
    const chunk = 5_000;
    for (let from = 0; from < viewers; from += chunk) {
      const byStage = new Map<string, { member: string; score: number }[]>();
      const ops: Promise<unknown>[] = [];
      for (let i = from; i < Math.min(viewers, from + chunk); i++) {
        const stageId = stageOfViewer({ stageIds }, i);
        byStage.set(stageId, [...(byStage.get(stageId) ?? []), { member: sessionId(run, i), score: t0 }]);
      }
      for (const [stageId, entries] of byStage) ops.push(service.hot.put(stageId, entries));
      await Promise.all(ops);
    }
    // Seed 003's counters and viewer keys are written just before its run, and Hearth's rate-limit
    // keys dropped then: keys set in a burst expire in a burst one TTL later, and that Redis work
    // must not land in the other design's run.
    const seedSeed003 = async () => {
      await dropKeys(raw, `${prefix}presence:rl:*`);
      for (let from = 0; from < viewers; from += chunk) {
        const ops: Promise<unknown>[] = [];
        for (let i = from; i < Math.min(viewers, from + chunk); i++) {
          const key = `seed003:viewer:${sessionId(run, i)}:${stageOfViewer({ stageIds }, i)}`;
          ops.push(hot.set(key, '1', { ttlMs: ttlSeconds * 1000 }));
        }
        await Promise.all(ops);
      }
      for (let s = 0; s < stageCount; s++) {
        const n = Math.floor(viewers / stageCount) + (s < viewers % stageCount ? 1 : 0);
        await hot.incr(`seed003:viewers:${stageIds[s]}`, n);
      }
    };
    // Now rather than by autovacuum in the middle of the first design's run, on the same cores.
    await db.query('VACUUM ANALYZE viewer_sessions');
    console.log(`seeded ${fmt(viewers)} viewers on ${stageCount} stages in ${fmt(Date.now() - t0)} ms`);

    const tokens = createTokenService(randomBytes(32).toString('hex'));
    const app = await buildApp({
      // Every simulated viewer comes from 127.0.0.1: the per-address API limit would stop the count
      // reads at once. Lifted, not removed (heartbeat routes skip it, as in production).
      config: configSchema.parse({ API_RATE_LIMIT_PER_MINUTE: '1000000000' }),
      logger: silentLogger,
      metrics: createMetrics('bench'),
      tokens,
      apiPlugins: [presenceRoutes({ service }), seed003Routes(hot, ttlSeconds * 1000)],
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the API does not listen on TCP');
    const token = await tokens.sign(
      { userId: '100000000000000006', guildIds: [GUILD], role: 'member' },
      3600,
    );

    const results = new Map<Design, LoadResult>();
    // CPU time of the API's thread (the generator has its own): a cost per heartbeat that depends
    // far less than latency on how busy the machine is. Not at all: an API thread starved by other
    // work handles more requests per wake-up and looks up to a fifth cheaper, so compare runs
    // made alternately.
    const cpu = new Map<Design, { user: number; system: number }>();
    const only = process.argv[process.argv.indexOf('--only') + 1];
    const designs = (['hearth', 'seed003'] as const).filter(
      (d) => !process.argv.includes('--only') || d === only,
    );
    for (const design of designs) {
      console.log(`running ${design}: ${fmt(Math.round((viewers / intervalMs) * 1000))} heartbeats/s ...`);
      if (design === 'seed003') await seedSeed003();
      const cpuBefore = process.threadCpuUsage();
      results.set(
        design,
        await runLoad({
          design,
          origin: `http://127.0.0.1:${address.port}`,
          token,
          stageIds,
          run,
          viewers,
          intervalMs,
          ttlMs: ttlSeconds * 1000,
          connections,
          maxBacklog,
          warmupMs,
        }),
      );
      cpu.set(design, process.threadCpuUsage(cpuBefore));
    }
    await app.close();

    console.log(
      `\npresence benchmark: ${fmt(viewers)} viewers on ${stageCount} stages, heartbeat every ${intervalMs / 1000} s ` +
        `(${fmt(Math.round((viewers / intervalMs) * 1000))}/s), TTL ${ttlSeconds} s, 20 % vanish after ${intervalMs / 1000} s, ` +
        `${connections} connections, ${warmupMs / 1000} s warm-up, one API process on Redis`,
    );
    const figures = new Map<Design, { p50: number; p99: number; error: number }>();
    for (const [design, r] of results) {
      if (r.overloadedAtS !== null) {
        console.log(
          `  ${design.padEnd(8)}: OVERLOADED after ${r.overloadedAtS} s: more than ${fmt(maxBacklog)} heartbeats waiting ` +
            `(${fmt(r.ok)} answered, ${fmt(Math.round(r.ok / (r.elapsedMs / 1000)))}/s); run with fewer --viewers`,
        );
        continue;
      }
      const total = r.histogram.reduce((a, b) => a + b, 0);
      const p50 = percentile(r.histogram, total, 0.5);
      const p99 = percentile(r.histogram, total, 0.99);
      const p999 = percentile(r.histogram, total, 0.999);
      const s99 = percentile(r.sendHistogram, total, 0.99);
      const live = viewers - r.vanished;
      const error = r.countAfter - live;
      figures.set(design, { p50, p99, error });
      const failures = Object.entries(r.failed).map(([k, v]) => `${k}: ${fmt(v)}`);
      const used = cpu.get(design) ?? { user: 0, system: 0 };
      const perBeat = (us: number) => (us / (r.sent + r.warmSent)).toFixed(0);
      console.log(
        `  ${design.padEnd(8)}: ${fmt(r.sent)} heartbeats in ${fmt(Math.round(r.elapsedMs / 1000))} s ` +
          `(${fmt(Math.round(r.sent / (r.elapsedMs / 1000)))}/s), ${fmt(r.ok)} ok${failures.length ? `, failed ${failures.join(', ')}` : ''}; ` +
          `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, p99.9 ${p999.toFixed(2)} ms (p99 from send ${s99.toFixed(2)} ms); ` +
          `count before vanishing ${fmt(r.countBefore)} (true ${fmt(viewers)}), after TTL ${fmt(r.countAfter)} ` +
          `(true ${fmt(live)}): error ${error >= 0 ? '+' : ''}${fmt(error)} (${((error / live) * 100).toFixed(1)} %); ` +
          `API thread CPU ${perBeat(used.user + used.system)} µs per heartbeat (user ${perBeat(used.user)}, system ${perBeat(used.system)})`,
      );
    }
    const h = figures.get('hearth');
    const b = figures.get('seed003');
    if (h && b) {
      console.log(
        `  ratio (hearth / seed003): p50 ${(h.p50 / b.p50).toFixed(2)}x, p99 ${(h.p99 / b.p99).toFixed(2)}x; ` +
          `count error ${fmt(h.error)} vs ${fmt(b.error)}`,
      );
    }
  } finally {
    // Only this run's keys: the prefix is unique to it.
    await dropKeys(raw, `${prefix}*`);
    raw.disconnect();
    await hot.close();
    await db.close();
    await scratch.drop();
  }
}

if (isMainThread) await main();
