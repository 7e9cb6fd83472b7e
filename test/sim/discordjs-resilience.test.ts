import type { Client, TextChannel } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.ts';
import { connectClient, nextEvent, startTestSimulator, waitFor } from './helpers.ts';

describe('discord.js against the simulator: rate limits and faults', () => {
  let sim: Simulator | undefined;
  let client: Client<true> | undefined;

  afterEach(async () => {
    await client?.destroy();
    await sim?.close();
    client = undefined;
    sim = undefined;
  });

  async function channelOf(s: Simulator, c: Client<true>): Promise<TextChannel> {
    const channel = await c.channels.fetch(s.community?.textChannels[0]?.id ?? '');
    return channel as TextChannel;
  }

  it('makes discord.js wait on rate limit headers instead of failing', async () => {
    sim = await startTestSimulator({
      rateLimits: { routes: { 'messages.create': { limit: 2, windowMs: 300 } }, retryAfterHeader: 'float' },
    });
    client = await connectClient(sim);
    const channel = await channelOf(sim, client);
    const started = Date.now();
    const sent = await Promise.all(Array.from({ length: 6 }, (_, i) => channel.send(`burst ${i}`)));
    const elapsed = Date.now() - started;
    expect(sent).toHaveLength(6);
    // Six sends at two per 300 ms window need at least two full waits.
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(sim.stats().rest.rateLimited).toBe(0);
    expect(
      sim.control
        .botMessages(channel.id)
        .map((m) => m.content)
        .sort(),
    ).toEqual(Array.from({ length: 6 }, (_, i) => `burst ${i}`));
  });

  it('retries through a 5xx burst', async () => {
    sim = await startTestSimulator();
    client = await connectClient(sim);
    const channel = await channelOf(sim, client);
    sim.faults.rest.burst5xx({ requests: 2, status: [502, 503] });
    const message = await channel.send('after the outage');
    expect(message.content).toBe('after the outage');
    expect(sim.stats().faults.injected5xx).toBe(2);
  });

  it('waits out an injected 429 storm and counts the invalid requests', async () => {
    sim = await startTestSimulator();
    client = await connectClient(sim);
    const channel = await channelOf(sim, client);
    sim.faults.rest.storm429({ requests: 3, retryAfterMs: 50 });
    const message = await channel.send('after the storm');
    expect(message.content).toBe('after the storm');
    const stats = sim.stats();
    expect(stats.faults.injected429).toBe(3);
    expect(stats.rest.rateLimited).toBe(3);
    expect(stats.rest.invalidRequests).toBe(3);
  });

  it('answers 429 with Discord headers when a client ignores the limits', async () => {
    sim = await startTestSimulator({
      rateLimits: { routes: { 'messages.history': { limit: 1, windowMs: 5000 } } },
    });
    const url = `${sim.apiUrl}/v10/channels/${sim.community?.textChannels[0]?.id}/messages`;
    const headers = { Authorization: `Bot ${sim.bot.token}` };
    const first = await fetch(url, { headers });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(first.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(4);
    const second = await fetch(url, { headers });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('5');
    expect(second.headers.get('x-ratelimit-scope')).toBe('user');
    expect(second.headers.get('x-ratelimit-bucket')).toBe(first.headers.get('x-ratelimit-bucket'));
    expect(await second.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
    const unauthorized = await fetch(url, { headers: { Authorization: 'Bot nope' } });
    expect(unauthorized.status).toBe(401);
    expect(sim.rateLimiter?.invalidCount()).toBe(2);
  });

  it('resumes after a gateway disconnect and replays the events missed while away', async () => {
    sim = await startTestSimulator();
    client = await connectClient(sim);
    const channelId = sim.community?.textChannels[0]?.id ?? '';
    const author = sim.community?.memberIds[0] ?? '';
    const received: string[] = [];
    client.on('messageCreate', (m) => received.push(m.content));
    const resumed = new Promise<void>((resolve) => client?.once('shardResume', () => resolve()));
    sim.faults.gateway.disconnect({ code: 4000 });
    await waitFor(() => sim?.gateway.stats.sessions.every((s) => !s.connected) ?? false, 2000, 'disconnect');
    sim.control.postMessage({ channelId, authorId: author, content: 'while away 1' });
    sim.control.postMessage({ channelId, authorId: author, content: 'while away 2' });
    await resumed;
    sim.control.postMessage({ channelId, authorId: author, content: 'after resume' });
    await waitFor(() => received.includes('after resume'), 3000, 'live message');
    expect(received).toEqual(['while away 1', 'while away 2', 'after resume']);
    expect(sim.gateway.stats.resumes).toBe(1);
    expect(sim.gateway.stats.identifies).toBe(1);
  });

  it('resumes after the TCP connection drops without a close frame', async () => {
    sim = await startTestSimulator();
    client = await connectClient(sim);
    const resumed = new Promise<void>((resolve) => client?.once('shardResume', () => resolve()));
    sim.faults.gateway.disconnect({ mode: 'terminate' });
    await resumed;
    expect(sim.gateway.stats.resumes).toBe(1);
  });

  it('redelivers already-sent dispatches with new sequence numbers', async () => {
    sim = await startTestSimulator();
    client = await connectClient(sim);
    const channelId = sim.community?.textChannels[0]?.id ?? '';
    const author = sim.community?.memberIds[0] ?? '';
    const packets: Array<{ s: number; id: string }> = [];
    client.on('raw', (packet: { t: string | null; s: number; d: { id?: string } }) => {
      if (packet.t === 'MESSAGE_CREATE') packets.push({ s: packet.s, id: packet.d.id ?? '' });
    });
    const emitted: string[] = [];
    client.on('messageCreate', (m) => emitted.push(m.id));
    const message = sim.control.postMessage({ channelId, authorId: author, content: 'once' });
    await waitFor(() => packets.length === 1, 2000, 'first delivery');
    expect(sim.faults.gateway.redeliver({ count: 1 })).toBe(1);
    await waitFor(() => packets.length === 2, 2000, 'redelivery');
    expect(packets.map((p) => p.id)).toEqual([message.id, message.id]);
    expect(packets[1]?.s).toBeGreaterThan(packets[0]?.s ?? 0);
    // discord.js drops the duplicate of a cached message: the application sees it once.
    expect(emitted).toEqual([message.id]);
  });

  it('re-identifies after a non-resumable invalid session', { timeout: 15_000 }, async () => {
    sim = await startTestSimulator();
    client = await connectClient(sim);
    const firstSession = sim.gateway.stats.sessions[0]?.sessionId;
    sim.faults.gateway.invalidateSession({ resumable: false });
    await waitFor(
      () =>
        (sim?.gateway.stats.identifies ?? 0) === 2 && (sim?.gateway.stats.sessions[0]?.connected ?? false),
      10_000,
      're-identify',
    );
    expect(sim.gateway.stats.sessions.map((s) => s.sessionId)).not.toContain(firstSession);
    const channelId = sim.community?.textChannels[0]?.id ?? '';
    const received = nextEvent(client, 'messageCreate', (m) => m.content === 'fresh session');
    sim.control.postMessage({
      channelId,
      authorId: sim.community?.memberIds[0] ?? '',
      content: 'fresh session',
    });
    await received;
  });

  it('routes each guild to its shard with two shards', async () => {
    sim = await startTestSimulator({ community: false, gateway: { maxConcurrency: 2 } });
    const owner = sim.control.createUser({ username: 'owner' });
    // Guild ids whose timestamps are even land on shard 0, odd on shard 1.
    const base = Date.now() - 10_000;
    const even = sim.control.createGuild({
      name: 'Even',
      ownerId: owner.id,
      id: sim.state.snowflakes.at(base - (base % 2)),
    });
    const odd = sim.control.createGuild({
      name: 'Odd',
      ownerId: owner.id,
      id: sim.state.snowflakes.at(base - (base % 2) + 1),
    });
    client = await connectClient(sim, { shards: [0, 1], shardCount: 2 });
    expect(client.guilds.cache.get(even.id)?.shardId).toBe(0);
    expect(client.guilds.cache.get(odd.id)?.shardId).toBe(1);
    const shards = sim.gateway.stats.sessions.map((s) => s.shard).sort();
    expect(shards).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const viaShard = new Promise<number>((resolve) =>
      client?.once('raw', (_packet: unknown, shardId: number) => resolve(shardId)),
    );
    sim.control.postMessage({
      channelId: odd.systemChannelId ?? '',
      authorId: owner.id,
      content: 'on shard one',
    });
    expect(await viaShard).toBe(1);
  });
});
