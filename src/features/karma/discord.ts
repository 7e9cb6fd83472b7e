import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
  type StringSelectMenuInteraction,
} from 'discord.js';
import {
  achievementsPanel,
  LEADERBOARD_PAGE_SIZE,
  leaderboardPanel,
  levelsPanel,
  type Panel,
  questsPanel,
  rankPanel,
} from './discord-views.ts';
import { KarmaError } from './errors.ts';
import type { KarmaServices } from './wiring.ts';

/**
 * Slash commands and panels: `/rank`, `/leaderboard` (pages with buttons), `/quests` (claim buttons),
 * `/achievements` (pages with a select), `/levels` (the curve) and `/karma give|take` for admins.
 * Every interaction is deferred first (Discord's 3-second window), then answered from the services;
 * private answers are ephemeral.
 */

export const KARMA_COMMAND_NAMES = [
  'rank',
  'leaderboard',
  'quests',
  'achievements',
  'levels',
  'karma',
] as const;

/** The command definitions, for a bulk overwrite (PUT /applications/{id}/commands or per guild). */
export function karmaCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    new SlashCommandBuilder()
      .setName('rank')
      .setDescription('Show your level, karma and rank (or another member’s)')
      .setDMPermission(false)
      .addUserOption((o) => o.setName('member').setDescription('whose rank to show')),
    new SlashCommandBuilder()
      .setName('leaderboard')
      .setDescription('The karma leaderboard of this server')
      .setDMPermission(false)
      .addIntegerOption((o) => o.setName('page').setDescription('page to open').setMinValue(1)),
    new SlashCommandBuilder()
      .setName('quests')
      .setDescription('Your quests, with buttons to claim finished ones')
      .setDMPermission(false)
      .addStringOption((o) =>
        o
          .setName('period')
          .setDescription('daily or weekly')
          .addChoices({ name: 'daily', value: 'daily' }, { name: 'weekly', value: 'weekly' }),
      ),
    new SlashCommandBuilder()
      .setName('achievements')
      .setDescription('Achievements and progress (yours or another member’s)')
      .setDMPermission(false)
      .addUserOption((o) => o.setName('member').setDescription('whose achievements to show')),
    new SlashCommandBuilder()
      .setName('levels')
      .setDescription('The level curve of this server: karma needed, titles and role rewards')
      .setDMPermission(false),
    new SlashCommandBuilder()
      .setName('karma')
      .setDescription('Give or take karma (admins)')
      .setDMPermission(false)
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .addSubcommand((s) =>
        s
          .setName('give')
          .setDescription('Give karma to a member')
          .addUserOption((o) => o.setName('member').setDescription('who').setRequired(true))
          .addIntegerOption((o) =>
            o.setName('amount').setDescription('how much').setRequired(true).setMinValue(1),
          )
          .addStringOption((o) =>
            o
              .setName('reason')
              .setDescription('why (kept in the ledger)')
              .setRequired(true)
              .setMaxLength(200),
          ),
      )
      .addSubcommand((s) =>
        s
          .setName('take')
          .setDescription('Take karma from a member')
          .addUserOption((o) => o.setName('member').setDescription('who').setRequired(true))
          .addIntegerOption((o) =>
            o.setName('amount').setDescription('how much').setRequired(true).setMinValue(1),
          )
          .addStringOption((o) =>
            o
              .setName('reason')
              .setDescription('why (kept in the ledger)')
              .setRequired(true)
              .setMaxLength(200),
          ),
      ),
  ].map((builder) => builder.toJSON());
}

/** Handles the karma commands and panels; returns false for interactions that are not ours. */
export async function handleKarmaInteraction(
  interaction: Interaction,
  services: KarmaServices,
): Promise<boolean> {
  if (interaction.isChatInputCommand()) {
    if (!(KARMA_COMMAND_NAMES as readonly string[]).includes(interaction.commandName)) return false;
    await command(interaction, services);
    return true;
  }
  if (interaction.isButton() && interaction.customId.startsWith('karma:')) {
    await buttonPressed(interaction, services);
    return true;
  }
  if (interaction.isStringSelectMenu() && interaction.customId.startsWith('karma:ach:')) {
    await achievementsPage(interaction, services);
    return true;
  }
  return false;
}

const PRIVATE = new Set(['quests', 'karma']);

async function command(interaction: ChatInputCommandInteraction, services: KarmaServices): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) {
    await interaction.reply({ content: 'Use this command in a server.', flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply(PRIVATE.has(interaction.commandName) ? { flags: MessageFlags.Ephemeral } : {});
  try {
    await interaction.editReply(await commandPanel(interaction, guildId, services));
  } catch (error) {
    await interaction.editReply({ content: failure(error), embeds: [], components: [] });
    if (!(error instanceof KarmaError)) throw error;
  }
}

async function commandPanel(
  interaction: ChatInputCommandInteraction,
  guildId: string,
  services: KarmaServices,
): Promise<InteractionEditReplyOptions> {
  switch (interaction.commandName) {
    case 'rank': {
      const user = interaction.options.getUser('member') ?? interaction.user;
      const [level, rank] = await Promise.all([
        services.levels.me(guildId, user.id),
        services.levels.rank(guildId, user.id),
      ]);
      return reply(rankPanel(level, rank, user.displayName));
    }
    case 'leaderboard': {
      const page = interaction.options.getInteger('page') ?? 1;
      return reply(
        leaderboardPanel(await services.levels.leaderboard(guildId, { page, limit: LEADERBOARD_PAGE_SIZE })),
      );
    }
    case 'quests': {
      const period = interaction.options.getString('period') === 'weekly' ? 'weekly' : 'daily';
      return reply(questsPanel(await services.quests.list(guildId, interaction.user.id, period)));
    }
    case 'achievements': {
      const user = interaction.options.getUser('member') ?? interaction.user;
      return reply(
        achievementsPanel(await services.achievements.list(guildId, user.id), user.displayName, 1),
      );
    }
    case 'levels': {
      const table = await services.levels.table(guildId);
      return reply(levelsPanel(table.levels, table.curve.kind));
    }
    default:
      return adjust(interaction, guildId, services);
  }
}

async function adjust(
  interaction: ChatInputCommandInteraction,
  guildId: string,
  services: KarmaServices,
): Promise<InteractionEditReplyOptions> {
  // Discord hides the command from members without Manage Server; check again, permissions can be overridden.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    return { content: 'You need the Manage Server permission to change karma.' };
  }
  const sub = interaction.options.getSubcommand();
  const user = interaction.options.getUser('member', true);
  const amount = interaction.options.getInteger('amount', true);
  const result = await services.karma.adjust({
    guildId,
    userId: user.id,
    delta: sub === 'take' ? -amount : amount,
    reason: interaction.options.getString('reason', true),
    actorId: interaction.user.id,
    // The interaction id: a retried delivery of the same command applies once.
    idempotencyKey: `discord:${interaction.id}`,
  });
  const verb = sub === 'take' ? 'Took' : 'Gave';
  return {
    content: `${verb} ${amount} karma ${sub === 'take' ? 'from' : 'to'} <@${user.id}>: now ${result.total} karma, level ${result.level}.`,
    allowedMentions: { users: [] },
  };
}

async function buttonPressed(interaction: ButtonInteraction, services: KarmaServices): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) return;
  const [, action, ...args] = interaction.customId.split(':');
  if (action === 'lb') {
    await interaction.deferUpdate();
    const page = Math.max(1, Number(args[0]) || 1);
    await interaction.editReply(
      reply(
        leaderboardPanel(await services.levels.leaderboard(guildId, { page, limit: LEADERBOARD_PAGE_SIZE })),
      ),
    );
    return;
  }
  if (action === 'quests') {
    await interaction.deferUpdate();
    const period = args[0] === 'weekly' ? 'weekly' : 'daily';
    await interaction.editReply(
      reply(questsPanel(await services.quests.list(guildId, interaction.user.id, period))),
    );
    return;
  }
  if (action === 'claim') {
    await interaction.deferUpdate();
    const period = args[0] === 'weekly' ? 'weekly' : 'daily';
    let message: string;
    try {
      const claimed = await services.quests.claim(guildId, interaction.user.id, args[1] ?? '');
      message = `Claimed +${claimed.reward} karma. You now have ${claimed.total} karma (level ${claimed.level}).`;
    } catch (error) {
      if (!(error instanceof KarmaError)) throw error;
      message = failure(error);
    }
    await interaction.editReply(
      reply(questsPanel(await services.quests.list(guildId, interaction.user.id, period))),
    );
    await interaction.followUp({ content: message, flags: MessageFlags.Ephemeral });
  }
}

async function achievementsPage(
  interaction: StringSelectMenuInteraction,
  services: KarmaServices,
): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) return;
  await interaction.deferUpdate();
  const userId = interaction.customId.split(':')[2] ?? interaction.user.id;
  const page = Number(interaction.values[0]) || 1;
  const list = await services.achievements.list(guildId, userId);
  const name = userId === interaction.user.id ? interaction.user.displayName : `<@${userId}>`;
  await interaction.editReply(reply(achievementsPanel(list, name, page)));
}

function reply(panel: Panel): InteractionEditReplyOptions {
  return { content: '', embeds: panel.embeds, components: panel.components };
}

function failure(error: unknown): string {
  if (error instanceof KarmaError) return error.message.charAt(0).toUpperCase() + error.message.slice(1);
  return 'Something went wrong; please try again in a moment.';
}
