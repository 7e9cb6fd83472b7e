import { afterEach, describe, expect, it } from 'vitest';
import { runSimulatorCli, type Simulator } from '../../src/sim/index.ts';

describe('the simulator command', () => {
  let sim: Simulator | undefined;

  afterEach(async () => {
    await sim?.close();
  });

  it('starts a standalone simulator with a generated guild and prints how to connect', async () => {
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), warn: () => {}, error: () => {}, debug: () => {} };
    sim = await runSimulatorCli({
      port: 0,
      guildSize: 25,
      history: 300,
      days: 3,
      token: 'cli-token',
      logger,
    });
    expect(sim.bot.token).toBe('cli-token');
    expect(sim.state.memberCount(sim.community?.guild.id ?? '')).toBeGreaterThanOrEqual(25);
    const output = lines.join('\n');
    expect(output).toContain(sim.apiUrl);
    expect(output).toContain(sim.gatewayUrl);
    const gateway = await fetch(`${sim.apiUrl}/v10/gateway/bot`, {
      headers: { Authorization: 'Bot cli-token' },
    });
    expect(await gateway.json()).toMatchObject({
      url: sim.gatewayUrl,
      shards: 1,
      session_start_limit: { max_concurrency: 1 },
    });
  });
});
