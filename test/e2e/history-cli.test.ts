import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/platform/db/pglite.ts';
import type { Simulator } from '../../src/sim/index.ts';
import { startTestSimulator } from '../sim/helpers.ts';
import { until } from '../support/eventually.ts';
import { expectedStats, readableChannels, simMessages, storedStats } from '../support/history.ts';
import { runHearth, spawnHearth, tempDir } from '../support/process.ts';

/** `hearth import history` as an admin runs it on the server: progress, Ctrl-C, resume. */
describe('hearth import history', () => {
  let sim: Simulator;
  let guildId: string;
  let readable: string[];
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = await startTestSimulator({
      // Slow enough per channel that the import is still running when it is interrupted.
      rateLimits: { routes: { 'messages.history': { limit: 1, windowMs: 500 } } },
      community: { seed: 5, members: 25, textChannels: 4, threads: 2, history: { messages: 4000, days: 20 } },
    });
    ({ guildId, readable } = readableChannels(sim));
    env = {
      DATA_DIR: tempDir(),
      DISCORD_TOKEN: sim.bot.token,
      DISCORD_API_URL: sim.apiUrl,
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('pauses on Ctrl-C at a checkpoint and finishes exactly on the next run', async () => {
    const child = spawnHearth(['import', 'history', '--guild', guildId], env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Interrupted once a few pages are in: mid-fetch, with checkpoints written.
    const pages = () => sim.stats().rest.byBucket['messages.history'] ?? 0;
    await until(
      async () => pages(),
      (n) => n >= 4,
      60_000,
    );
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stdout).toContain('started');
    expect(stdout).toMatch(/paused at \d+(\.\d)?%/);

    const resumed = await runHearth(['import', 'history', '--guild', guildId], env);
    expect(resumed.stderr).not.toContain('hearth:');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resuming history import 1');
    const messages = simMessages(sim.state, readable);
    expect(resumed.stdout).toContain(`completed: ${messages.length} messages`);

    const db = await openPglite(path.join(env.DATA_DIR ?? '', 'pgdata'));
    try {
      expect(await storedStats(db, guildId)).toEqual(expectedStats(sim.state, messages));
    } finally {
      await db.close();
    }
  }, 120_000);

  it('names the flag or variable that is wrong', async () => {
    const badDate = await runHearth(['import', 'history', '--guild', guildId, '--since', 'yesterday'], env);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--since must be a date');
    const badGuild = await runHearth(['import', 'history', '--guild', 'abc'], env);
    expect(badGuild.code).toBe(2);
    expect(badGuild.stderr).toContain('--guild must be a Discord id');
    const noToken = await runHearth(['import', 'history', '--guild', guildId], { DATA_DIR: tempDir() });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('DISCORD_TOKEN is required');
    const strange = await runHearth(['import', 'history', '--guild', '123456789012345678'], {
      ...env,
      DATA_DIR: tempDir(),
    });
    expect(strange.code).toBe(2);
    expect(strange.stderr).toContain('--guild: the bot cannot read guild 123456789012345678');
  }, 60_000);
});
