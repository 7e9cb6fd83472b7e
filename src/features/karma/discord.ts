import {
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { Translator } from '../../i18n/translate.ts';
import { answerCommand, described } from '../rewards/discord-commands.ts';
import type { KarmaService } from './service.ts';

/** `/karma give|take` for members who may manage the server, answered privately. */

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
  return [
    described(new SlashCommandBuilder().setName('karma'), 'commands.karma.description')
      .setDMPermission(false)
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .addSubcommand((s) => amount(described(s.setName('give'), 'commands.karma.give')))
      .addSubcommand((s) => amount(described(s.setName('take'), 'commands.karma.take')))
      .toJSON(),
  ];
}

/** Handles `/karma`; returns false for interactions that are not ours. */
export async function handleKarmaInteraction(
  interaction: Interaction,
  karma: KarmaService,
): Promise<boolean> {
  if (!interaction.isChatInputCommand() || interaction.commandName !== 'karma') return false;
  await answerCommand(interaction, { private: true }, (guildId, i18n) =>
    adjust(interaction, guildId, karma, i18n),
  );
  return true;
}

async function adjust(
  interaction: ChatInputCommandInteraction,
  guildId: string,
  karma: KarmaService,
  { t }: Translator,
): Promise<InteractionEditReplyOptions> {
  // Discord hides the command from members without Manage Server; check again, permissions can be overridden.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    return { content: t('karma.noPermission') };
  }
  const sub = interaction.options.getSubcommand();
  const user = interaction.options.getUser('member', true);
  const amount = interaction.options.getInteger('amount', true);
  const result = await karma.adjust({
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
