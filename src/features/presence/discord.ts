import { type Interaction, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { commandLocalizations, translatorFor } from '../../i18n/discord-locale.ts';
import { type Translator, translate } from '../../i18n/translate.ts';
import type { LiveStage } from './reports.ts';
import type { PresenceService } from './service.ts';

const KIND_ICON = { discord_voice: '🔊', discord_stage: '🎙️', external: '📺' } as const;
/** Discord allows 4096 characters in an embed description; a few dozen stages fit with room. */
const MAX_STAGES = 25;
const MAX_NAMES = 5;

export function liveCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName('live')
    .setDescription(translate('en', 'commands.live.description'))
    .setDescriptionLocalizations(commandLocalizations('commands.live.description'))
    .setDMPermission(false)
    .toJSON();
}

export function livePanel(stages: readonly LiveStage[], { t }: Translator): { embeds: object[] } {
  if (stages.length === 0) {
    return { embeds: [{ title: t('live.title'), description: t('live.empty'), color: 0x9ca3af }] };
  }
  const shown = stages.slice(0, MAX_STAGES);
  const lines = shown.map(({ stage, count, names }) => {
    const who = names.slice(0, MAX_NAMES).join(', ');
    const more = names.length > MAX_NAMES ? ` +${names.length - MAX_NAMES}` : '';
    return `${KIND_ICON[stage.kind]} **${stage.name}** — ${count}${who ? ` · ${who}${more}` : ''}`;
  });
  const total = stages.reduce((n, s) => n + s.count, 0);
  return {
    embeds: [
      {
        title: t('live.title'),
        description: lines.join('\n'),
        color: 0xf05a1a,
        footer: { text: t('live.footer', { count: stages.length, total }) },
      },
    ],
  };
}

/** Answers `/live`; returns false for interactions that are not presence's. */
export async function handlePresenceInteraction(
  interaction: Interaction,
  deps: { presence: PresenceService },
): Promise<boolean> {
  if (!interaction.isChatInputCommand() || interaction.commandName !== 'live') return false;
  const i18n = translatorFor(interaction);
  if (!interaction.guildId) {
    await interaction.reply({ content: i18n.t('common.guildOnly'), flags: MessageFlags.Ephemeral });
    return true;
  }
  await interaction.deferReply();
  await interaction.editReply(livePanel(await deps.presence.liveStages(interaction.guildId), i18n));
  return true;
}
