import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
} from 'discord.js';
import { translatorFor } from '../../i18n/discord-locale.ts';
import type { Translator } from '../../i18n/translate.ts';
import { answerCommand, described, panelReply } from '../rewards/discord-commands.ts';
import {
  LEADERBOARD_BUTTON_PREFIX,
  LEADERBOARD_PAGE_SIZE,
  leaderboardPanel,
  levelsPanel,
  rankPanel,
} from './discord-views.ts';
import type { LevelsService } from './service.ts';

/** `/rank`, `/leaderboard` (pages with buttons) and `/levels` (the curve), answered in public. */

export const LEVELS_COMMAND_NAMES = ['rank', 'leaderboard', 'levels'] as const;

/** The command definitions, for a bulk overwrite; names stay ASCII in every language. */
export function levelsCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    described(new SlashCommandBuilder().setName('rank'), 'commands.rank.description')
      .setDMPermission(false)
      .addUserOption((o) => described(o.setName('member'), 'commands.rank.member')),
    described(new SlashCommandBuilder().setName('leaderboard'), 'commands.leaderboard.description')
      .setDMPermission(false)
      .addIntegerOption((o) => described(o.setName('page'), 'commands.leaderboard.page').setMinValue(1)),
    described(new SlashCommandBuilder().setName('levels'), 'commands.levels.description').setDMPermission(
      false,
    ),
  ].map((builder) => builder.toJSON());
}

/** Handles the levels commands and leaderboard buttons; returns false for interactions that are not ours. */
export async function handleLevelsInteraction(
  interaction: Interaction,
  levels: LevelsService,
): Promise<boolean> {
  if (interaction.isChatInputCommand()) {
    if (!(LEVELS_COMMAND_NAMES as readonly string[]).includes(interaction.commandName)) return false;
    await answerCommand(interaction, { private: false }, (guildId, i18n) =>
      commandPanel(interaction, guildId, levels, i18n),
    );
    return true;
  }
  if (interaction.isButton() && interaction.customId.startsWith(LEADERBOARD_BUTTON_PREFIX)) {
    await leaderboardPage(interaction, levels, translatorFor(interaction));
    return true;
  }
  return false;
}

async function commandPanel(
  interaction: ChatInputCommandInteraction,
  guildId: string,
  levels: LevelsService,
  i18n: Translator,
): Promise<InteractionEditReplyOptions> {
  if (interaction.commandName === 'rank') {
    const user = interaction.options.getUser('member') ?? interaction.user;
    const [level, rank] = await Promise.all([levels.me(guildId, user.id), levels.rank(guildId, user.id)]);
    return panelReply(rankPanel(level, rank, user.displayName, i18n));
  }
  if (interaction.commandName === 'leaderboard') {
    const page = interaction.options.getInteger('page') ?? 1;
    return panelReply(
      leaderboardPanel(await levels.leaderboard(guildId, { page, limit: LEADERBOARD_PAGE_SIZE }), i18n),
    );
  }
  const table = await levels.table(guildId);
  return panelReply(levelsPanel(table.levels, table.curve.kind, i18n));
}

async function leaderboardPage(
  interaction: ButtonInteraction,
  levels: LevelsService,
  i18n: Translator,
): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) return;
  await interaction.deferUpdate();
  const page = Math.max(1, Number(interaction.customId.slice(LEADERBOARD_BUTTON_PREFIX.length)) || 1);
  await interaction.editReply(
    panelReply(
      leaderboardPanel(await levels.leaderboard(guildId, { page, limit: LEADERBOARD_PAGE_SIZE }), i18n),
    ),
  );
}
