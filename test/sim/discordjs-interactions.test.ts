import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  type Interaction,
  MessageFlags,
  ModalBuilder,
  SlashCommandBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedCommunity, Simulator } from '../../src/sim/index.ts';
import { connectClient, startTestSimulator } from './helpers.ts';

const echoed: Array<string | undefined> = [];

/** A tiny bot: the same handlers a Hearth feature would register. */
async function handle(interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand()) {
    if (interaction.commandName === 'echo') {
      const response = await interaction.reply({ content: 'echo', withResponse: true });
      echoed.push(response.resource?.message?.id);
    } else if (interaction.commandName === 'karma') {
      const target = interaction.options.getUser('member') ?? interaction.user;
      const amount = interaction.options.getInteger('amount') ?? 0;
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId('karma:thanks').setLabel('Thanks').setStyle(ButtonStyle.Primary),
      );
      await interaction.reply({ content: `${target.username} gets ${amount}`, components: [row] });
    } else if (interaction.commandName === 'report') {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply('report ready');
      await interaction.followUp({ content: 'and a follow-up' });
    } else if (interaction.commandName === 'feedback') {
      const modal = new ModalBuilder()
        .setCustomId('feedback:modal')
        .setTitle('Feedback')
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder()
              .setCustomId('text')
              .setLabel('Your feedback')
              .setStyle(TextInputStyle.Paragraph),
          ),
        );
      await interaction.showModal(modal);
    }
  } else if (interaction.isButton()) {
    await interaction.update({ content: `thanked by ${interaction.user.username}`, components: [] });
  } else if (interaction.isModalSubmit()) {
    await interaction.reply({
      content: `got: ${interaction.fields.getTextInputValue('text')}`,
      flags: MessageFlags.Ephemeral,
    });
  }
}

describe('discord.js against the simulator: interactions', () => {
  let sim: Simulator;
  let client: Client<true>;
  let community: GeneratedCommunity;
  let channelId: string;
  let userId: string;

  beforeAll(async () => {
    sim = await startTestSimulator();
    if (!sim.community) throw new Error('expected a generated community');
    community = sim.community;
    channelId = community.textChannels[0]?.id ?? '';
    userId = community.memberIds[2] ?? '';
    client = await connectClient(sim);
    client.on('interactionCreate', (i) => void handle(i));
    await client.application.commands.set([
      new SlashCommandBuilder()
        .setName('karma')
        .setDescription('Give karma')
        .addUserOption((o) => o.setName('member').setDescription('who'))
        .addIntegerOption((o) => o.setName('amount').setDescription('how much'))
        .toJSON(),
      new SlashCommandBuilder().setName('report').setDescription('A deferred report').toJSON(),
      new SlashCommandBuilder().setName('feedback').setDescription('Opens a modal').toJSON(),
    ]);
  });

  afterAll(async () => {
    await client?.destroy();
    await sim?.close();
  });

  it('stores the commands the bot registers with a bulk overwrite', async () => {
    const names = [...sim.state.commands.values()].map((c) => c.name).sort();
    expect(names).toEqual(['feedback', 'karma', 'report']);
    const fetched = await client.application.commands.fetch();
    expect(fetched.size).toBe(3);
  });

  it('delivers a slash command with typed options and exposes the reply to the control API', async () => {
    const target = community.memberIds[4] ?? '';
    const interaction = sim.control.slashCommand({
      userId,
      channelId,
      name: 'karma',
      options: { member: target, amount: 5 },
    });
    const view = await sim.control.waitForResponse(interaction.id);
    const targetName = sim.state.users.get(target)?.username;
    expect(view.original).toMatchObject({ content: `${targetName} gets 5`, type: 20, channel_id: channelId });
    const last = sim.state.messages.last(channelId);
    expect(last?.interaction?.id).toBe(interaction.id);
    expect(
      sim.control.botActions({ kind: 'interaction' }).some((a) => a.interactionId === interaction.id),
    ).toBe(true);
  });

  it('delivers a button click and records the message update', async () => {
    const command = sim.control.slashCommand({ userId, channelId, name: 'karma', options: { amount: 1 } });
    await sim.control.waitForResponse(command.id);
    const messageId = command.original?.id ?? '';
    const click = sim.control.clickButton({ userId, channelId, messageId, customId: 'karma:thanks' });
    await sim.control.waitForResponse(click.id);
    const message = sim.state.messages.get(channelId, messageId);
    expect(message?.content).toBe(`thanked by ${sim.state.users.get(userId)?.username}`);
    expect(message?.components).toEqual([]);
  });

  it('returns the created message when the bot asks for the callback response', async () => {
    const interaction = sim.control.slashCommand({ userId, channelId, name: 'echo' });
    await sim.control.waitForResponse(interaction.id);
    const deadline = Date.now() + 2000;
    while (echoed.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(echoed).toEqual([interaction.original?.id]);
  });

  it('refuses a click on a component the message does not have', () => {
    const message = sim.control.postMessage({ channelId, authorId: userId, content: 'no buttons' });
    expect(() =>
      sim.control.clickButton({ userId, channelId, messageId: message.id, customId: 'nope' }),
    ).toThrow(/custom_id/);
  });

  it('supports a deferred ephemeral reply, its edit and a follow-up', async () => {
    const interaction = sim.control.slashCommand({ userId, channelId, name: 'report' });
    await sim.control.waitForResponse(interaction.id, { settled: true });
    const deadline = Date.now() + 2000;
    while (interaction.followups.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(interaction.original?.content).toBe('report ready');
    expect((interaction.original?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(sim.state.messages.get(channelId, interaction.original?.id ?? '')).toBeUndefined();
    expect(interaction.followups.map((m) => m.content)).toEqual(['and a follow-up']);
  });

  it('opens a modal and delivers its submission', async () => {
    const opener = sim.control.slashCommand({ userId, channelId, name: 'feedback' });
    const view = await sim.control.waitForResponse(opener.id);
    expect(view.modal).toMatchObject({ custom_id: 'feedback:modal', title: 'Feedback' });
    const submit = sim.control.submitModal({
      userId,
      interactionId: opener.id,
      fields: { text: 'great server' },
    });
    const reply = await sim.control.waitForResponse(submit.id);
    expect(reply.original).toMatchObject({ content: 'got: great server' });
  });

  it('answers Unknown interaction when the bot responds too late', async () => {
    const slow = await startTestSimulator({
      interactions: { responseTimeoutMs: 50 },
      community: { seed: 1, members: 5, history: { messages: 0 } },
    });
    try {
      const lateClient = await connectClient(slow);
      const errors: unknown[] = [];
      lateClient.on('interactionCreate', async (i) => {
        await new Promise((r) => setTimeout(r, 120));
        if (i.isRepliable()) await i.reply('too late').catch((e: unknown) => errors.push(e));
      });
      const guildChannel = slow.community?.textChannels[0]?.id ?? '';
      const interaction = slow.control.slashCommand({
        userId: slow.community?.memberIds[0] ?? '',
        channelId: guildChannel,
        name: 'ping',
      });
      const deadline = Date.now() + 3000;
      while (errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(String(errors[0])).toMatch(/Unknown interaction/);
      expect(slow.interactions.get(interaction.id)?.acknowledged).toBe(false);
      await lateClient.destroy();
    } finally {
      await slow.close();
    }
  });
});
