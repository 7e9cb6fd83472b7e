import { isRecord } from './json.ts';
import {
  channelToApi,
  memberToApi,
  partialMemberToApi,
  roleToApi,
  userToApi,
  type Wire,
} from './serialize.ts';
import type { SimState } from './state.ts';
import type { JsonValue, SimCommand } from './types.ts';

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

export const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  Autocomplete: 4,
  ModalSubmit: 5,
} as const;
export const CallbackType = {
  Pong: 1,
  ChannelMessage: 4,
  DeferredChannelMessage: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

export type OptionValue = string | number | boolean;

interface OptionDef {
  name: string;
  type: number;
  options: OptionDef[];
}

function toDefs(list: readonly JsonValue[] | undefined): OptionDef[] {
  const out: OptionDef[] = [];
  for (const o of list ?? []) {
    if (!isRecord(o) || typeof o.name !== 'string' || typeof o.type !== 'number') continue;
    out.push({
      name: o.name,
      type: o.type,
      options: toDefs(Array.isArray(o.options) ? o.options : undefined),
    });
  }
  return out;
}

function inferType(value: OptionValue): number {
  if (typeof value === 'boolean') return OptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  return OptionType.String;
}

export interface CommandOptionsInput {
  options?: Record<string, OptionValue>;
  subcommand?: string;
  group?: string;
}

/**
 * Builds `data.options` and `data.resolved` for a slash command the way Discord does, typing each
 * value from the registered command definition (or from the JS value when it is not registered).
 */
export function buildCommandOptions(
  state: SimState,
  command: SimCommand | undefined,
  guildId: string | null,
  input: CommandOptionsInput,
): { options: Wire[]; resolved: Wire | null } {
  let defs = toDefs(command?.options);
  if (input.group) defs = defs.find((d) => d.name === input.group)?.options ?? [];
  if (input.subcommand) defs = defs.find((d) => d.name === input.subcommand)?.options ?? [];
  const resolved: Record<string, Record<string, unknown>> = {};
  const add = (kind: string, id: string, value: unknown): void => {
    resolved[kind] ??= {};
    (resolved[kind] as Record<string, unknown>)[id] = value;
  };
  const leaf: Wire[] = [];
  for (const [name, raw] of Object.entries(input.options ?? {})) {
    const type = defs.find((d) => d.name === name)?.type ?? inferType(raw);
    let value: OptionValue = raw;
    if (type === OptionType.Integer) value = Math.trunc(Number(raw));
    else if (type === OptionType.Number) value = Number(raw);
    else if (type === OptionType.Boolean) value = raw === true || raw === 'true';
    else value = String(raw);
    const id = String(value);
    if (type === OptionType.User || type === OptionType.Mentionable) {
      const user = state.users.get(id);
      if (user) {
        add('users', id, userToApi(user));
        const member = guildId ? state.member(guildId, id) : undefined;
        if (member)
          add('members', id, {
            ...partialMemberToApi(member),
            permissions: state.guildPermissions(guildId ?? '', id).toString(),
          });
      }
    }
    if (type === OptionType.Role || type === OptionType.Mentionable) {
      const role = state.roles.get(id);
      if (role) add('roles', id, roleToApi(role));
    }
    if (type === OptionType.Channel) {
      const channel = state.channels.get(id);
      if (channel) add('channels', id, { ...channelToApi(state, channel), permissions: '0' });
    }
    leaf.push({ name, type, value });
  }
  let options: Wire[] = leaf;
  if (input.subcommand) options = [{ name: input.subcommand, type: OptionType.Subcommand, options: leaf }];
  if (input.group) options = [{ name: input.group, type: OptionType.SubcommandGroup, options }];
  return { options, resolved: Object.keys(resolved).length > 0 ? resolved : null };
}

/** The fields every interaction carries: who, where, and what the app may do there. */
export function interactionBase(
  state: SimState,
  args: {
    id: string;
    token: string;
    type: number;
    applicationId: string;
    botUserId: string;
    userId: string;
    channelId: string;
    /** The user's Discord client language; Discord always sends one. */
    locale?: string | undefined;
  },
): Wire {
  const channel = state.channels.get(args.channelId);
  const guildId = channel?.guildId ?? null;
  const out: Wire = {
    id: args.id,
    application_id: args.applicationId,
    type: args.type,
    token: args.token,
    version: 1,
    channel_id: args.channelId,
    app_permissions: state.channelPermissions(args.channelId, args.botUserId).toString(),
    locale: args.locale ?? 'en-US',
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (channel) out.channel = channelToApi(state, channel);
  if (guildId) {
    out.guild_id = guildId;
    const guild = state.guilds.get(guildId);
    const guildLocale = guild?.preferredLocale ?? 'en-US';
    out.guild = { id: guildId, locale: guildLocale, features: [...(guild?.features ?? [])] };
    out.guild_locale = guildLocale;
    out.context = 0;
    out.authorizing_integration_owners = { '0': guildId };
    const member = state.member(guildId, args.userId);
    if (member) {
      out.member = {
        ...memberToApi(state, member),
        permissions: state.channelPermissions(args.channelId, args.userId).toString(),
      };
    }
  } else {
    const user = state.users.get(args.userId);
    if (user) out.user = userToApi(user);
    out.context = 1;
    out.authorizing_integration_owners = { '1': args.userId };
  }
  return out;
}
