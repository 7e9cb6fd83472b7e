import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseRows, databaseRows, differences } from '../../test/support/database-rows.ts';
import { createPostgresDatabase } from '../../test/support/databases.ts';
import { postgresAvailable } from '../../test/support/services.ts';
import { migrate } from '../platform/db/migrate.ts';
import type { Db } from '../platform/db/port.ts';
import { openPostgres } from '../platform/db/postgres.ts';
import { createMemoryHotStore } from '../platform/hot/memory.ts';
import { silentLogger } from '../platform/logger.ts';
import { productPipelineFeatures } from '../roles/features.ts';
import type { DomainEvent } from './events.ts';
import { Pipeline, type PipelineStats } from './pipeline.ts';
import {
  batchesOfActions,
  CATEGORY,
  channelId,
  GUILDS,
  NO_KARMA_ROLE,
  roleId,
  Traffic,
  USERS,
} from './traffic.test-kit.ts';

/**
 * The guarantee that lets the pipeline write a round as concurrent transactions: splitting a batch by
 * what the features declare their events touch leaves exactly the rows that one transaction leaves.
 * Random traffic (traffic.test-kit.ts) goes through the product's pipeline features twice, each on a
 * fresh PostgreSQL database: with one writer, and with three writers that split every batch they can.
 * Each batch is one round in both (it fits in `maxBatch`), so the runs differ only in the split.
 * Then every table is compared row by row (database-rows.test-kit.ts says which columns cannot be).
 * A feature that declares less than its rules read or write makes two transactions work on the
 * same rows, and the rows come out different. Needs PostgreSQL: PGlite has a single connection.
 */

/** Karma's clock: a Wednesday noon, after the traffic's start, in the same ISO week. */
const NOW = new Date('2026-11-25T12:00:00Z');
const START = new Date('2026-11-24T20:00:00Z');
const RUNS = 25;

interface Side {
  db: Db;
  drop: () => Promise<void>;
}

async function openSide(): Promise<Side> {
  const { url, drop } = await createPostgresDatabase();
  // A throwaway database need not wait for its commits to reach the disk.
  const setup = openPostgres({ url, poolMax: 1 });
  await setup.query(
    `DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = off', current_database()); END $$`,
  );
  await setup.close();
  const db = openPostgres({ url, poolMax: 4 });
  await migrate(db);
  return {
    db,
    async drop() {
      await db.close();
      await drop();
    },
  };
}

/**
 * Empties every table, so that each run starts from a freshly migrated database. DELETE rather than
 * TRUNCATE: on tables this small it takes milliseconds where TRUNCATE takes about a second.
 */
async function empty(db: Db): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'hearth_migrations'`,
  );
  await db.transaction(async (tx) => {
    for (const { name } of rows) await tx.query(`DELETE FROM ${name}`);
  });
}

/**
 * Guild 0 lets karma look at channels (a multiplier on the category) and at roles (a role that
 * earns nothing), and announces levels, so level changes are recorded.
 */
async function configure(db: Db): Promise<void> {
  await db.query(
    `UPDATE guild_settings SET karma = $2::jsonb, announcements = $3::jsonb, version = version + 1 WHERE guild_id = $1`,
    [
      GUILDS[0],
      JSON.stringify({
        channelMultipliers: { [channelId(0, CATEGORY)]: 2 },
        noKarmaRoleIds: [roleId(0, NO_KARMA_ROLE)],
      }),
      JSON.stringify({ mode: 'current_channel' }),
    ],
  );
}

/** A first message in every guild: karma seeds the guilds' settings, which `configure` then changes. */
function seed(): DomainEvent[] {
  return GUILDS.map((guildId, i) => ({
    kind: 'message.created',
    id: `m:seed-${i}`,
    guildId,
    at: START,
    source: 'live',
    messageId: `60000000000000000${i}`,
    channelId: channelId(i, 1),
    userId: USERS[0] as string,
    authorIsBot: false,
    system: false,
    words: 2,
    attachments: 0,
    isReply: false,
  }));
}

interface Outcome {
  rows: DatabaseRows;
  stats: PipelineStats;
  /** Rounds written as more than one transaction. */
  splitRounds: number;
}

async function ingest(db: Db, batches: readonly DomainEvent[][], writers: number): Promise<Outcome> {
  await empty(db);
  let splitRounds = 0;
  const pipeline = new Pipeline({
    db,
    features: productPipelineFeatures(db, createMemoryHotStore(), silentLogger, () => NOW),
    logger: silentLogger,
    maxBatch: 1000,
    flushIntervalMs: 1,
    retryInitialMs: 1,
    writers,
    minPartEvents: 1,
  });
  const write = async (events: readonly DomainEvent[]) => {
    const before = pipeline.stats().batches;
    await pipeline.submit(events);
    await pipeline.flush();
    if (pipeline.stats().batches - before > 1) splitRounds++;
  };
  await write(seed());
  await configure(db);
  for (const batch of batches) await write(batch);
  const stats = pipeline.stats();
  await pipeline.close();
  return { rows: await databaseRows(db), stats, splitRounds };
}

describe.skipIf(!postgresAvailable)('writers on PostgreSQL', () => {
  let serial: Side;
  let parallel: Side;
  beforeAll(async () => {
    [serial, parallel] = await Promise.all([openSide(), openSide()]);
  });
  afterAll(async () => {
    await serial?.drop();
    await parallel?.drop();
  });

  it('leave the same rows whether a batch is one transaction or split by what its events touch', async () => {
    let splitRounds = 0;
    let rows = 0;
    await fc.assert(
      fc.asyncProperty(batchesOfActions, async (actions) => {
        const traffic = new Traffic(START);
        const batches = actions.map((batch) => traffic.play(batch));
        const one = await ingest(serial.db, batches, 1);
        const three = await ingest(parallel.db, batches, 3);
        expect(one.stats.rejected).toBe(0);
        expect(three.stats).toMatchObject({
          applied: one.stats.applied,
          duplicates: one.stats.duplicates,
          rejected: 0,
        });
        expect(differences(one.rows, three.rows)).toEqual([]);
        splitRounds += three.splitRounds;
        for (const table of one.rows.values()) rows += table.length;
      }),
      // Shrinking a failure reruns the databases for every candidate: it gets what is left of a minute.
      { numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(60_000)] },
    );
    // The property held for traffic that really was split, over many rows.
    expect(splitRounds).toBeGreaterThan(RUNS);
    expect(rows).toBeGreaterThan(RUNS * 100);
  }, 90_000);
});
