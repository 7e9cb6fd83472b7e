import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { commandLocalizations, translatorFor } from '../../i18n/discord-locale.ts';
import { type BotKey, catalogText, type Translator, translate } from '../../i18n/translate.ts';
import { failureText, isRefusal } from '../../platform/discord/failure.ts';
import type { ClaimView, QuestList } from '../quests/service.ts';
import {
  achievementsPanel,
  LEADERBOARD_PAGE_SIZE,
  leaderboardPanel,
  levelsPanel,
  type Panel,
  questsPanel,
  rankPanel,
} from './discord-views.ts';
import type { KarmaServices } from './wiring.ts';

/**
 * Slash commands and panels: `/rank`, `/leaderboard` (pages with buttons), `/quests` (claim buttons),
 * `/achievements` (pages with a select), `/levels` (the curve) and `/karma give|take` for admins.
 * Every interaction is deferred first (Discord's 3-second window), then answered from the services;
 * private answers are ephemeral. Answers are in the language of the member's Discord client
 * (`interaction.locale`), else the server's, else English (`translatorFor`).
 */

export const KARMA_COMMAND_NAMES = [
  'rank',
  'leaderboard',
  'quests',
  'achievements',
  'levels',
  'karma',
] as const;

/** Descriptions in English (the default) with their `description_localizations`. */
function described<T extends { setDescription(d: string): T; setDescriptionLocalizations(l: object): T }>(
  builder: T,
  key: BotKey,
): T {
  return builder.setDescription(translate('en', key)).setDescriptionLocalizations(commandLocalizations(key));
}

/**
 * The command definitions, for a bulk overwrite (PUT /applications/{id}/commands or per guild).
 * Names stay ASCII in every language: members of one server share them ("type /rank") whatever
 * their client's language, and the docs name them; descriptions and choices are translated.
 */
export function karmaCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const amount = (s: SlashCommandSubcommandBuilder) =>
    s
      .addUserOption((o) => described(o.setName('member'), 'commands.karma.member').setRequired(true))
      .addIntegerOption((o) =>
        described(o.setName('amount'), 'commands.karma.amount').setRequired(true).setMinValue(1),
      )
      .addStringOption((o) =>
        described(o.setName('reason'), 'commands.karma.reason').setRequired(true).setMaxLength(200),
      );
  const period = (value: 'daily' | 'weekly') => ({
    name: value,
    name_localizations: commandLocalizations(`commands.quests.${value}`),
    value,
  });
  return [
    described(new SlashCommandBuilder().setName('rank'), 'commands.rank.description')
      .setDMPermission(false)
      .addUserOption((o) => described(o.setName('member'), 'commands.rank.member')),
    described(new SlashCommandBuilder().setName('leaderboard'), 'commands.leaderboard.description')
      .setDMPermission(false)
      .addIntegerOption((o) => described(o.setName('page'), 'commands.leaderboard.page').setMinValue(1)),
    described(new SlashCommandBuilder().setName('quests'), 'commands.quests.description')
      .setDMPermission(false)
      .addStringOption((o) =>
        described(o.setName('period'), 'commands.quests.period').addChoices(
          period('daily'),
          period('weekly'),
        ),
      ),
    described(new SlashCommandBuilder().setName('achievements'), 'commands.achievements.description')
      .setDMPermission(false)
      .addUserOption((o) => described(o.setName('member'), 'commands.achievements.member')),
    described(new SlashCommandBuilder().setName('levels'), 'commands.levels.description').setDMPermission(
      false,
    ),
    described(new SlashCommandBuilder().setName('karma'), 'commands.karma.description')
      .setDMPermission(false)
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .addSubcommand((s) => amount(described(s.setName('give'), 'commands.karma.give')))
      .addSubcommand((s) => amount(described(s.setName('take'), 'commands.karma.take'))),
  ].map((builder) => builder.toJSON());
}

/** Handles the karma commands and panels; returns false for interactions that are not ours. */
export async function handleKarmaInteraction(
  interaction: Interaction,
  services: KarmaServices,
): Promise<boolean> {
  if (interaction.isChatInputCommand()) {
    if (!(KARMA_COMMAND_NAMES as readonly string[]).includes(interaction.commandName)) return false;
    await command(interaction, services, translatorFor(interaction));
    return true;
  }
  if (interaction.isButton() && interaction.customId.startsWith('karma:')) {
    await buttonPressed(interaction, services, translatorFor(interaction));
    return true;
  }
  if (interaction.isStringSelectMenu() && interaction.customId.startsWith('karma:ach:')) {
    await achievementsPage(interaction, services, translatorFor(interaction));
    return true;
  }
  return false;
}

const PRIVATE = new Set(['quests', 'karma']);

async function command(
  interaction: ChatInputCommandInteraction,
  services: KarmaServices,
  i18n: Translator,
): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) {
    await interaction.reply({ content: i18n.t('common.guildOnly'), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply(PRIVATE.has(interaction.commandName) ? { flags: MessageFlags.Ephemeral } : {});
  try {
    await interaction.editReply(await commandPanel(interaction, guildId, services, i18n));
  } catch (error) {
    await interaction.editReply({ content: failureText(error, i18n), embeds: [], components: [] });
    if (!isRefusal(error)) throw error;
  }
}

async function commandPanel(
  interaction: ChatInputCommandInteraction,
  guildId: string,
  services: KarmaServices,
  i18n: Translator,
): Promise<InteractionEditReplyOptions> {
  switch (interaction.commandName) {
    case 'rank': {
      const user = interaction.options.getUser('member') ?? interaction.user;
      const [level, rank] = await Promise.all([
        services.levels.me(guildId, user.id),
        services.levels.rank(guildId, user.id),
      ]);
      return reply(rankPanel(level, rank, user.displayName, i18n));
    }
    case 'leaderboard': {
      const page = interaction.options.getInteger('page') ?? 1;
      return reply(
        leaderboardPanel(
          await services.levels.leaderboard(guildId, { page, limit: LEADERBOARD_PAGE_SIZE }),
          i18n,
        ),
      );
    }
    case 'quests': {
      const period = interaction.options.getString('period') === 'weekly' ? 'weekly' : 'daily';
      return reply(questsPanel(await services.quests.list(guildId, interaction.user.id, period), i18n));
    }
    case 'achievements': {
      const user = interaction.options.getUser('member') ?? interaction.user;
      return reply(
        achievementsPanel(await services.achievements.list(guildId, user.id), user.displayName, 1, i18n),
      );
    }
    case 'levels': {
      const table = await services.levels.table(guildId);
      return reply(levelsPanel(table.levels, table.curve.kind, i18n));
    }
    default:
      return adjust(interaction, guildId, services, i18n);
  }
}

async function adjust(
  interaction: ChatInputCommandInteraction,
  guildId: string,
  services: KarmaServices,
  { t }: Translator,
): Promise<InteractionEditReplyOptions> {
  // Discord hides the command from members without Manage Server; check again, permissions can be overridden.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    return { content: t('karma.noPermission') };
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
  return {
    content: t(sub === 'take' ? 'karma.took' : 'karma.gave', {
      amount,
      member: `<@${user.id}>`,
      total: result.total,
      level: result.level,
    }),
    allowedMentions: { users: [] },
  };
}

async function buttonPressed(
  interaction: ButtonInteraction,
  services: KarmaServices,
  i18n: Translator,
): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) return;
  const [, action, ...args] = interaction.customId.split(':');
  if (action === 'lb') {
    await interaction.deferUpdate();
    const page = Math.max(1, Number(args[0]) || 1);
    await interaction.editReply(
      reply(
        leaderboardPanel(
          await services.levels.leaderboard(guildId, { page, limit: LEADERBOARD_PAGE_SIZE }),
          i18n,
        ),
      ),
    );
    return;
  }
  if (action === 'quests') {
    await interaction.deferUpdate();
    const period = args[0] === 'weekly' ? 'weekly' : 'daily';
    await interaction.editReply(
      reply(questsPanel(await services.quests.list(guildId, interaction.user.id, period), i18n)),
    );
    return;
  }
  if (action === 'claim') {
    await interaction.deferUpdate();
    const period = args[0] === 'weekly' ? 'weekly' : 'daily';
    const progressId = args[1] ?? '';
    let claimed: ClaimView | undefined;
    let refusal: string | undefined;
    try {
      claimed = await services.quests.claim(guildId, interaction.user.id, progressId);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      refusal = failureText(error, i18n);
    }
    const list = await services.quests.list(guildId, interaction.user.id, period);
    await interaction.editReply(reply(questsPanel(list, i18n)));
    await interaction.followUp({
      content: claimed ? claimedMessage(claimed, list, i18n) : (refusal ?? ''),
      flags: MessageFlags.Ephemeral,
    });
  }
}

function claimedMessage(claimed: ClaimView, list: QuestList, { t, language }: Translator): string {
  const quest = list.quests.find((q) => q.progressId === claimed.progressId);
  const name = quest ? catalogText(language, 'quests', quest) : claimed.questKey;
  return `${t('web:profile.quests.claimed', { name, value: claimed.reward })} ${t('quests.total', { total: claimed.total, level: claimed.level })}`;
}

async function achievementsPage(
  interaction: StringSelectMenuInteraction,
  services: KarmaServices,
  i18n: Translator,
): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) return;
  await interaction.deferUpdate();
  const userId = interaction.customId.split(':')[2] ?? interaction.user.id;
  const page = Number(interaction.values[0]) || 1;
  const list = await services.achievements.list(guildId, userId);
  const name = userId === interaction.user.id ? interaction.user.displayName : `<@${userId}>`;
  await interaction.editReply(reply(achievementsPanel(list, name, page, i18n)));
}

function reply(panel: Panel): InteractionEditReplyOptions {
  return { content: '', embeds: panel.embeds, components: panel.components };
}
