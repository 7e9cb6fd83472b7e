import type { Interaction } from 'discord.js';

/**
 * The parts of a chat-input, button or select interaction the Discord handlers use, recording their
 * answers in order (`defer`, `deferUpdate`, `edit`, `reply`, `followUp`).
 */
export function fakeInteraction(
  kind: 'command' | 'button' | 'select',
  fields: Record<string, unknown>,
  defaults: { guildId: string; userId: string },
) {
  const answers: { kind: string; payload: unknown }[] = [];
  const record = (k: string) => async (payload?: unknown) => {
    answers.push({ kind: k, payload });
  };
  const interaction = {
    id: '900000000000000001',
    guildId: defaults.guildId,
    user: { id: defaults.userId, displayName: 'Alice' },
    memberPermissions: { has: () => true },
    isChatInputCommand: () => kind === 'command',
    isButton: () => kind === 'button',
    isStringSelectMenu: () => kind === 'select',
    deferReply: record('defer'),
    deferUpdate: record('deferUpdate'),
    editReply: record('edit'),
    reply: record('reply'),
    followUp: record('followUp'),
    ...fields,
  } as unknown as Interaction;
  return { interaction, answers };
}

export function contentOf(answers: { payload: unknown }[], index: number): string | undefined {
  return (answers[index]?.payload as { content?: string } | undefined)?.content;
}

/** A command's options as discord.js reads them. */
export function commandOptions(values: Record<string, unknown>, subcommand?: string) {
  return {
    getUser: (name: string) => values[name] ?? null,
    getInteger: (name: string) => values[name] ?? null,
    getString: (name: string) => values[name] ?? null,
    getSubcommand: () => subcommand,
  };
}
