import {
  type Interaction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { translatorFor } from '../../i18n/discord-locale.ts';
import type { Translator } from '../../i18n/translate.ts';
import { answerCommand, described, panelReply } from '../rewards/discord-commands.ts';
import { ACHIEVEMENTS_SELECT_PREFIX, achievementsPanel } from './discord-views.ts';
import type { AchievementsService } from './service.ts';

/** `/achievements`: a member's achievements with progress, paged with a select. */

export function achievementsCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    described(new SlashCommandBuilder().setName('achievements'), 'commands.achievements.description')
      .setDMPermission(false)
      .addUserOption((o) => described(o.setName('member'), 'commands.achievements.member'))
      .toJSON(),
  ];
}

/** Handles `/achievements` and its page select; returns false for interactions that are not ours. */
export async function handleAchievementsInteraction(
  interaction: Interaction,
  achievements: AchievementsService,
): Promise<boolean> {
  if (interaction.isChatInputCommand()) {
    if (interaction.commandName !== 'achievements') return false;
    await answerCommand(interaction, { private: false }, async (guildId, i18n) => {
      const user = interaction.options.getUser('member') ?? interaction.user;
      return panelReply(
        achievementsPanel(await achievements.list(guildId, user.id), user.displayName, 1, i18n),
      );
    });
    return true;
  }
  if (interaction.isStringSelectMenu() && interaction.customId.startsWith(ACHIEVEMENTS_SELECT_PREFIX)) {
    await achievementsPage(interaction, achievements, translatorFor(interaction));
    return true;
  }
  return false;
}

async function achievementsPage(
  interaction: StringSelectMenuInteraction,
  achievements: AchievementsService,
  i18n: Translator,
): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId) return;
  await interaction.deferUpdate();
  const userId = interaction.customId.slice(ACHIEVEMENTS_SELECT_PREFIX.length) || interaction.user.id;
  const page = Number(interaction.values[0]) || 1;
  const list = await achievements.list(guildId, userId);
  const name = userId === interaction.user.id ? interaction.user.displayName : `<@${userId}>`;
  await interaction.editReply(panelReply(achievementsPanel(list, name, page, i18n)));
}
