import type { Client } from 'discord.js';
import { Pipeline } from '../../src/pipeline/pipeline.ts';
import type { PgliteDb } from '../../src/platform/db/pglite.ts';
import { createDiscordRest } from '../../src/platform/discord/rest.ts';
import { createMemoryHotStore } from '../../src/platform/hot/memory.ts';
import type { HotStore } from '../../src/platform/hot/port.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { createQueue, type Queue } from '../../src/platform/queue/index.ts';
import { startBot } from '../../src/roles/bot.ts';
import { createFeatureServices } from '../../src/roles/feature-services.ts';
import { botCommands, interactionHandler, pipelineFeatures, workerJobs } from '../../src/roles/features.ts';
import { createRewards, type RewardsServices } from '../../src/roles/rewards.ts';
import { Lifecycle } from '../../src/roles/runtime.ts';
import type { Simulator, SimulatorOptions } from '../../src/sim/index.ts';
import { startTestSimulator } from '../sim/helpers.ts';
import { openTestPglite } from './databases.ts';

/**
 * Hearth's bot, pipeline and worker in this process on PGlite, as `hearth all` wires them
 * (roles/features.ts), against the simulator: the real discord.js client on the gateway, and a real
 * pg-boss worker with every job and cron schedule of the product calling the simulator's REST API
 * with the bot's token. Only the cron check is made frequent (`cronIntervalSeconds`).
 */
export interface InProcessHearth {
  sim: Simulator;
  db: PgliteDb;
  hot: HotStore;
  queue: Queue;
  karma: RewardsServices;
  client: Client;
  guildId: string;
  stop(): Promise<void>;
}

export async function startInProcessHearth(
  options: { simulator?: SimulatorOptions; cronIntervalSeconds?: number } = {},
): Promise<InProcessHearth> {
  const logger = silentLogger;
  const lifecycle = new Lifecycle(logger);
  const sim = await startTestSimulator(options.simulator);
  const db = await openTestPglite();
  const hot = createMemoryHotStore();
  const queue = createQueue({
    db,
    logger,
    supervise: true,
    cronIntervalSeconds: options.cronIntervalSeconds ?? 1,
  });
  const karma = createRewards({ db, hot, queue, logger });
  const services = createFeatureServices({ db, hot, queue, logger, rewards: karma });
  const pipeline = new Pipeline({
    db,
    features: pipelineFeatures({ hot, rewards: karma }),
    logger,
    flushIntervalMs: 10,
  });
  lifecycle.add('pipeline', () => pipeline.close());
  await queue.start();
  lifecycle.add('queue', () => queue.stop({ timeoutMs: 2000 }));
  const rest = createDiscordRest({ token: sim.bot.token, apiUrl: sim.apiUrl });
  await queue.register(workerJobs({ db, hot, pipeline, rest, logger, rewards: karma, services, queue }));
  const client = await startBot(logger, lifecycle, {
    discord: { token: sim.bot.token, apiUrl: sim.apiUrl, demo: true },
    pipeline,
    commands: botCommands(),
    onInteraction: interactionHandler({ rewards: karma, services }),
  });
  const guildId = sim.community?.guild.id;
  if (!guildId) throw new Error('the simulator has no community');
  return {
    sim,
    db,
    hot,
    queue,
    karma,
    client,
    guildId,
    async stop() {
      await lifecycle.stop();
      await sim.close();
      await db.close();
    },
  };
}
