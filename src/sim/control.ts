import type { Emoji, SimActions } from './actions.ts';
import { parseEmoji } from './actions.ts';
import { CommunityBuilder } from './control-build.ts';
import type { BotAction, BotActionLog } from './events.ts';
import type { OptionValue } from './interaction-payloads.ts';
import type { InteractionService, SimInteraction } from './interactions.ts';
import { extractMentions } from './message-body.ts';
import { DiscordHttpError, ErrorCode, unknown } from './rest/errors.ts';
import { messageToApi, type Wire } from './serialize.ts';
import type { SimState } from './state.ts';
import { ChannelType, type JsonValue, type SimMessage, type SimVoiceState } from './types.ts';

export type { OverwriteInput } from './control-build.ts';

function notFound(what: string): DiscordHttpError {
  return new DiscordHttpError(404, ErrorCode.General, `Unknown ${what}`);
}

/**
 * The programmatic control surface: building a community, what simulated users do, and what the
 * bot did. The HTTP control API (`/_sim/...`) is a thin JSON layer over this class.
 */
export class SimControl extends CommunityBuilder {
  readonly #interactions: InteractionService;
  readonly #log: BotActionLog;

  constructor(state: SimState, actions: SimActions, interactions: InteractionService, log: BotActionLog) {
    super(state, actions);
    this.#interactions = interactions;
    this.#log = log;
  }

  // ---- what users do ----

  /** A user posts a message; mentions in the content (<@id>, <@&id>, @everyone) are resolved. */
  postMessage(input: {
    channelId: string;
    authorId: string;
    content?: string;
    embeds?: JsonValue[];
    attachments?: Array<{ filename: string; size?: number; contentType?: string | null }>;
    replyTo?: string;
  }): SimMessage {
    const channel = this.channel(input.channelId);
    this.user(input.authorId);
    if (channel.guildId && !this.state.member(channel.guildId, input.authorId)) throw unknown.member();
    const content = input.content ?? '';
    const mentions = extractMentions(this.state, content, channel.guildId);
    if (input.replyTo) this.message(channel.id, input.replyTo);
    return this.actions.createMessage({
      channelId: channel.id,
      authorId: input.authorId,
      content,
      mentionIds: mentions.userIds,
      mentionRoleIds: mentions.roleIds,
      mentionEveryone: mentions.everyone,
      ...(input.embeds ? { embeds: input.embeds } : {}),
      ...(input.attachments
        ? {
            attachments: input.attachments.map((a) => ({
              id: this.state.snowflakes.next(),
              filename: a.filename,
              size: a.size ?? 1024,
              contentType: a.contentType ?? null,
            })),
          }
        : {}),
      ...(input.replyTo
        ? {
            type: 19,
            reference: { messageId: input.replyTo, channelId: channel.id, guildId: channel.guildId },
          }
        : {}),
    });
  }

  editMessage(input: { channelId: string; messageId: string; content: string }): SimMessage {
    const message = this.message(input.channelId, input.messageId);
    return this.actions.editMessage(message, { content: input.content });
  }

  deleteMessage(input: { channelId: string; messageId: string }): void {
    if (!this.actions.deleteMessage(input.channelId, input.messageId)) throw unknown.message();
  }

  react(input: { channelId: string; messageId: string; userId: string; emoji: string | Emoji }): boolean {
    const message = this.message(input.channelId, input.messageId);
    this.user(input.userId);
    return this.actions.addReaction(
      message,
      input.userId,
      typeof input.emoji === 'string' ? parseEmoji(input.emoji) : input.emoji,
    );
  }

  unreact(input: { channelId: string; messageId: string; userId: string; emoji: string | Emoji }): boolean {
    const message = this.message(input.channelId, input.messageId);
    return this.actions.removeReaction(
      message,
      input.userId,
      typeof input.emoji === 'string' ? parseEmoji(input.emoji) : input.emoji,
    );
  }

  /** Joins or moves to a voice or stage channel. */
  voiceJoin(input: {
    userId: string;
    channelId: string;
    selfMute?: boolean;
    selfDeaf?: boolean;
  }): SimVoiceState {
    const channel = this.channel(input.channelId);
    if (
      !channel.guildId ||
      (channel.type !== ChannelType.GuildVoice && channel.type !== ChannelType.GuildStageVoice)
    ) {
      throw new DiscordHttpError(400, ErrorCode.InvalidChannelType, 'Not a voice or stage channel');
    }
    if (!this.state.member(channel.guildId, input.userId)) throw unknown.member();
    const state = this.actions.setVoice(channel.guildId, input.userId, {
      channelId: channel.id,
      ...(input.selfMute !== undefined ? { selfMute: input.selfMute } : {}),
      ...(input.selfDeaf !== undefined ? { selfDeaf: input.selfDeaf } : {}),
    });
    if (!state) throw unknown.channel();
    return state;
  }

  voiceLeave(input: { guildId: string; userId: string }): void {
    if (!this.state.voiceState(input.guildId, input.userId)) throw notFound('voice state');
    this.actions.setVoice(input.guildId, input.userId, { channelId: null });
  }

  /** Mute/deafen flags: self_* as the user toggles them, mute/deaf as a moderator sets them. */
  voiceUpdate(input: {
    guildId: string;
    userId: string;
    selfMute?: boolean;
    selfDeaf?: boolean;
    mute?: boolean;
    deaf?: boolean;
    suppress?: boolean;
    selfStream?: boolean;
    selfVideo?: boolean;
  }): SimVoiceState {
    if (!this.state.voiceState(input.guildId, input.userId)) throw notFound('voice state');
    const { guildId, userId, ...patch } = input;
    const state = this.actions.setVoice(guildId, userId, patch);
    if (!state) throw notFound('voice state');
    return state;
  }

  slashCommand(input: {
    userId: string;
    channelId: string;
    name: string;
    options?: Record<string, OptionValue>;
    subcommand?: string;
    group?: string;
    /** The user's Discord client language (`en-US` when not given), as the interaction's `locale`. */
    locale?: string;
  }): SimInteraction {
    return this.#interactions.invokeCommand(input);
  }

  clickButton(input: {
    userId: string;
    channelId: string;
    messageId: string;
    customId: string;
    locale?: string;
  }): SimInteraction {
    return this.#interactions.interactWithComponent(input);
  }

  selectMenu(input: {
    userId: string;
    channelId: string;
    messageId: string;
    customId: string;
    values: string[];
    locale?: string;
  }): SimInteraction {
    return this.#interactions.interactWithComponent(input);
  }

  submitModal(input: {
    userId: string;
    channelId?: string;
    interactionId?: string;
    customId?: string;
    fields: Record<string, string>;
    locale?: string;
  }): SimInteraction {
    return this.#interactions.submitModal(input);
  }

  // ---- what the bot did ----

  interaction(id: string): Wire {
    const interaction = this.#interactions.get(id);
    if (!interaction) throw unknown.interaction();
    return this.#interactions.view(interaction);
  }

  /** Resolves once the bot acknowledged the interaction (and, when asked, sent a non-loading reply). */
  async waitForResponse(id: string, options: { timeoutMs?: number; settled?: boolean } = {}): Promise<Wire> {
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    for (;;) {
      const interaction = this.#interactions.get(id);
      if (!interaction) throw unknown.interaction();
      const loading = interaction.original ? (interaction.original.flags & 128) !== 0 : false;
      if (interaction.acknowledged && (!options.settled || !loading))
        return this.#interactions.view(interaction);
      if (Date.now() > deadline)
        throw new Error(`interaction ${id} got no response within ${options.timeoutMs ?? 5000} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Messages authored by a bot, in one channel or everywhere (DMs included), oldest first. */
  botMessages(channelId?: string): SimMessage[] {
    const botIds = new Set(this.state.bots.map((b) => b.userId));
    const channels = channelId ? [channelId] : [...this.state.messages.channelIds()];
    return channels.flatMap((id) => this.state.messages.list(id).filter((m) => botIds.has(m.authorId)));
  }

  /** DM channels the bot opened, with their messages. */
  dms(userId?: string): Array<{ channelId: string; userId: string; messages: SimMessage[] }> {
    const out: Array<{ channelId: string; userId: string; messages: SimMessage[] }> = [];
    for (const channel of this.state.channels.values()) {
      if (channel.type !== ChannelType.DM) continue;
      const other = channel.recipientIds?.find((id) => !this.state.bots.some((b) => b.userId === id));
      if (!other || (userId && other !== userId)) continue;
      out.push({
        channelId: channel.id,
        userId: other,
        messages: [...this.state.messages.list(channel.id)],
      });
    }
    return out;
  }

  botActions(
    filter: { kind?: string; since?: number; channelId?: string; limit?: number } = {},
  ): BotAction[] {
    return this.#log.list(filter);
  }

  messageView(message: SimMessage): Wire {
    return messageToApi(this.state, message);
  }
}
