import {
  type ButtonInteraction,
  type Interaction,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
} from 'discord.js';
import { commandLocalizations, translatorFor } from '../../i18n/discord-locale.ts';
import { catalogText, type Translator } from '../../i18n/translate.ts';
import { failureText, isRefusal } from '../../platform/discord/failure.ts';
import { answerCommand, described, panelReply } from '../rewards/discord-commands.ts';
import { questsPanel } from './discord-views.ts';
import type { ClaimView, QuestList, QuestsService } from './service.ts';

/** `/quests`: the member's quests of the day or week, privately, with a claim button per completed one. */

/** The command definition, for a bulk overwrite; the period's choices are translated. */
export function questsCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const period = (value: 'daily' | 'weekly') => ({
    name: value,
    name_localizations: commandLocalizations(`commands.quests.${value}`),
    value,
  });
  return [
    described(new SlashCommandBuilder().setName('quests'), 'commands.quests.description')
      .setDMPermission(false)
      .addStringOption((o) =>
        described(o.setName('period'), 'commands.quests.period').addChoices(
          period('daily'),
          period('weekly'),
        ),
      )
      .toJSON(),
  ];
}

const LIST_PREFIX = 'karma:quests:';
const CLAIM_PREFIX = 'karma:claim:';

/** Handles `/quests` and its buttons; returns false for interactions that are not ours. */
export async function handleQuestsInteraction(
  interaction: Interaction,
  quests: QuestsService,
): Promise<boolean> {
  if (interaction.isChatInputCommand()) {
    if (interaction.commandName !== 'quests') return false;
    await answerCommand(interaction, { private: true }, async (guildId, i18n) => {
      const period = interaction.options.getString('period') === 'weekly' ? 'weekly' : 'daily';
      return panelReply(questsPanel(await quests.list(guildId, interaction.user.id, period), i18n));
    });
    return true;
  }
  if (!interaction.isButton()) return false;
  if (interaction.customId.startsWith(LIST_PREFIX)) {
    await showPeriod(interaction, quests, translatorFor(interaction));
    return true;
  }
  if (interaction.customId.startsWith(CLAIM_PREFIX)) {
    await claimPressed(interaction, quests, translatorFor(interaction));
    return true;
  }
  return false;
}

async function showPeriod(interaction: ButtonInteraction, quests: QuestsService, i18n: Translator) {
  const guildId = interaction.guildId;
  if (!guildId) return;
  await interaction.deferUpdate();
  const period = interaction.customId.slice(LIST_PREFIX.length) === 'weekly' ? 'weekly' : 'daily';
  await interaction.editReply(
    panelReply(questsPanel(await quests.list(guildId, interaction.user.id, period), i18n)),
  );
}

async function claimPressed(interaction: ButtonInteraction, quests: QuestsService, i18n: Translator) {
  const guildId = interaction.guildId;
  if (!guildId) return;
  await interaction.deferUpdate();
  const [periodArg, progressId = ''] = interaction.customId.slice(CLAIM_PREFIX.length).split(':');
  const period = periodArg === 'weekly' ? 'weekly' : 'daily';
  let claimed: ClaimView | undefined;
  let refusal: string | undefined;
  try {
    claimed = await quests.claim(guildId, interaction.user.id, progressId);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    refusal = failureText(error, i18n);
  }
  const list = await quests.list(guildId, interaction.user.id, period);
  await interaction.editReply(panelReply(questsPanel(list, i18n)));
  await interaction.followUp({
    content: claimed ? claimedMessage(claimed, list, i18n) : (refusal ?? ''),
    flags: MessageFlags.Ephemeral,
  });
}

function claimedMessage(claimed: ClaimView, list: QuestList, { t, language }: Translator): string {
  const quest = list.quests.find((q) => q.progressId === claimed.progressId);
  const name = quest ? catalogText(language, 'quests', quest) : claimed.questKey;
  return `${t('web:profile.quests.claimed', { name, value: claimed.reward })} ${t('quests.total', { total: claimed.total, level: claimed.level })}`;
}
