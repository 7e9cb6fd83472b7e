import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator } from '../../../test/sim/helpers.ts';
import { openTestPglite } from '../../../test/support/databases.ts';
import { until } from '../../../test/support/eventually.ts';
import {
  expectedStats,
  processLive,
  readableChannels,
  simMessages,
  storedKarma,
  storedStats,
} from '../../../test/support/history.ts';
import { Pipeline } from '../../pipeline/pipeline.ts';
import type { Db } from '../../platform/db/port.ts';
import { createDiscordRest, type REST } from '../../platform/discord/rest.ts';
import { createMemoryHotStore } from '../../platform/hot/memory.ts';
import { silentLogger } from '../../platform/logger.ts';
import type { Job } from '../../platform/queue/index.ts';
import { importGuilds } from '../../roles/feature-services.ts';
import { productPipelineFeatures } from '../../roles/features.ts';
import type { Simulator } from '../../sim/index.ts';
import { syncGuild } from '../sync/service.ts';
import { historyImportJobs } from './jobs.ts';
import { taskById, taskChannels } from './repository.ts';
import { runImport } from './runner.ts';
import { HistoryImportService, type HistoryJobData } from './service.ts';

describe('history import against the simulator', () => {
  let sim: Simulator;
  let db: Db;
  let rest: REST;
  let pipeline: Pipeline;
  let service: HistoryImportService;
  let guildId: string;
  let readable: string[];

  const run = async (awardKarma = true, channelIds?: string[]) => {
    const task = await service.create(guildId, { requestedBy: 'test', awardKarma, channelIds });
    return runImport({ db, rest, pipeline, logger: silentLogger, owner: 'test', replayBatch: 300 }, task.id);
  };

  beforeAll(async () => {
    sim = await startTestSimulator({
      rateLimits: false,
      community: {
        seed: 11,
        members: 40,
        textChannels: 5,
        threads: 3,
        hiddenChannels: 1,
        history: { messages: 6000, days: 30 },
      },
    });
    ({ guildId, readable } = readableChannels(sim));
    db = await openTestPglite();
    rest = createDiscordRest({ token: sim.bot.token, apiUrl: sim.apiUrl });
    pipeline = new Pipeline({
      db,
      features: productPipelineFeatures(db, createMemoryHotStore(), silentLogger),
      logger: silentLogger,
      flushIntervalMs: 5,
    });
    service = new HistoryImportService({
      db,
      guilds: importGuilds(db),
      queue: undefined,
      logger: silentLogger,
    });
    await syncGuild({ rest, pipeline, db }, guildId);
  }, 60_000);

  afterAll(async () => {
    await pipeline?.close();
    await sim?.close();
    await db?.close();
  });

  it('imports every readable channel and thread: statistics exactly as the messages say', async () => {
    const outcome = await run();
    expect(outcome.kind).toBe('completed');
    const messages = simMessages(sim.state, readable);
    expect(messages.length).toBeGreaterThan(5000);
    expect(Number(outcome.task?.messages_fetched)).toBe(messages.length);
    expect(Number(outcome.task?.messages_processed)).toBe(messages.length);
    expect(outcome.task?.progress).toBe(1);
    expect(await storedStats(db, guildId)).toEqual(expectedStats(sim.state, messages));
  });

  it('records the channel the bot cannot see as skipped, and reads the threads', async () => {
    const [task] = await service.list(guildId, 1, undefined);
    const channels = await taskChannels(db, task?.id ?? '');
    const hidden = sim.community?.hiddenChannels[0]?.id;
    expect(channels.find((c) => c.channel_id === hidden)).toMatchObject({ status: 'skipped' });
    expect(channels.find((c) => c.channel_id === hidden)?.error).toContain('403');
    const threads = sim.community?.threads.map((t) => t.id) ?? [];
    expect(threads.length).toBeGreaterThan(0);
    for (const id of threads) expect(channels.find((c) => c.channel_id === id)?.status).toBe('done');
    expect(task?.channels_skipped).toBe(1);
  });

  it('pays the karma live processing of the same messages pays', async () => {
    const reference = await openTestPglite();
    try {
      const referencePipeline = new Pipeline({
        db: reference,
        features: productPipelineFeatures(reference, createMemoryHotStore(), silentLogger),
        logger: silentLogger,
        flushIntervalMs: 5,
      });
      await syncGuild({ rest, pipeline: referencePipeline, db: reference }, guildId);
      await referencePipeline.close();
      await processLive(reference, sim.state, guildId, simMessages(sim.state, readable));
      const expected = await storedKarma(reference, guildId);
      expect(expected.length).toBeGreaterThan(10);
      expect(await storedKarma(db, guildId)).toEqual(expected);
    } finally {
      await reference.close();
    }
  });

  it('skips a channel that turns forbidden mid-import and completes the rest', async () => {
    const target = sim.community?.textChannels[0]?.id ?? '';
    // Slow pages, so the import is still reading the channel when it is hidden.
    sim.faults.rest.latency({ ms: 40, durationMs: 30_000 });
    const task = await service.create(guildId, { requestedBy: 'test' });
    const running = runImport(
      { db, rest, pipeline, logger: silentLogger, owner: 'test', replayBatch: 300 },
      task.id,
    );
    await until(
      async () => (await taskChannels(db, task.id)).find((c) => c.channel_id === target)?.pages ?? 0,
      (pages) => pages >= 1,
      20_000,
    );
    // @everyone may no longer see it; the bot has no role that allows it back.
    sim.control.setOverwrites(target, [{ id: guildId, type: 'role', allow: '0', deny: '1024' }]);
    const outcome = await running;
    sim.faults.rest.clear();
    sim.control.setOverwrites(target, []);
    expect(outcome.kind).toBe('completed');
    const channel = (await taskChannels(db, task.id)).find((c) => c.channel_id === target);
    expect(channel?.status).toBe('skipped');
    expect(channel?.error).toMatch(/^403 50001/);
    // Its threads take its overwrites and turn forbidden with it; every other channel is read to the end.
    const threads = new Set(sim.community?.threads.filter((t) => t.parentId === target).map((t) => t.id));
    const others = (await taskChannels(db, task.id)).filter(
      (c) =>
        c.channel_id !== target &&
        c.channel_id !== sim.community?.hiddenChannels[0]?.id &&
        !threads.has(c.channel_id),
    );
    expect(others.every((c) => c.status === 'done')).toBe(true);
    expect(outcome.task?.channels_skipped).toBe(2 + threads.size);
  });

  it('runs a task once however many jobs the watchdog sends for it', async () => {
    const ended: { taskId: string; outcome: string }[] = [];
    const logger = pino(
      { level: 'debug' },
      {
        write(line: string) {
          const entry = JSON.parse(line) as { msg?: string; taskId: string; outcome: string };
          if (entry.msg === 'history import run ended') ended.push(entry);
        },
      },
    );
    const [importJob] = historyImportJobs({ db, rest, pipeline, logger, queue: undefined });
    if (!importJob) throw new Error('no import job');
    const send = (taskId: string) =>
      importJob.handler([{ data: { taskId } }] as unknown as Job<HistoryJobData>[]);
    // Slow pages, so the run is still reading when the second job comes.
    sim.faults.rest.latency({ ms: 20, durationMs: 60_000 });
    try {
      const task = await service.create(guildId, { requestedBy: 'test' });
      // The watchdog's round came while the task waited for a worker: two jobs at once.
      const first = Promise.all([send(task.id), send(task.id)]);
      await until(
        async () => (await taskChannels(db, task.id)).some((c) => c.pages > 0),
        (reading) => reading,
        20_000,
      );
      // ...and another round while it runs, as every minute of a long import.
      await send(task.id);
      await first;
      expect(ended.map((e) => e.outcome).sort()).toEqual(['busy', 'busy', 'completed']);
      const done = await taskById(db, task.id);
      expect(done?.status).toBe('completed');
      expect(Number(done?.messages_fetched)).toBe(simMessages(sim.state, readable).length);
    } finally {
      sim.faults.rest.clear();
    }
  }, 60_000);

  it('changes nothing when run a second time', async () => {
    const stats = await storedStats(db, guildId);
    const karma = await storedKarma(db, guildId);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM karma_ledger WHERE guild_id = $1',
      [guildId],
    );
    const outcome = await run();
    expect(outcome.kind).toBe('completed');
    expect(await storedStats(db, guildId)).toEqual(stats);
    expect(await storedKarma(db, guildId)).toEqual(karma);
    const after = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM karma_ledger WHERE guild_id = $1',
      [guildId],
    );
    expect(after.rows[0]?.n).toBe(rows[0]?.n);
    const staged = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM history_staged_messages');
    expect(staged.rows[0]?.n).toBe(0);
  });
});
