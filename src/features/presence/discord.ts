import { type Interaction, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { commandLocalizations, translatorFor } from '../../i18n/discord-locale.ts';
import { type Translator, translate } from '../../i18n/translate.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { Stage } from './domain/index.ts';
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

interface LiveStage {
  stage: Stage;
  count: number;
  names: string[];
}

/** The stages with someone in them, busiest first, with the first few members' names. */
export async function liveStages(
  db: Queryable,
  presence: PresenceService,
  guildId: string,
): Promise<LiveStage[]> {
  const stages = await presence.listStages(guildId);
  const counted = await Promise.all(
    stages.map(async (stage) => ({ stage, count: await presence.count(stage) })),
  );
  const live = counted.filter((s) => s.count > 0);
  const { rows } = await db.query<{ stage_id: string; name: string }>(
    `SELECT s.stage_id, coalesce(m.display_name, m.username) AS name
     FROM viewer_sessions s JOIN members m ON m.guild_id = s.guild_id AND m.user_id = s.user_id
     WHERE s.guild_id = $1 AND s.left_at IS NULL
     ORDER BY s.joined_at`,
    [guildId],
  );
  return live
    .map(({ stage, count }) => ({
      stage,
      count,
      names: rows.filter((r) => r.stage_id === stage.id).map((r) => r.name),
    }))
    .sort((a, b) => b.count - a.count || a.stage.name.localeCompare(b.stage.name));
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
  deps: { db: Queryable; presence: PresenceService },
): Promise<boolean> {
  if (!interaction.isChatInputCommand() || interaction.commandName !== 'live') return false;
  const i18n = translatorFor(interaction);
  if (!interaction.guildId) {
    await interaction.reply({ content: i18n.t('common.guildOnly'), flags: MessageFlags.Ephemeral });
    return true;
  }
  await interaction.deferReply();
  await interaction.editReply(livePanel(await liveStages(deps.db, deps.presence, interaction.guildId), i18n));
  return true;
}
