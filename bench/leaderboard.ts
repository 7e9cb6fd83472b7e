/**
 * The leaderboard of a 1,000,000-member guild (issue 4): latency (p50, p99) of the first page of 10,
 * a deep page (ranks 500,001-500,010 for a million members) and a random member's rank, for four
 * designs in one run on the same scratch PostgreSQL database and Redis:
 *
 * - Hearth from Redis: `Leaderboard` (src/features/karma/leaderboard.ts) on the Redis HotStore, its
 *   sorted set built by `Leaderboard.rebuild` from `user_karma`, as after a Redis loss;
 * - Hearth from PostgreSQL alone: the same class without a hot store (what answers while Redis is
 *   down or the set is rebuilding), plus the keyset page the API's `cursor` uses for deep pages;
 * - COUNT(*) rank: `SELECT count(*) + 1 ... WHERE total > mine` for a rank (ties share a rank, and no
 *   count of ranked members: kinder to it than Hearth's answer), pages by LIMIT/OFFSET, on the same index;
 * - load-all-and-sort (how NetLevel-Bot and Polaris-Open do it): SELECT every member's karma, sort in
 *   JavaScript, slice the page or find the member.
 *
 *   npm run bench:leaderboard -- [--members 1000000] [--iterations 2000] [--sql-iterations 500]
 *                                [--count-iterations 100] [--sort-iterations 5]
 *
 * Members are seeded by one INSERT ... SELECT generate_series: messages per member heavy-tailed
 * (Pareto, alpha 1.2: more than half posted once), karma 15-25 per message, so totals repeat a lot
 * (tens of thousands of members share each total between 15 and 25). Then VACUUM ANALYZE, as
 * autovacuum would. Calls run one at a time after unrecorded warm-up calls; each design runs its
 * own iterations (load-and-sort takes seconds per call, so it gets few and its p99 is its maximum).
 * Redis keys carry a prefix unique to the run and are deleted at the end with the database.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Leaderboard } from '../src/features/rewards/leaderboard.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import type { Db, Queryable } from '../src/platform/db/port.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createRedisHotStore } from '../src/platform/hot/redis.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { argNumber, fmt, scratchDatabase, timed } from './support.ts';

const GUILD = '900000000000000008';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FIRST_USER = 300_000_000_000_000_000n;
const USER_STEP = 7919n;
const PAGE = 10;

type Op = 'first' | 'deep' | 'cursor' | 'rank';
const OPS: Record<Op, string> = {
  first: 'first page',
  deep: 'deep page',
  cursor: 'deep page by cursor',
  rank: "random member's rank",
};

interface Member {
  userId: string;
  karma: number;
}

/** What every design answers: a page of user ids, or a member's 1-based rank. */
interface Design {
  name: string;
  short: string;
  iterations: number;
  warmup: number;
  page(offset: number): Promise<string[]>;
  rank(member: Member): Promise<number | null>;
  cursorPage?(cursor: Member & { rank: number }): Promise<string[]>;
}

const userOf = (i: number) => String(FIRST_USER + BigInt(i) * USER_STEP);

async function seed(db: Db, members: number): Promise<number> {
  const { ms } = await timed(() =>
    db.transaction(async (tx) => {
      await tx.query('SELECT setseed(0.42)');
      // updated_at in the past: karma earned before the run, so a rebuild has no recent rows to re-read.
      await tx.query(
        `INSERT INTO user_karma (guild_id, user_id, total, created_at, updated_at)
         SELECT $1, $3::bigint + g * $4::bigint, m * 15 + floor(random() * (m * 10 + 1))::bigint,
                now() - interval '30 days', now() - interval '1 day'
         FROM (SELECT g, floor(power(1 - random(), -1 / 1.2))::bigint AS m
               FROM generate_series(0, $2::integer - 1) AS g) s`,
        [GUILD, members, String(FIRST_USER), String(USER_STEP)],
      );
    }),
  );
  await db.exec('VACUUM ANALYZE user_karma, leaderboard_counts');
  return ms;
}

/** Seeded pseudo-random members, the same sequence for every design. */
async function sampleMembers(db: Queryable, members: number, count: number): Promise<Member[]> {
  let state = 12_345;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    ids.push(userOf(Math.floor((state / 2_147_483_648) * members)));
  }
  const { rows } = await db.query<{ user_id: string; total: string }>(
    'SELECT user_id, total FROM user_karma WHERE guild_id = $1 AND user_id = ANY($2::bigint[])',
    [GUILD, ids],
  );
  const karma = new Map(rows.map((r) => [r.user_id, Number(r.total)]));
  return ids.map((userId) => ({ userId, karma: karma.get(userId) ?? 0 }));
}

async function loadAndSort(db: Queryable): Promise<Member[]> {
  const { rows } = await db.query<{ user_id: string; total: string }>(
    'SELECT user_id, total FROM user_karma WHERE guild_id = $1',
    [GUILD],
  );
  const all = rows.map((r) => ({ userId: r.user_id, karma: Number(r.total) })).filter((m) => m.karma > 0);
  // Ids are all 18 digits here, so string order is numeric order.
  all.sort((a, b) => b.karma - a.karma || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return all;
}

function designs(db: Queryable, redisBoard: Leaderboard, iterations: Record<string, number>): Design[] {
  const sqlBoard = new Leaderboard({ db, hot: undefined });
  const hearth = (board: Leaderboard, name: string, short: string, n: number): Design => ({
    name,
    short,
    iterations: n,
    warmup: 100,
    page: async (offset) => (await board.page(GUILD, offset / PAGE + 1, PAGE)).entries.map((e) => e.userId),
    rank: async (m) => (await board.rank(GUILD, m.userId, m.karma)).rank,
  });
  return [
    hearth(redisBoard, 'Hearth, Redis', 'redis', iterations.redis ?? 0),
    {
      ...hearth(sqlBoard, 'Hearth, PostgreSQL alone', 'sql', iterations.sql ?? 0),
      cursorPage: async (cursor) => (await sqlBoard.after(GUILD, cursor, PAGE)).map((e) => e.userId),
    },
    {
      name: 'COUNT(*) rank, OFFSET pages',
      short: 'count',
      iterations: iterations.count ?? 0,
      warmup: 5,
      page: async (offset) =>
        (
          await db.query<{ user_id: string }>(
            `SELECT user_id FROM user_karma WHERE guild_id = $1 AND total > 0
             ORDER BY total DESC, user_id LIMIT $2 OFFSET $3`,
            [GUILD, PAGE, offset],
          )
        ).rows.map((r) => r.user_id),
      rank: async (m) =>
        Number(
          (
            await db.query<{ n: string }>(
              'SELECT count(*) + 1 AS n FROM user_karma WHERE guild_id = $1 AND total > $2',
              [GUILD, m.karma],
            )
          ).rows[0]?.n,
        ),
    },
    {
      name: 'load all and sort',
      short: 'sort',
      iterations: iterations.sort ?? 0,
      warmup: 1,
      page: async (offset) => (await loadAndSort(db)).slice(offset, offset + PAGE).map((m) => m.userId),
      rank: async (m) => {
        const index = (await loadAndSort(db)).findIndex((x) => x.userId === m.userId);
        return index < 0 ? null : index + 1;
      },
    },
  ];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? Number.NaN;
}

async function measure(n: number, warmup: number, call: (i: number) => Promise<unknown>) {
  for (let i = 0; i < warmup; i++) await call(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await call(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { n, p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

/** Every design must give the same pages and (but for COUNT(*)'s shared tie ranks) the same ranks. */
async function crossCheck(all: Design[], deep: number, members: Member[], sorted: Member[]): Promise<void> {
  const expectPage = (offset: number) =>
    sorted
      .slice(offset, offset + PAGE)
      .map((m) => m.userId)
      .join();
  for (const design of all.filter((d) => d.short !== 'sort')) {
    for (const offset of [0, deep]) {
      if ((await design.page(offset)).join() !== expectPage(offset))
        throw new Error(`${design.name}: page at ${offset} differs from the sorted order`);
    }
    for (const m of members.slice(0, 20)) {
      const exact = sorted.findIndex((x) => x.userId === m.userId) + 1;
      const firstOfTie = sorted.findIndex((x) => x.karma === m.karma) + 1;
      const rank = await design.rank(m);
      if (rank !== (design.short === 'count' ? firstOfTie : exact))
        throw new Error(`${design.name}: rank ${rank} of ${m.userId}, expected ${exact}`);
    }
  }
}

const ms = (v: number) => (v < 10 ? v.toFixed(3) : v < 1000 ? v.toFixed(1) : fmt(Math.round(v)));
const ratio = (base: number, v: number) => `${fmt(Math.round(base / v))}x`;

async function main() {
  const size = argNumber('members', 1_000_000);
  const iterations = {
    redis: argNumber('iterations', 2000),
    sql: argNumber('sql-iterations', 500),
    count: argNumber('count-iterations', 100),
    sort: argNumber('sort-iterations', 5),
  };
  const prefix = `bench:leaderboard:${randomBytes(4).toString('hex')}:`;
  const scratch = await scratchDatabase();
  const db = openPostgres({ url: scratch.url, poolMax: 4 });
  const raw = new Redis(REDIS_URL);
  const hot = await createRedisHotStore({ url: REDIS_URL, keyPrefix: prefix, commandTimeoutMs: 10_000 });
  try {
    await migrate(db);
    const seedMs = await seed(db, size);
    const shape = await db.query<{ ranked: string; distinct: string; tie: string }>(
      `SELECT sum(members) AS ranked, count(*) AS distinct, max(members) AS tie
       FROM leaderboard_counts WHERE guild_id = $1`,
      [GUILD],
    );
    const ranked = Number(shape.rows[0]?.ranked ?? 0);
    const redisBoard = new Leaderboard({ db, hot, logger: silentLogger });
    const rebuild = await timed(() => redisBoard.rebuild(GUILD));
    if (!rebuild.result) throw new Error('the rebuild did not run');
    const deep = Math.floor(ranked / 2 / PAGE) * PAGE;
    const members = await sampleMembers(db, size, 1000);
    const all = designs(db, redisBoard, iterations);
    const sorted = await loadAndSort(db);
    await crossCheck(all, deep, members, sorted);
    const before = sorted[deep - 1];
    if (!before) throw new Error('not enough members for the deep page');
    const cursor = { ...before, rank: deep };
    sorted.length = 0;

    console.log(
      `leaderboard benchmark: ${fmt(ranked)} ranked members in one guild, ${fmt(Number(shape.rows[0]?.distinct))} distinct totals, ` +
        `the largest tie ${fmt(Number(shape.rows[0]?.tie))} members`,
    );
    console.log(
      `  seeded by INSERT ... SELECT generate_series in ${fmt(Math.round(seedMs))} ms (+ VACUUM ANALYZE); ` +
        `Redis set built by Leaderboard.rebuild in ${fmt(Math.round(rebuild.ms))} ms`,
    );
    console.log(
      `  deep page = ranks ${fmt(deep + 1)}-${fmt(deep + PAGE)}; ranks of ${members.length} seeded random members; ` +
        'pages and ranks checked equal across designs first',
    );
    console.log(
      `  calls one at a time after warm-up; load-and-sort: ${iterations.sort} calls per operation (its p99 is its maximum)\n`,
    );
    console.log(
      `  ${'design'.padEnd(28)}${'operation'.padEnd(22)}${'calls'.padStart(7)}${'p50 ms'.padStart(11)}${'p99 ms'.padStart(11)}`,
    );
    const results = new Map<string, { p50: number; p99: number }>();
    for (const design of all) {
      const ops: [Op, (i: number) => Promise<unknown>][] = [
        ['first', () => design.page(0)],
        ['deep', () => design.page(deep)],
        ...(design.cursorPage
          ? [['cursor', () => design.cursorPage?.(cursor)] as [Op, () => Promise<unknown>]]
          : []),
        ['rank', (i) => design.rank(members[i % members.length] as Member)],
      ];
      for (const [op, call] of ops) {
        const r = await measure(design.iterations, design.warmup, call);
        results.set(`${design.short}:${op}`, r);
        console.log(
          `  ${design.name.padEnd(28)}${OPS[op].padEnd(22)}${fmt(r.n).padStart(7)}${ms(r.p50).padStart(11)}${ms(r.p99).padStart(11)}`,
        );
      }
    }

    console.log('\n  load-and-sort time / Hearth time (p50, p99):');
    const worst = { redis: 0, sql: results.get('sql:cursor')?.p99 ?? 0 };
    const lowest = { redis: Number.POSITIVE_INFINITY, sql: Number.POSITIVE_INFINITY };
    for (const op of ['first', 'deep', 'rank'] as const) {
      const sort = results.get(`sort:${op}`);
      const redis = results.get(`redis:${op}`);
      const sql = results.get(`sql:${op}`);
      if (!sort || !redis || !sql) continue;
      worst.redis = Math.max(worst.redis, redis.p99);
      worst.sql = Math.max(worst.sql, sql.p99);
      lowest.redis = Math.min(lowest.redis, sort.p50 / redis.p50, sort.p99 / redis.p99);
      lowest.sql = Math.min(lowest.sql, sort.p50 / sql.p50, sort.p99 / sql.p99);
      console.log(
        `  ${OPS[op].padEnd(22)} Redis ${ratio(sort.p50, redis.p50)}, ${ratio(sort.p99, redis.p99)}` +
          `   PostgreSQL ${ratio(sort.p50, sql.p50)}, ${ratio(sort.p99, sql.p99)}`,
      );
    }
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(
      `\n  goals: p99 <= 1 ms from Redis: ${verdict(worst.redis <= 1)} (worst ${ms(worst.redis)} ms); ` +
        `p99 <= 20 ms from PostgreSQL alone: ${verdict(worst.sql <= 20)} (worst ${ms(worst.sql)} ms)`,
    );
    console.log(
      `  >= 1,000x load-and-sort at p50 and p99: from Redis ${verdict(lowest.redis >= 1000)} ` +
        `(lowest ${fmt(Math.round(lowest.redis))}x), from PostgreSQL alone ${verdict(lowest.sql >= 1000)} ` +
        `(lowest ${fmt(Math.round(lowest.sql))}x)`,
    );
  } finally {
    for await (const keys of raw.scanStream({ match: `${prefix}*`, count: 1000 })) {
      if ((keys as string[]).length > 0) await raw.unlink(...(keys as string[]));
    }
    raw.disconnect();
    await hot.close();
    await db.close();
    await scratch.drop();
  }
}

await main();
