import { type Client, DiscordAPIError, type Message, type TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedCommunity, Simulator } from '../../src/sim/index.ts';
import { connectClient, nextEvent, startTestSimulator } from './helpers.ts';

describe('discord.js against the simulator: REST', () => {
  let sim: Simulator;
  let client: Client<true>;
  let community: GeneratedCommunity;

  beforeAll(async () => {
    sim = await startTestSimulator({
      rateLimits: false,
      community: { seed: 7, members: 40, textChannels: 3, threads: 4, history: { messages: 1500, days: 20 } },
    });
    if (!sim.community) throw new Error('expected a generated community');
    community = sim.community;
    client = await connectClient(sim);
  });

  afterAll(async () => {
    await client?.destroy();
    await sim?.close();
  });

  async function textChannel(id: string): Promise<TextChannel> {
    const channel = await client.channels.fetch(id);
    if (!channel?.isTextBased() || channel.isDMBased()) throw new Error('not a guild text channel');
    return channel as TextChannel;
  }

  it('pages a channel history backwards with before and limit 100 until the beginning', async () => {
    const channelId = community.textChannels[0]?.id ?? '';
    const channel = await textChannel(channelId);
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await channel.messages.fetch({ limit: 100, ...(before ? { before } : {}), cache: false });
      if (page.size === 0) break;
      const ids = [...page.keys()];
      seen.push(...ids);
      before = ids[ids.length - 1];
      if (page.size < 100) break;
    }
    const stored = sim.state.messages
      .list(channelId)
      .map((m) => m.id)
      .reverse();
    expect(seen).toEqual(stored);
  });

  it('fetches around and after an anchor', async () => {
    const channelId = community.textChannels[1]?.id ?? '';
    const all = sim.state.messages.list(channelId);
    const anchor = all[Math.floor(all.length / 2)];
    if (!anchor) throw new Error('fixture');
    const channel = await textChannel(channelId);
    const around = await channel.messages.fetch({ around: anchor.id, limit: 10, cache: false });
    expect(around.has(anchor.id)).toBe(true);
    expect(around.size).toBe(10);
    const after = await channel.messages.fetch({ after: anchor.id, limit: 5, cache: false });
    const index = all.indexOf(anchor);
    expect([...after.keys()]).toEqual(
      all
        .slice(index + 1, index + 6)
        .map((m) => m.id)
        .reverse(),
    );
  });

  it('refuses history of a channel the bot cannot view with 50001 Missing Access', async () => {
    const hidden = community.hiddenChannels[0]?.id ?? '';
    const error = await client.rest.get(`/channels/${hidden}/messages`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50001);
    expect((error as DiscordAPIError).status).toBe(403);
  });

  it('answers Unknown Channel and Unknown Message in Discord error shape', async () => {
    const channelId = community.textChannels[0]?.id ?? '';
    const unknownChannel = await client.rest.get('/channels/1/messages').catch((e: unknown) => e);
    expect((unknownChannel as DiscordAPIError).code).toBe(10003);
    const unknownMessage = await client.rest
      .get(`/channels/${channelId}/messages/1`)
      .catch((e: unknown) => e);
    expect((unknownMessage as DiscordAPIError).code).toBe(10008);
    const badLimit = await client.rest
      .get(`/channels/${channelId}/messages?limit=101`)
      .catch((e: unknown) => e);
    expect((badLimit as DiscordAPIError).code).toBe(50035);
    expect((badLimit as DiscordAPIError).rawError).toMatchObject({
      errors: { limit: { _errors: [expect.objectContaining({ code: 'NUMBER_TYPE_MAX' })] } },
    });
  });

  it('sends, edits and deletes its own messages and the events come back through the gateway', async () => {
    const channel = await textChannel(community.textChannels[0]?.id ?? '');
    const created = nextEvent(
      client,
      'messageCreate',
      (m) => m.author.id === sim.bot.userId && m.content === 'level up!',
    );
    const sent = await channel.send({
      content: 'level up!',
      embeds: [{ title: 'Level 2', description: 'well done' }],
    });
    await created;
    expect(sim.control.botMessages(channel.id).at(-1)).toMatchObject({
      id: sent.id,
      content: 'level up!',
      embeds: [expect.objectContaining({ title: 'Level 2' })],
    });
    const edited = await sent.edit('level up! (edited)');
    expect(edited.editedTimestamp).not.toBeNull();
    const deleted = nextEvent(client, 'messageDelete', (m) => m.id === sent.id);
    await sent.delete();
    await deleted;
    expect(sim.state.messages.get(channel.id, sent.id)).toBeUndefined();
    expect(sim.control.botActions({ channelId: channel.id }).map((a) => a.kind)).toEqual([
      'message.create',
      'message.edit',
      'message.delete',
    ]);
  });

  it('adds and removes member roles and refuses roles above its own', async () => {
    const guild = client.guilds.cache.get(community.guild.id);
    const userId = community.memberIds[6] ?? '';
    const role = community.roles[2];
    if (!guild || !role) throw new Error('fixture');
    const member = await guild.members.fetch(userId);
    const updated = nextEvent(
      client,
      'guildMemberUpdate',
      (_o, m) => m.id === userId && m.roles.cache.has(role.id),
    );
    await member.roles.add(role.id);
    await updated;
    expect(sim.state.member(guild.id, userId)?.roles).toContain(role.id);
    await member.roles.remove(role.id);
    expect(sim.state.member(guild.id, userId)?.roles).not.toContain(role.id);
    const kinds = sim.control.botActions({ kind: 'member.role' }).map((a) => a.kind);
    expect(kinds).toEqual(['member.role.add', 'member.role.remove']);
    const high = sim.control.createRole(guild.id, { name: 'Above the bot', position: 99 });
    const refused = await member.roles.add(high.id).catch((e: unknown) => e);
    expect((refused as DiscordAPIError).code).toBe(50013);
  });

  it('pages guild members by user id', async () => {
    const guildId = community.guild.id;
    const first = await client.rest.get(`/guilds/${guildId}/members`, {
      query: new URLSearchParams({ limit: '10' }),
    });
    const second = await client.rest.get(`/guilds/${guildId}/members`, {
      query: new URLSearchParams({
        limit: '1000',
        after: (first as Array<{ user: { id: string } }>).at(-1)?.user.id ?? '0',
      }),
    });
    const ids = [
      ...(first as Array<{ user: { id: string } }>),
      ...(second as Array<{ user: { id: string } }>),
    ].map((m) => m.user.id);
    expect(ids.length).toBe(sim.state.memberCount(guildId));
    expect([...ids].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))).toEqual(ids);
  });

  it('lists active and archived threads', async () => {
    const parent = community.textChannels[0]?.id ?? '';
    const old = sim.control.createThread(parent, {
      name: 'old news',
      ownerId: community.ownerId,
      archived: true,
      archivedAt: Date.now() - 86_400_000,
    });
    const active = await client.rest.get(`/guilds/${community.guild.id}/threads/active`);
    const activeIds = (active as { threads: Array<{ id: string }> }).threads.map((t) => t.id);
    const all = sim.state.guildChannels(community.guild.id).filter((c) => c.thread);
    const archived = all.filter((t) => t.thread?.archived);
    expect(archived.map((t) => t.id)).toContain(old.id);
    expect(activeIds.length + archived.length).toBe(all.length);
    for (const thread of archived) {
      const page = await client.rest.get(`/channels/${thread.parentId}/threads/archived/public`);
      expect((page as { threads: Array<{ id: string }> }).threads.map((t) => t.id)).toContain(thread.id);
    }
  });

  it('opens a DM and records what the bot sent to the user', async () => {
    const userId = community.memberIds[8] ?? '';
    const user = await client.users.fetch(userId);
    const message: Message = await user.send('you reached level 5');
    const dms = sim.control.dms(userId);
    expect(dms).toHaveLength(1);
    expect(dms[0]?.messages.map((m) => m.content)).toEqual(['you reached level 5']);
    expect(dms[0]?.channelId).toBe(message.channelId);
  });

  it('uploads attachments as multipart and records them on the message', async () => {
    const channel = await textChannel(community.textChannels[1]?.id ?? '');
    const sent = await channel.send({
      content: 'stats',
      files: [{ attachment: Buffer.from('a,b\n1,2\n'), name: 'stats.csv' }],
    });
    expect(sent.attachments.first()?.name).toBe('stats.csv');
    const stored = sim.state.messages.get(channel.id, sent.id);
    expect(stored?.attachments?.[0]).toMatchObject({ filename: 'stats.csv', size: 8 });
  });

  it('reacts to a message as the bot and removes the reaction', async () => {
    const channel = await textChannel(community.textChannels[0]?.id ?? '');
    const message = sim.control.postMessage({
      channelId: channel.id,
      authorId: community.memberIds[0] ?? '',
      content: 'nice work',
    });
    const fetched = await channel.messages.fetch(message.id);
    const reaction = await fetched.react('🎉');
    expect(reaction.me).toBe(true);
    expect(sim.state.messages.get(channel.id, message.id)?.reactions?.[0]?.userIds).toEqual([sim.bot.userId]);
    await reaction.users.remove(sim.bot.userId);
    expect(sim.state.messages.get(channel.id, message.id)?.reactions ?? []).toEqual([]);
  });

  it('fetches the application, a guild with counts, its channels and roles', async () => {
    const application = await client.application.fetch();
    expect(application.id).toBe(sim.bot.applicationId);
    const guild = await client.guilds.fetch({ guild: community.guild.id, withCounts: true, force: true });
    expect(guild.approximateMemberCount).toBe(sim.state.memberCount(community.guild.id));
    const channels = await guild.channels.fetch();
    expect(channels.size).toBe(sim.state.guildChannels(community.guild.id).filter((c) => !c.thread).length);
    const roles = await guild.roles.fetch();
    expect(roles.size).toBe(sim.state.guildRoles(community.guild.id).length);
  });
});
