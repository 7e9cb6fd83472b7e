import { type Client, GatewayIntentBits, Partials } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedCommunity, Simulator } from '../../src/sim/index.ts';
import { connectClient, nextEvent, startTestSimulator, waitFor } from './helpers.ts';

describe('discord.js against the simulator: gateway events', () => {
  let sim: Simulator;
  let client: Client<true>;
  let community: GeneratedCommunity;

  beforeAll(async () => {
    sim = await startTestSimulator();
    if (!sim.community) throw new Error('expected a generated community');
    community = sim.community;
    client = await connectClient(sim);
  });

  afterAll(async () => {
    await client?.destroy();
    await sim?.close();
  });

  it('logs in and receives READY and the guild with its members, channels and roles', () => {
    expect(client.user.id).toBe(sim.bot.userId);
    expect(client.application.id).toBe(sim.bot.applicationId);
    const guild = client.guilds.cache.get(community.guild.id);
    expect(guild?.name).toBe(community.guild.name);
    expect(guild?.memberCount).toBe(sim.state.memberCount(community.guild.id));
    expect(guild?.members.cache.size).toBe(sim.state.memberCount(community.guild.id));
    expect(guild?.channels.cache.get(community.textChannels[0]?.id ?? '')?.name).toBe('general');
    expect(guild?.roles.cache.get(community.moderatorRoleId)?.name).toBe('Moderator');
    expect(guild?.members.me?.roles.highest.name).toBe('Hearth');
  });

  it('delivers a message a user posts through the control API as messageCreate with its content', async () => {
    const channel = community.textChannels[1];
    const author = community.memberIds[3];
    if (!channel || !author) throw new Error('fixture');
    const received = nextEvent(client, 'messageCreate', (m) => m.content === 'hello from a user');
    const posted = sim.control.postMessage({
      channelId: channel.id,
      authorId: author,
      content: 'hello from a user',
    });
    const [message] = await received;
    expect(message.id).toBe(posted.id);
    expect(message.author.id).toBe(author);
    expect(message.channelId).toBe(channel.id);
    expect(message.member?.id).toBe(author);
  });

  it('blanks content for a client without MESSAGE_CONTENT unless the bot is mentioned', async () => {
    const limited = await connectClient(sim, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    });
    try {
      const channel = community.textChannels[0]?.id ?? '';
      const author = community.memberIds[1] ?? '';
      const plain = nextEvent(
        limited,
        'messageCreate',
        (m) => m.author.id === author && !m.mentions.users.size,
      );
      sim.control.postMessage({ channelId: channel, authorId: author, content: 'secret words' });
      expect((await plain)[0].content).toBe('');
      const mention = `<@${sim.bot.userId}> are you there`;
      const mentioned = nextEvent(limited, 'messageCreate', (m) => m.mentions.users.has(sim.bot.userId));
      sim.control.postMessage({ channelId: channel, authorId: author, content: mention });
      expect((await mentioned)[0].content).toBe(mention);
    } finally {
      await limited.destroy();
    }
  });

  it('delivers reactions added and removed by users', async () => {
    const channel = community.textChannels[0]?.id ?? '';
    const [author, reactor] = community.memberIds;
    if (!author || !reactor) throw new Error('fixture');
    const created = nextEvent(client, 'messageCreate', (m) => m.content === 'react to me');
    const message = sim.control.postMessage({ channelId: channel, authorId: author, content: 'react to me' });
    await created;
    const added = nextEvent(client, 'messageReactionAdd', (r) => r.message.id === message.id);
    sim.control.react({ channelId: channel, messageId: message.id, userId: reactor, emoji: '🔥' });
    const [reaction, user] = await added;
    expect(reaction.emoji.name).toBe('🔥');
    expect(user.id).toBe(reactor);
    expect(reaction.count).toBe(1);
    const removed = nextEvent(client, 'messageReactionRemove', (r) => r.message.id === message.id);
    sim.control.unreact({ channelId: channel, messageId: message.id, userId: reactor, emoji: '🔥' });
    const [, removedBy] = await removed;
    expect(removedBy.id).toBe(reactor);
  });

  it('delivers a member joining, changing roles and leaving', async () => {
    const guildId = community.guild.id;
    const user = sim.control.createUser({ username: 'newcomer' });
    const joined = nextEvent(client, 'guildMemberAdd', (m) => m.id === user.id);
    sim.control.addMember(guildId, user.id);
    expect((await joined)[0].guild.id).toBe(guildId);
    const role = community.roles[1]?.id ?? '';
    const updated = nextEvent(client, 'guildMemberUpdate', (_old, m) => m.id === user.id);
    sim.control.updateMember(guildId, user.id, { roles: [role] });
    expect((await updated)[1].roles.cache.has(role)).toBe(true);
    const left = nextEvent(client, 'guildMemberRemove', (m) => m.id === user.id);
    sim.control.removeMember(guildId, user.id);
    await left;
    expect(client.guilds.cache.get(guildId)?.members.cache.has(user.id)).toBe(false);
  });

  it('delivers voice joins, mute and deafen changes, stage joins and leaves', async () => {
    const guildId = community.guild.id;
    const voice = community.voiceChannels[0]?.id ?? '';
    const stage = community.stageChannels[0]?.id ?? '';
    const userId = community.memberIds[5] ?? '';
    const joined = nextEvent(client, 'voiceStateUpdate', (_o, n) => n.id === userId && n.channelId === voice);
    sim.control.voiceJoin({ userId, channelId: voice });
    const [before] = await joined;
    expect(before.channelId).toBeNull();
    const muted = nextEvent(client, 'voiceStateUpdate', (_o, n) => n.id === userId && n.selfMute === true);
    sim.control.voiceUpdate({ guildId, userId, selfMute: true });
    await muted;
    const deafened = nextEvent(
      client,
      'voiceStateUpdate',
      (_o, n) => n.id === userId && n.serverDeaf === true,
    );
    sim.control.voiceUpdate({ guildId, userId, deaf: true });
    await deafened;
    const moved = nextEvent(client, 'voiceStateUpdate', (_o, n) => n.id === userId && n.channelId === stage);
    sim.control.voiceJoin({ userId, channelId: stage });
    const [, onStage] = await moved;
    expect(onStage.suppress).toBe(true);
    expect(
      client.channels.cache.get(stage)?.isVoiceBased() &&
        client.guilds.cache.get(guildId)?.channels.cache.get(stage)?.members,
    ).toBeTruthy();
    const left = nextEvent(client, 'voiceStateUpdate', (_o, n) => n.id === userId && n.channelId === null);
    sim.control.voiceLeave({ guildId, userId });
    await left;
  });

  it('answers guild.members.fetch() through gateway member chunks', async () => {
    const guild = client.guilds.cache.get(community.guild.id);
    const members = await guild?.members.fetch();
    expect(members?.size).toBe(sim.state.memberCount(community.guild.id));
  });

  it('delivers a direct message a user writes to the bot', async () => {
    const dmClient = await connectClient(sim, { partials: [Partials.Channel] });
    try {
      const userId = community.memberIds[7] ?? '';
      const dm = sim.control.openDm(userId);
      const received = nextEvent(dmClient, 'messageCreate', (m) => m.channelId === dm.id);
      sim.control.postMessage({ channelId: dm.id, authorId: userId, content: 'help please' });
      const [message] = await received;
      expect(message.content).toBe('help please');
      expect(message.guildId).toBeNull();
      await message.reply('here to help');
      expect(sim.control.dms(userId)[0]?.messages.map((m) => m.content)).toEqual([
        'help please',
        'here to help',
      ]);
    } finally {
      await dmClient.destroy();
    }
  });

  it('delivers live generated traffic through the same dispatch path', async () => {
    const messages: string[] = [];
    const onMessage = (m: { author: { id: string } }): void => {
      messages.push(m.author.id);
    };
    client.on('messageCreate', onMessage);
    try {
      sim.traffic.start({ eventsPerSecond: 400, maxEvents: 40, mix: { message: 1, reaction: 0, voice: 0 } });
      await waitFor(() => messages.length >= 40, 5000, 'traffic');
      expect(sim.traffic.stats().emitted.message).toBe(40);
      expect(messages.every((id) => community.memberIds.includes(id))).toBe(true);
    } finally {
      sim.traffic.stop();
      client.off('messageCreate', onMessage);
    }
  });
});
