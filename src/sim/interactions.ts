import { randomBytes } from 'node:crypto';
import type { SimActions } from './actions.ts';
import type { BotActionLog, EventSink } from './events.ts';
import {
  buildCommandOptions,
  InteractionType,
  interactionBase,
  type OptionValue,
} from './interaction-payloads.ts';
import { InteractionResponder } from './interaction-responses.ts';
import { findComponent, type MessageBody } from './message-body.ts';
import { DiscordHttpError, ErrorCode, unknown } from './rest/errors.ts';
import { messageToApi, type Wire } from './serialize.ts';
import type { SimState } from './state.ts';
import type { SimBot, SimMessage } from './types.ts';

export { CallbackType, InteractionType } from './interaction-payloads.ts';

export interface InteractionCallbackRecord {
  at: number;
  type: number;
  data: Wire | null;
}

export interface SimInteraction {
  id: string;
  token: string;
  type: number;
  applicationId: string;
  botUserId: string;
  userId: string;
  guildId: string | null;
  channelId: string;
  createdAt: number;
  name: string | null;
  customId: string | null;
  sourceMessageId: string | null;
  payload: Wire;
  acknowledged: boolean;
  callbacks: InteractionCallbackRecord[];
  /** The reply (type 4/5) or, for components, the message the component is on. */
  original: SimMessage | null;
  followups: SimMessage[];
  modal: Wire | null;
  autocompleteChoices: Wire[] | null;
}

export interface InteractionTiming {
  /** Discord's 3 s to acknowledge. */
  responseTimeoutMs: number;
  /** Discord's 15 min token lifetime for follow-ups and edits. */
  tokenLifetimeMs: number;
}

export interface ReplyInput extends MessageBody {
  mentionIds?: string[];
}

/** Interactions made by simulated users and what the bot answered to them. */
export class InteractionService {
  readonly #byId = new Map<string, SimInteraction>();
  readonly #byToken = new Map<string, SimInteraction>();
  readonly #state: SimState;
  readonly #sink: EventSink;
  /** Callbacks, follow-ups and @original edits (the REST side). */
  readonly responses: InteractionResponder;

  constructor(
    state: SimState,
    actions: SimActions,
    sink: EventSink,
    log: BotActionLog,
    timing: InteractionTiming,
  ) {
    this.#state = state;
    this.#sink = sink;
    this.responses = new InteractionResponder(this, state, actions, log, timing);
  }

  get(id: string): SimInteraction | undefined {
    return this.#byId.get(id);
  }

  byToken(token: string): SimInteraction | undefined {
    return this.#byToken.get(token);
  }

  list(): SimInteraction[] {
    return [...this.#byId.values()];
  }

  #bot(applicationId?: string): SimBot {
    const bot = applicationId ? this.#state.botByApplication(applicationId) : this.#state.primaryBot;
    if (!bot) throw unknown.application();
    return bot;
  }

  #create(
    type: number,
    args: {
      userId: string;
      channelId: string;
      applicationId?: string;
      name?: string;
      customId?: string;
      sourceMessageId?: string;
      locale?: string | undefined;
    },
    data: Wire,
    extra: Wire = {},
  ): SimInteraction {
    const channel = this.#state.channels.get(args.channelId);
    if (!channel) throw unknown.channel();
    if (!this.#state.users.has(args.userId)) throw unknown.user();
    if (channel.guildId && !this.#state.member(channel.guildId, args.userId)) throw unknown.member();
    const bot = this.#bot(args.applicationId);
    const id = this.#state.snowflakes.next();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;
    const payload = {
      ...interactionBase(this.#state, {
        id,
        token,
        type,
        applicationId: bot.applicationId,
        botUserId: bot.userId,
        userId: args.userId,
        channelId: args.channelId,
        locale: args.locale,
      }),
      data,
      ...extra,
    };
    const interaction: SimInteraction = {
      id,
      token,
      type,
      applicationId: bot.applicationId,
      botUserId: bot.userId,
      userId: args.userId,
      guildId: channel.guildId,
      channelId: args.channelId,
      createdAt: Date.now(),
      name: args.name ?? null,
      customId: args.customId ?? null,
      sourceMessageId: args.sourceMessageId ?? null,
      payload,
      acknowledged: false,
      callbacks: [],
      original: null,
      followups: [],
      modal: null,
      autocompleteChoices: null,
    };
    this.#byId.set(id, interaction);
    this.#byToken.set(token, interaction);
    this.#sink.dispatch({
      t: 'INTERACTION_CREATE',
      d: payload,
      guildId: channel.guildId,
      applicationId: bot.applicationId,
      recipientIds: [bot.userId],
    });
    return interaction;
  }

  /** A user runs a slash command; guild commands win over global ones with the same name. */
  invokeCommand(args: {
    userId: string;
    channelId: string;
    name: string;
    options?: Record<string, OptionValue>;
    subcommand?: string;
    group?: string;
    applicationId?: string;
    /** The user's client language (`locale`), `en-US` when not given. */
    locale?: string;
  }): SimInteraction {
    const bot = this.#bot(args.applicationId);
    const guildId = this.#state.channels.get(args.channelId)?.guildId ?? null;
    const commands = [...this.#state.commands.values()].filter(
      (c) => c.applicationId === bot.applicationId && c.name === args.name,
    );
    const command = commands.find((c) => c.guildId === guildId) ?? commands.find((c) => c.guildId === null);
    const { options, resolved } = buildCommandOptions(this.#state, command, guildId, args);
    const data: Wire = {
      id: command?.id ?? this.#state.snowflakes.next(),
      name: args.name,
      type: command?.type ?? 1,
    };
    if (options.length > 0) data.options = options;
    if (resolved) data.resolved = resolved;
    if (command?.guildId) data.guild_id = command.guildId;
    return this.#create(
      InteractionType.ApplicationCommand,
      { ...args, applicationId: bot.applicationId },
      data,
    );
  }

  /** A user clicks a button or picks select menu values on a message the bot sent. */
  interactWithComponent(args: {
    userId: string;
    channelId: string;
    messageId: string;
    customId: string;
    values?: string[];
    locale?: string;
  }): SimInteraction {
    const message = this.#state.findMessage(args.channelId, args.messageId);
    if (!message) throw unknown.message();
    const component = findComponent(message.components, args.customId);
    if (!component) {
      throw new DiscordHttpError(
        400,
        ErrorCode.InvalidFormBody,
        `Message ${message.id} has no component with custom_id ${args.customId}`,
      );
    }
    const componentType = typeof component.type === 'number' ? component.type : 2;
    const data: Wire = { custom_id: args.customId, component_type: componentType };
    if (componentType !== 2) data.values = args.values ?? [];
    const applicationId =
      message.applicationId ?? this.#state.bots.find((b) => b.userId === message.authorId)?.applicationId;
    return this.#create(
      InteractionType.MessageComponent,
      {
        ...args,
        customId: args.customId,
        sourceMessageId: message.id,
        ...(applicationId ? { applicationId } : {}),
      },
      data,
      { message: messageToApi(this.#state, message) },
    );
  }

  /** A user submits a modal; with `interactionId` it answers the modal that interaction's callback opened. */
  submitModal(args: {
    userId: string;
    channelId?: string;
    interactionId?: string;
    customId?: string;
    fields: Record<string, string>;
    locale?: string;
  }): SimInteraction {
    const source = args.interactionId ? this.#byId.get(args.interactionId) : undefined;
    if (args.interactionId && !source) throw unknown.interaction();
    const customId =
      args.customId ??
      (source?.modal && typeof source.modal.custom_id === 'string' ? source.modal.custom_id : undefined);
    const channelId = args.channelId ?? source?.channelId;
    if (!customId || !channelId) {
      throw new DiscordHttpError(
        400,
        ErrorCode.InvalidFormBody,
        'A modal submission needs customId and channelId, or the interactionId that opened the modal',
      );
    }
    const data: Wire = {
      custom_id: customId,
      components: Object.entries(args.fields).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      })),
    };
    const sourceMessage = source?.sourceMessageId
      ? this.#state.findMessage(channelId, source.sourceMessageId)
      : undefined;
    return this.#create(
      InteractionType.ModalSubmit,
      {
        userId: args.userId,
        channelId,
        customId,
        locale: args.locale,
        ...(source ? { applicationId: source.applicationId } : {}),
        ...(sourceMessage ? { sourceMessageId: sourceMessage.id } : {}),
      },
      data,
      sourceMessage ? { message: messageToApi(this.#state, sourceMessage) } : {},
    );
  }

  /** A JSON view for the control API: the interaction, every callback, the reply and follow-ups. */
  view(interaction: SimInteraction): Wire {
    const message = (m: SimMessage): Wire => messageToApi(this.#state, m);
    return {
      id: interaction.id,
      type: interaction.type,
      name: interaction.name,
      customId: interaction.customId,
      userId: interaction.userId,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      acknowledged: interaction.acknowledged,
      callbacks: interaction.callbacks,
      original: interaction.original ? message(interaction.original) : null,
      followups: interaction.followups.map(message),
      modal: interaction.modal,
      autocompleteChoices: interaction.autocompleteChoices,
    };
  }
}
