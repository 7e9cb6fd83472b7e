import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Simulator } from '../../src/sim/index.ts';
import { startTestSimulator } from './helpers.ts';

interface Payload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

/** A raw gateway client: what @discordjs/ws does, one frame at a time. */
class RawGateway {
  readonly ws: WebSocket;
  readonly received: Payload[] = [];
  readonly closed: Promise<number>;
  #waiters: Array<() => void> = [];

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as Payload);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => resolve(code)));
  }

  send(op: number, d: unknown): void {
    this.ws.send(JSON.stringify({ op, d }));
  }

  async next(match: (p: Payload) => boolean, timeoutMs = 2000): Promise<Payload> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no matching payload');
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

describe('the gateway protocol', () => {
  let sim: Simulator;
  let url: string;

  beforeAll(async () => {
    sim = await startTestSimulator({ gateway: { sendLimit: { count: 5, windowMs: 60_000 } } });
    url = `${sim.gatewayUrl}?v=10&encoding=json`;
  });

  afterAll(async () => {
    await sim?.close();
  });

  const identify = (gw: RawGateway, extra: Record<string, unknown> = {}): void =>
    gw.send(2, {
      token: sim.bot.token,
      intents: 513,
      properties: { os: 'linux', browser: 'test', device: 'test' },
      ...extra,
    });

  it('says HELLO with the configured heartbeat interval and acknowledges heartbeats', async () => {
    const gw = new RawGateway(url);
    const hello = await gw.next((p) => p.op === 10);
    expect(hello.d).toEqual({ heartbeat_interval: 500 });
    gw.send(1, null);
    await gw.next((p) => p.op === 11);
    gw.ws.close();
  });

  it('answers IDENTIFY with READY, then one GUILD_CREATE per guild', async () => {
    const gw = new RawGateway(`${url}&compress=zlib-stream`);
    await gw.next((p) => p.op === 10);
    identify(gw);
    const ready = await gw.next((p) => p.t === 'READY');
    expect(ready.s).toBe(1);
    expect(ready.d).toMatchObject({
      v: 10,
      user: { id: sim.bot.userId, bot: true },
      resume_gateway_url: sim.gatewayUrl,
      shard: [0, 1],
      application: { id: sim.bot.applicationId },
      guilds: [{ id: sim.community?.guild.id, unavailable: true }],
    });
    const guild = await gw.next((p) => p.t === 'GUILD_CREATE');
    expect(guild.s).toBe(2);
    expect(guild.d).toMatchObject({
      id: sim.community?.guild.id,
      unavailable: false,
      member_count: sim.state.memberCount(sim.community?.guild.id ?? ''),
    });
    gw.ws.close();
  });

  it('closes with 4004 on a wrong token, 4013 on invalid intents and 4010 on an invalid shard', async () => {
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ token: 'wrong' }, 4004],
      [{ intents: 'all' }, 4013],
      [{ intents: 1 << 30 }, 4013],
      [{ shard: [2, 2] }, 4010],
    ];
    for (const [extra, code] of cases) {
      const gw = new RawGateway(url);
      await gw.next((p) => p.op === 10);
      identify(gw, extra);
      expect(await gw.closed).toBe(code);
    }
  });

  it('closes with 4003 on a payload before IDENTIFY and 4002 on invalid JSON', async () => {
    const early = new RawGateway(url);
    await early.next((p) => p.op === 10);
    early.send(8, { guild_id: '1' });
    expect(await early.closed).toBe(4003);
    const garbage = new RawGateway(url);
    await garbage.next((p) => p.op === 10);
    garbage.ws.send('{not json');
    expect(await garbage.closed).toBe(4002);
  });

  it('closes with 4008 past the send limit', async () => {
    const gw = new RawGateway(url);
    await gw.next((p) => p.op === 10);
    for (let i = 0; i < 6; i++) gw.send(1, null);
    expect(await gw.closed).toBe(4008);
  });

  it('answers a RESUME of an unknown session with a non-resumable INVALID_SESSION', async () => {
    const gw = new RawGateway(url);
    await gw.next((p) => p.op === 10);
    gw.send(6, { token: sim.bot.token, session_id: 'nope', seq: 3 });
    const invalid = await gw.next((p) => p.op === 9);
    expect(invalid.d).toBe(false);
    gw.ws.close();
  });

  it('replays missed dispatches on RESUME and ends with RESUMED', async () => {
    const first = new RawGateway(url);
    await first.next((p) => p.op === 10);
    identify(first, { intents: 513 | (1 << 15) });
    const ready = await first.next((p) => p.t === 'READY');
    await first.next((p) => p.t === 'GUILD_CREATE');
    const sessionId = (ready.d as { session_id: string }).session_id;
    first.ws.close(4000);
    await first.closed;
    const channelId = sim.community?.textChannels[0]?.id ?? '';
    sim.control.postMessage({ channelId, authorId: sim.community?.memberIds[0] ?? '', content: 'missed' });
    const second = new RawGateway(url);
    await second.next((p) => p.op === 10);
    second.send(6, { token: sim.bot.token, session_id: sessionId, seq: 2 });
    const missed = await second.next((p) => p.t === 'MESSAGE_CREATE');
    expect(missed.s).toBe(3);
    expect((missed.d as { content: string }).content).toBe('missed');
    const resumed = await second.next((p) => p.t === 'RESUMED');
    expect(resumed.s).toBe(4);
    second.ws.close(1000);
  });

  it('forgets a session its client closed with 1000', async () => {
    const gw = new RawGateway(url);
    await gw.next((p) => p.op === 10);
    identify(gw);
    const ready = await gw.next((p) => p.t === 'READY');
    gw.ws.close(1000);
    await gw.closed;
    const again = new RawGateway(url);
    await again.next((p) => p.op === 10);
    again.send(6, {
      token: sim.bot.token,
      session_id: (ready.d as { session_id: string }).session_id,
      seq: 1,
    });
    expect((await again.next((p) => p.op === 9)).d).toBe(false);
    again.ws.close();
  });
});
