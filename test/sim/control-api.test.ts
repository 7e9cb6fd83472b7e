import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.ts';
import { connectClient, nextEvent, startTestSimulator } from './helpers.ts';

describe('the control API over HTTP', () => {
  let sim: Simulator;
  let client: Client<true>;
  const token = 'control-secret';

  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T }> {
    const response = await fetch(`${sim.url}/_sim${path}`, {
      method,
      headers: {
        'x-control-token': token,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : null) as T };
  }

  beforeAll(async () => {
    sim = await startTestSimulator({ controlToken: token, community: false });
    client = await connectClient(sim);
  });

  afterAll(async () => {
    await client?.destroy();
    await sim?.close();
  });

  it('requires the control token when one is configured', async () => {
    const response = await fetch(`${sim.url}/_sim/state`);
    expect(response.status).toBe(401);
  });

  it('builds a guild, users, channels and roles that the connected bot sees', async () => {
    const owner = await call<{ id: string }>('POST', '/users', { username: 'alice' });
    const joined = nextEvent(client, 'guildCreate');
    const guild = await call<{ id: string; system_channel_id: string }>('POST', '/guilds', {
      name: 'Control Town',
      ownerId: owner.json.id,
    });
    expect(guild.status).toBe(200);
    const [seen] = await joined;
    expect(seen.id).toBe(guild.json.id);
    const channelCreated = nextEvent(client, 'channelCreate');
    const voice = await call<{ id: string }>('POST', `/guilds/${guild.json.id}/channels`, {
      name: 'Lobby',
      type: 2,
    });
    expect((await channelCreated)[0].id).toBe(voice.json.id);
    const role = await call<{ id: string; permissions: string }>('POST', `/guilds/${guild.json.id}/roles`, {
      name: 'Helper',
      permissions: '8192',
    });
    expect(role.json.permissions).toBe('8192');
    const bob = await call<{ id: string }>('POST', '/users', { username: 'bob' });
    const memberAdded = nextEvent(client, 'guildMemberAdd', (m) => m.id === bob.json.id);
    await call('PUT', `/guilds/${guild.json.id}/members/${bob.json.id}`, { roles: [role.json.id] });
    expect((await memberAdded)[0].roles.cache.has(role.json.id)).toBe(true);
    const state = await call<{ guilds: Array<{ id: string; members: number }> }>('GET', '/state');
    expect(state.json.guilds.find((g) => g.id === guild.json.id)?.members).toBe(3);
  });

  it('posts messages, reactions and voice changes for users', async () => {
    const joined = nextEvent(client, 'guildCreate');
    const generated = await call<{
      guildId: string;
      textChannels: Array<{ id: string }>;
      voiceChannels: Array<{ id: string }>;
      memberIds: string[];
    }>('POST', '/generate', { seed: 2, members: 10, history: { messages: 50, days: 2 } });
    const guildId = generated.json.guildId;
    expect((await joined)[0].id).toBe(guildId);
    const channelId = generated.json.textChannels[0]?.id ?? '';
    const userId = generated.json.memberIds[0] ?? '';
    const created = nextEvent(client, 'messageCreate', (m) => m.content === 'via http');
    const posted = await call<{ id: string; content: string }>('POST', `/channels/${channelId}/messages`, {
      authorId: userId,
      content: 'via http',
    });
    expect((await created)[0].id).toBe(posted.json.id);
    const reacted = nextEvent(client, 'messageReactionAdd');
    const reaction = await call('PUT', `/channels/${channelId}/messages/${posted.json.id}/reactions`, {
      userId,
      emoji: '👍',
    });
    expect(reaction.json).toEqual({ changed: true });
    expect((await reacted)[0].emoji.name).toBe('👍');
    const voiceChannel = generated.json.voiceChannels[0]?.id ?? '';
    const voice = nextEvent(client, 'voiceStateUpdate', (_o, n) => n.channelId === voiceChannel);
    await call('POST', '/voice/join', { userId, channelId: voiceChannel, selfMute: true });
    expect((await voice)[1].selfMute).toBe(true);
    const page = await call<Array<{ id: string }>>('GET', `/channels/${channelId}/messages?limit=1`);
    expect(page.json[0]?.id).toBe(posted.json.id);
  });

  it('invokes a slash command and long-polls for the bot reply', async () => {
    const guild = client.guilds.cache.find((g) => g.name === 'Control Town');
    const channelId = guild?.systemChannelId ?? '';
    const userId = guild?.ownerId ?? '';
    client.once('interactionCreate', async (interaction) => {
      if (interaction.isChatInputCommand())
        await interaction.reply(`pong ${interaction.options.getString('word')}`);
    });
    const invoked = await call<{ id: string }>('POST', '/interactions/command', {
      userId,
      channelId,
      name: 'ping',
      options: { word: 'hi' },
    });
    const view = await call<{ original: { content: string } }>(
      'GET',
      `/interactions/${invoked.json.id}?wait=3000`,
    );
    expect(view.json.original.content).toBe('pong hi');
    const actions = await call<Array<{ kind: string }>>('GET', '/bot/actions?kind=interaction');
    expect(actions.json.map((a) => a.kind)).toContain('interaction.callback');
  });

  it('sends the user’s client language and the guild’s with interactions', async () => {
    const owner = await call<{ id: string }>('POST', '/users', { username: 'kenji' });
    const joined = nextEvent(client, 'guildCreate');
    const guild = await call<{ id: string; system_channel_id: string; preferred_locale: string }>(
      'POST',
      '/guilds',
      { name: 'Tokyo', ownerId: owner.json.id, preferredLocale: 'ja' },
    );
    expect(guild.json.preferred_locale).toBe('ja');
    expect((await joined)[0].preferredLocale).toBe('ja');
    const invoke = (locale?: string) =>
      call<{ payload: { locale: string; guild_locale: string; guild: { locale: string } } }>(
        'POST',
        '/interactions/command',
        { userId: owner.json.id, channelId: guild.json.system_channel_id, name: 'ping', locale },
      );
    const seen = nextEvent(client, 'interactionCreate');
    expect((await invoke('zh-TW')).json.payload).toMatchObject({
      locale: 'zh-TW',
      guild_locale: 'ja',
      guild: { locale: 'ja' },
    });
    const [interaction] = await seen;
    expect([interaction.locale, interaction.guildLocale]).toEqual(['zh-TW', 'ja']);
    expect((await invoke()).json.payload.locale).toBe('en-US');
  });

  it('triggers faults and reports stats', async () => {
    await call('POST', '/faults/rest/5xx', { requests: 1, status: 503 });
    const user = await client.users.fetch(client.user.id, { force: true });
    expect(user.id).toBe(client.user.id);
    const stats = await call<{
      faults: { injected5xx: number };
      rest: { requests: number };
      gateway: { sessions: unknown[] };
    }>('GET', '/stats');
    expect(stats.json.faults.injected5xx).toBe(1);
    expect(stats.json.rest.requests).toBeGreaterThan(0);
    expect(stats.json.gateway.sessions).toHaveLength(1);
    const resumed = new Promise<void>((resolve) => client.once('shardResume', () => resolve()));
    const dropped = await call<{ affected: number }>('POST', '/faults/gateway/disconnect', { code: 4000 });
    expect(dropped.json.affected).toBe(1);
    await resumed;
  });

  it('runs the OAuth2 code flow for a dashboard', async () => {
    const guild = client.guilds.cache.find((g) => g.name === 'Control Town');
    const ownerId = guild?.ownerId ?? '';
    const redirect = 'http://dashboard.test/callback';
    const authorize = await fetch(
      `${sim.url}/oauth2/authorize?client_id=${sim.bot.applicationId}&response_type=code&scope=identify%20guilds&state=xyz&redirect_uri=${encodeURIComponent(redirect)}&login_as=${ownerId}`,
      { redirect: 'manual' },
    );
    expect(authorize.status).toBe(302);
    const location = new URL(authorize.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(redirect);
    expect(location.searchParams.get('state')).toBe('xyz');
    const form = (extra: Record<string, string>) =>
      fetch(`${sim.apiUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: sim.bot.applicationId,
          client_secret: sim.bot.clientSecret,
          ...extra,
        }),
      });
    const wrongSecret = await fetch(`${sim.apiUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: sim.bot.applicationId,
        client_secret: 'nope',
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: redirect,
      }),
    });
    expect(wrongSecret.status).toBe(401);
    const tokenResponse = await form({
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: redirect,
    });
    const tokens = (await tokenResponse.json()) as {
      access_token: string;
      refresh_token: string;
      token_type: string;
      scope: string;
    };
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.scope).toBe('identify guilds');
    const reused = await form({
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: redirect,
    });
    expect(reused.status).toBe(400);
    const bearer = { Authorization: `Bearer ${tokens.access_token}` };
    const me = (await (await fetch(`${sim.apiUrl}/users/@me`, { headers: bearer })).json()) as { id: string };
    expect(me.id).toBe(ownerId);
    const guilds = (await (
      await fetch(`${sim.apiUrl}/users/@me/guilds`, { headers: bearer })
    ).json()) as Array<{ id: string; owner: boolean; permissions: string }>;
    const mine = guilds.find((g) => g.id === guild?.id);
    expect(mine?.owner).toBe(true);
    expect(BigInt(mine?.permissions ?? '0') & 0x20n).toBe(0x20n);
    const refreshed = await form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    const next = (await refreshed.json()) as { access_token: string };
    expect(next.access_token).not.toBe(tokens.access_token);
    const old = await fetch(`${sim.apiUrl}/users/@me`, { headers: bearer });
    expect(old.status).toBe(401);
  });

  it('removes the bot from a guild with GUILD_DELETE', async () => {
    const guild = client.guilds.cache.find((g) => g.name === 'Control Town');
    const deleted = nextEvent(client, 'guildDelete', (g) => g.id === guild?.id);
    const response = await call('DELETE', `/guilds/${guild?.id}/members/${sim.bot.userId}`);
    expect(response.status).toBe(204);
    await deleted;
    expect(client.guilds.cache.has(guild?.id ?? '')).toBe(false);
  });
});
