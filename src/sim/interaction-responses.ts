import type { SimActions } from './actions.ts';
import type { BotActionLog } from './events.ts';
import { CallbackType, InteractionType } from './interaction-payloads.ts';
import type { InteractionTiming, ReplyInput, SimInteraction } from './interactions.ts';
import { isRecord } from './json.ts';
import { extractMentions } from './message-body.ts';
import { DiscordHttpError, ErrorCode, invalidField, unknown } from './rest/errors.ts';
import { messageToApi, type Wire } from './serialize.ts';
import type { SimState } from './state.ts';
import { MessageFlag, MessageType, type SimMessage } from './types.ts';

export interface InteractionRegistry {
  get(id: string): SimInteraction | undefined;
  byToken(token: string): SimInteraction | undefined;
}

/**
 * What the bot answers: the initial callback (within Discord's 3 s), then follow-ups and edits of
 * @original through the interaction webhook for 15 minutes.
 */
export class InteractionResponder {
  readonly #registry: InteractionRegistry;
  readonly #state: SimState;
  readonly #actions: SimActions;
  readonly #log: BotActionLog;
  readonly #timing: InteractionTiming;

  constructor(
    registry: InteractionRegistry,
    state: SimState,
    actions: SimActions,
    log: BotActionLog,
    timing: InteractionTiming,
  ) {
    this.#registry = registry;
    this.#state = state;
    this.#actions = actions;
    this.#log = log;
    this.#timing = timing;
  }

  #replyMessage(interaction: SimInteraction, body: ReplyInput, flags: number): SimMessage {
    const mentions = extractMentions(this.#state, body.content ?? '', interaction.guildId);
    return this.#actions.createMessage({
      channelId: interaction.channelId,
      authorId: interaction.botUserId,
      ...(body.content !== undefined ? { content: body.content } : {}),
      ...(body.embeds ? { embeds: body.embeds } : {}),
      ...(body.components ? { components: body.components } : {}),
      ...(body.attachments ? { attachments: body.attachments } : {}),
      ...(body.tts ? { tts: true } : {}),
      mentionIds: mentions.userIds,
      mentionRoleIds: mentions.roleIds,
      type:
        interaction.type === InteractionType.ApplicationCommand
          ? MessageType.ChatInputCommand
          : MessageType.Default,
      flags,
      webhookId: interaction.applicationId,
      applicationId: interaction.applicationId,
      interaction: {
        id: interaction.id,
        type: interaction.type,
        name: interaction.name ?? '',
        userId: interaction.userId,
      },
    });
  }

  /** POST /interactions/{id}/{token}/callback. Returns the callback response object Discord would. */
  callback(
    id: string,
    token: string,
    type: number,
    data: Record<string, unknown> | null,
    body: ReplyInput,
  ): Wire {
    const interaction = this.#registry.get(id);
    if (!interaction || interaction.token !== token) throw unknown.interaction();
    if (interaction.acknowledged) {
      throw new DiscordHttpError(
        400,
        ErrorCode.InteractionAlreadyAcknowledged,
        'Interaction has already been acknowledged.',
      );
    }
    if (Date.now() - interaction.createdAt > this.#timing.responseTimeoutMs) throw unknown.interaction();
    const isComponent = interaction.sourceMessageId !== null;
    const allowed: number[] = [CallbackType.ChannelMessage, CallbackType.DeferredChannelMessage];
    if (isComponent) allowed.push(CallbackType.DeferredUpdateMessage, CallbackType.UpdateMessage);
    if (interaction.type !== InteractionType.ModalSubmit) allowed.push(CallbackType.Modal);
    if (interaction.type === InteractionType.Autocomplete)
      allowed.splice(0, allowed.length, CallbackType.AutocompleteResult);
    if (!allowed.includes(type)) {
      throw invalidField(
        ['type'],
        'INTERACTION_RESPONSE_TYPE_INVALID',
        'Interaction callback type is not valid for this interaction',
      );
    }
    const ephemeral = ((body.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
    let message: SimMessage | null = null;
    switch (type) {
      case CallbackType.ChannelMessage:
        message = this.#replyMessage(interaction, body, ephemeral ? MessageFlag.Ephemeral : 0);
        interaction.original = message;
        break;
      case CallbackType.DeferredChannelMessage:
        message = this.#replyMessage(
          interaction,
          {},
          MessageFlag.Loading | (ephemeral ? MessageFlag.Ephemeral : 0),
        );
        interaction.original = message;
        break;
      case CallbackType.UpdateMessage:
      case CallbackType.DeferredUpdateMessage: {
        const source = this.#state.findMessage(interaction.channelId, interaction.sourceMessageId ?? '');
        if (source && type === CallbackType.UpdateMessage) this.#edit(source, body);
        interaction.original = source ?? null;
        message = source ?? null;
        break;
      }
      case CallbackType.Modal:
        interaction.modal = data ?? {};
        break;
      case CallbackType.AutocompleteResult:
        interaction.autocompleteChoices = Array.isArray(data?.choices) ? data.choices.filter(isRecord) : [];
        break;
    }
    interaction.acknowledged = true;
    interaction.callbacks.push({ at: Date.now(), type, data });
    this.#log.record({
      botUserId: interaction.botUserId,
      kind: 'interaction.callback',
      interactionId: interaction.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      ...(message ? { messageId: message.id } : {}),
      detail: { type, data },
    });
    const resource: Wire = { type };
    if (message && type !== CallbackType.DeferredUpdateMessage)
      resource.message = messageToApi(this.#state, message);
    return {
      interaction: {
        id: interaction.id,
        type: interaction.type,
        response_message_id: message?.id ?? null,
        response_message_loading: type === CallbackType.DeferredChannelMessage,
        response_message_ephemeral: ephemeral,
      },
      resource,
    };
  }

  #edit(message: SimMessage, body: ReplyInput): SimMessage {
    const flags =
      body.flags !== undefined
        ? (message.flags & MessageFlag.Ephemeral) | (body.flags & ~MessageFlag.Loading)
        : message.flags & ~MessageFlag.Loading;
    return this.#actions.editMessage(message, {
      ...(body.content !== undefined ? { content: body.content } : {}),
      ...(body.embeds !== undefined ? { embeds: body.embeds } : {}),
      ...(body.components !== undefined ? { components: body.components } : {}),
      ...(body.attachments !== undefined ? { attachments: body.attachments } : {}),
      flags,
    });
  }

  #byLiveToken(applicationId: string, token: string): SimInteraction {
    const interaction = this.#registry.byToken(token);
    if (!interaction || interaction.applicationId !== applicationId) throw unknown.webhook();
    if (Date.now() - interaction.createdAt > this.#timing.tokenLifetimeMs) throw unknown.webhook();
    return interaction;
  }

  /** POST /webhooks/{app}/{token}: a follow-up message. */
  followup(applicationId: string, token: string, body: ReplyInput): SimMessage {
    const interaction = this.#byLiveToken(applicationId, token);
    if (!interaction.acknowledged) throw unknown.webhook();
    const ephemeral = ((body.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
    const message = this.#replyMessage(interaction, body, ephemeral ? MessageFlag.Ephemeral : 0);
    interaction.followups.push(message);
    this.#log.record({
      botUserId: interaction.botUserId,
      kind: 'interaction.followup',
      interactionId: interaction.id,
      channelId: interaction.channelId,
      messageId: message.id,
    });
    return message;
  }

  #findMessage(interaction: SimInteraction, messageId: string): SimMessage {
    const message =
      messageId === '@original'
        ? interaction.original
        : interaction.followups.find((m) => m.id === messageId);
    if (!message) throw unknown.message();
    return message;
  }

  getMessage(applicationId: string, token: string, messageId: string): SimMessage {
    return this.#findMessage(this.#byLiveToken(applicationId, token), messageId);
  }

  editMessage(applicationId: string, token: string, messageId: string, body: ReplyInput): SimMessage {
    const interaction = this.#byLiveToken(applicationId, token);
    const message = this.#edit(this.#findMessage(interaction, messageId), body);
    this.#log.record({
      botUserId: interaction.botUserId,
      kind: 'interaction.edit',
      interactionId: interaction.id,
      channelId: interaction.channelId,
      messageId: message.id,
    });
    return message;
  }

  deleteMessage(applicationId: string, token: string, messageId: string): void {
    const interaction = this.#byLiveToken(applicationId, token);
    const message = this.#findMessage(interaction, messageId);
    this.#actions.deleteMessage(message.channelId, message.id);
    if (interaction.original === message) interaction.original = null;
    interaction.followups = interaction.followups.filter((m) => m !== message);
  }
}
