import type { Client, TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.ts';
import { connectClient, startTestSimulator } from './helpers.ts';

describe('a large simulated community', () => {
  let sim: Simulator;
  let client: Client<true>;

  beforeAll(async () => {
    sim = await startTestSimulator({
      rateLimits: false,
      community: { seed: 11, members: 2500, textChannels: 20, history: { messages: 250_000, days: 365 } },
    });
    client = await connectClient(sim);
  }, 30_000);

  afterAll(async () => {
    await client?.destroy();
    await sim?.close();
  });

  it('sends a large guild without its member list and serves the members in chunks', async () => {
    const guildId = sim.community?.guild.id ?? '';
    const guild = client.guilds.cache.get(guildId);
    expect(guild?.large).toBe(true);
    expect(guild?.memberCount).toBe(sim.state.memberCount(guildId));
    expect(guild?.members.cache.size).toBeLessThan(10);
    const members = await guild?.members.fetch();
    expect(members?.size).toBe(sim.state.memberCount(guildId));
  });

  it('pages the whole history of a channel through discord.js', async () => {
    const channels = sim.community?.textChannels ?? [];
    const target = channels.find(
      (c) => sim.state.messages.count(c.id) > 3000 && sim.state.messages.count(c.id) < 8000,
    );
    if (!target) throw new Error('no mid-sized channel in the fixture');
    const channel = (await client.channels.fetch(target.id)) as TextChannel;
    let before: string | undefined;
    let seen = 0;
    for (;;) {
      const page = await channel.messages.fetch({ limit: 100, cache: false, ...(before ? { before } : {}) });
      seen += page.size;
      if (page.size < 100) break;
      before = page.lastKey();
    }
    expect(seen).toBe(sim.state.messages.count(target.id));
  }, 30_000);

  it('serves pages anywhere in 250,000 messages in milliseconds', async () => {
    expect(sim.state.messages.total).toBeGreaterThanOrEqual(250_000);
    const busiest = sim.community?.textChannels[0]?.id ?? '';
    const all = sim.state.messages.list(busiest);
    const started = performance.now();
    for (let i = 0; i < 50; i++) {
      const anchor = all[Math.floor((all.length * i) / 50)]?.id ?? '0';
      const response = await fetch(
        `${sim.apiUrl}/v10/channels/${busiest}/messages?limit=100&before=${anchor}`,
        {
          headers: { Authorization: `Bot ${sim.bot.token}` },
        },
      );
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    expect((performance.now() - started) / 50).toBeLessThan(50);
  });
});
