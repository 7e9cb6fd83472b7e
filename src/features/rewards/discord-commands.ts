import { type ChatInputCommandInteraction, type InteractionEditReplyOptions, MessageFlags } from 'discord.js';
import { commandLocalizations, translatorFor } from '../../i18n/discord-locale.ts';
import { type BotKey, type Translator, translate } from '../../i18n/translate.ts';
import { failureText, isRefusal } from '../../platform/discord/failure.ts';
import type { Panel } from './discord-panels.ts';

/**
 * How the reward features answer a slash command: deferred first (Discord's 3-second window), then
 * answered from their service, in the language of the member's Discord client (`interaction.locale`),
 * else the server's, else English (`translatorFor`). A refusal is answered with its translated
 * reason; anything else is answered with an apology and rethrown for the log.
 */

/** Descriptions in English (the default) with their `description_localizations`. */
export function described<
  T extends { setDescription(d: string): T; setDescriptionLocalizations(l: object): T },
>(builder: T, key: BotKey): T {
  return builder.setDescription(translate('en', key)).setDescriptionLocalizations(commandLocalizations(key));
}

export async function answerCommand(
  interaction: ChatInputCommandInteraction,
  options: { private: boolean },
  answer: (guildId: string, i18n: Translator) => Promise<InteractionEditReplyOptions>,
): Promise<void> {
  const i18n = translatorFor(interaction);
  const guildId = interaction.guildId;
  if (!guildId) {
    await interaction.reply({ content: i18n.t('common.guildOnly'), flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.deferReply(options.private ? { flags: MessageFlags.Ephemeral } : {});
  try {
    await interaction.editReply(await answer(guildId, i18n));
  } catch (error) {
    await interaction.editReply({ content: failureText(error, i18n), embeds: [], components: [] });
    if (!isRefusal(error)) throw error;
  }
}

export function panelReply(panel: Panel): InteractionEditReplyOptions {
  return { content: '', embeds: panel.embeds, components: panel.components };
}
