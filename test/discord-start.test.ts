import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline/pipeline.ts';
import type { PgliteDb } from '../src/platform/db/pglite.ts';
import { silentLogger } from '../src/platform/logger.ts';
import { startBot } from '../src/roles/bot.ts';
import { Lifecycle, UsageError } from '../src/roles/runtime.ts';
import type { Simulator } from '../src/sim/index.ts';
import { startTestSimulator } from './sim/helpers.ts';
import { openTestPglite } from './support/databases.ts';

/** The bot's start against Discord (the simulator) with a wrong setting: the error names it. */
describe('a bot that cannot log in says which setting to fix', () => {
  let sim: Simulator;
  let db: PgliteDb;
  let pipeline: Pipeline;
  beforeAll(async () => {
    sim = await startTestSimulator();
    db = await openTestPglite();
    pipeline = new Pipeline({ db, features: [], logger: silentLogger });
  });
  afterAll(async () => {
    await pipeline?.close();
    await db?.close();
    await sim?.close();
  });

  async function start(token: string, apiUrl: string): Promise<unknown> {
    const lifecycle = new Lifecycle(silentLogger);
    try {
      await startBot(silentLogger, lifecycle, { discord: { token, apiUrl, demo: false }, pipeline });
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await lifecycle.stop();
    }
  }

  it('names DISCORD_TOKEN when Discord refuses the token', async () => {
    const error = await start('not-the-bot-token-0000000000', sim.apiUrl);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`DISCORD_TOKEN was refused by Discord at ${sim.apiUrl}`);
  });

  it('names DISCORD_API_URL when Discord cannot be reached', async () => {
    const error = await start(sim.bot.token, 'http://127.0.0.1:1/api');
    expect((error as Error).message).toMatch(
      /^cannot reach Discord at http:\/\/127\.0\.0\.1:1\/api \(DISCORD_API_URL\): connect ECONNREFUSED/,
    );
  });
});
