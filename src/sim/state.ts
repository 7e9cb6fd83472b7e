import { MessageStore } from './message-store.ts';
import {
  ALL_PERMISSIONS,
  computeBasePermissions,
  computeChannelPermissions,
  DEFAULT_EVERYONE_PERMISSIONS,
  type PermissionSubject,
} from './permissions.ts';
import { compareSnowflakes, SnowflakeFactory } from './snowflake.ts';
import type {
  SimBot,
  SimChannel,
  SimCommand,
  SimGuild,
  SimMember,
  SimMessage,
  SimRole,
  SimUser,
  SimVoiceState,
} from './types.ts';

/** Inserts into an array of snowflakes kept sorted, so member lists page by `after` with a binary search. */
function sortedInsert(list: string[], id: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareSnowflakes(list[mid] as string, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== id) list.splice(lo, 0, id);
}

function sortedRemove(list: string[], id: string): void {
  const i = sortedIndexAfter(list, id) - 1;
  if (i >= 0 && list[i] === id) list.splice(i, 1);
}

/** Index of the first id greater than `id`. */
function sortedIndexAfter(list: readonly string[], id: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareSnowflakes(list[mid] as string, id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The whole simulated Discord in memory; it knows nothing about HTTP or the gateway. */
const EPHEMERAL_KEPT = 10_000;

export class SimState {
  readonly snowflakes: SnowflakeFactory;
  readonly users = new Map<string, SimUser>();
  readonly guilds = new Map<string, SimGuild>();
  readonly roles = new Map<string, SimRole>();
  readonly channels = new Map<string, SimChannel>();
  readonly messages = new MessageStore();
  /** Ephemeral replies live outside channel history but their buttons can still be clicked. */
  readonly ephemeral = new Map<string, SimMessage>();
  readonly commands = new Map<string, SimCommand>();
  readonly bots: SimBot[] = [];

  rememberEphemeral(message: SimMessage): void {
    this.ephemeral.set(message.id, message);
    if (this.ephemeral.size > EPHEMERAL_KEPT) {
      const oldest = this.ephemeral.keys().next().value;
      if (oldest !== undefined) this.ephemeral.delete(oldest);
    }
  }

  /** A message in a channel's history, or an ephemeral reply shown there. */
  findMessage(channelId: string, messageId: string): SimMessage | undefined {
    const ephemeral = this.ephemeral.get(messageId);
    return (
      this.messages.get(channelId, messageId) ?? (ephemeral?.channelId === channelId ? ephemeral : undefined)
    );
  }
  readonly #guildRoles = new Map<string, string[]>();
  readonly #guildChannels = new Map<string, string[]>();
  readonly #members = new Map<string, Map<string, SimMember>>();
  readonly #memberOrder = new Map<string, string[]>();
  readonly #voice = new Map<string, Map<string, SimVoiceState>>();
  readonly #dmByPair = new Map<string, string>();

  constructor(now: () => number = Date.now) {
    this.snowflakes = new SnowflakeFactory(now);
  }

  // ---- users and bots ----

  addUser(user: SimUser): SimUser {
    this.users.set(user.id, user);
    return user;
  }

  addBot(bot: SimBot): void {
    this.bots.push(bot);
  }

  botByToken(token: string): SimBot | undefined {
    return this.bots.find((b) => b.token === token);
  }

  botByApplication(applicationId: string): SimBot | undefined {
    return this.bots.find((b) => b.applicationId === applicationId);
  }

  get primaryBot(): SimBot {
    const bot = this.bots[0];
    if (!bot) throw new Error('the simulator has no bot');
    return bot;
  }

  // ---- guilds, roles, channels ----

  addGuild(guild: SimGuild, everyonePermissions: bigint = DEFAULT_EVERYONE_PERMISSIONS): SimGuild {
    this.guilds.set(guild.id, guild);
    this.#guildRoles.set(guild.id, []);
    this.#guildChannels.set(guild.id, []);
    this.#members.set(guild.id, new Map());
    this.#memberOrder.set(guild.id, []);
    this.#voice.set(guild.id, new Map());
    this.addRole({
      id: guild.id,
      guildId: guild.id,
      name: '@everyone',
      color: 0,
      hoist: false,
      position: 0,
      permissions: everyonePermissions,
      managed: false,
      mentionable: false,
    });
    return guild;
  }

  addRole(role: SimRole): SimRole {
    this.roles.set(role.id, role);
    const list = this.#guildRoles.get(role.guildId);
    if (list && !list.includes(role.id)) list.push(role.id);
    return role;
  }

  removeRole(roleId: string): void {
    const role = this.roles.get(roleId);
    if (!role) return;
    this.roles.delete(roleId);
    const list = this.#guildRoles.get(role.guildId);
    if (list) list.splice(list.indexOf(roleId), 1);
    for (const member of this.#members.get(role.guildId)?.values() ?? []) {
      member.roles = member.roles.filter((r) => r !== roleId);
    }
  }

  guildRoles(guildId: string): SimRole[] {
    const out: SimRole[] = [];
    for (const id of this.#guildRoles.get(guildId) ?? []) {
      const role = this.roles.get(id);
      if (role) out.push(role);
    }
    return out;
  }

  addChannel(channel: SimChannel): SimChannel {
    this.channels.set(channel.id, channel);
    if (channel.guildId) this.#guildChannels.get(channel.guildId)?.push(channel.id);
    return channel;
  }

  removeChannel(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    this.channels.delete(channelId);
    this.messages.dropChannel(channelId);
    if (channel.guildId) {
      const list = this.#guildChannels.get(channel.guildId);
      if (list) list.splice(list.indexOf(channelId), 1);
    }
  }

  /** Channels and threads of a guild, in creation order. */
  guildChannels(guildId: string): SimChannel[] {
    const out: SimChannel[] = [];
    for (const id of this.#guildChannels.get(guildId) ?? []) {
      const channel = this.channels.get(id);
      if (channel) out.push(channel);
    }
    return out;
  }

  dmChannelFor(a: string, b: string): SimChannel | undefined {
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    const id = this.#dmByPair.get(key);
    return id ? this.channels.get(id) : undefined;
  }

  addDmChannel(channel: SimChannel): SimChannel {
    const [a, b] = channel.recipientIds ?? [];
    if (a && b) this.#dmByPair.set(a < b ? `${a}:${b}` : `${b}:${a}`, channel.id);
    this.channels.set(channel.id, channel);
    return channel;
  }

  // ---- members ----

  addMember(member: SimMember): SimMember {
    const members = this.#members.get(member.guildId);
    if (!members) throw new Error(`unknown guild ${member.guildId}`);
    members.set(member.userId, member);
    const order = this.#memberOrder.get(member.guildId);
    if (order) sortedInsert(order, member.userId);
    return member;
  }

  /** Bulk load for the generator: one sort instead of a sorted insert per member. */
  addMembers(guildId: string, members: readonly SimMember[]): void {
    const map = this.#members.get(guildId);
    const order = this.#memberOrder.get(guildId);
    if (!map || !order) throw new Error(`unknown guild ${guildId}`);
    for (const member of members) {
      if (!map.has(member.userId)) order.push(member.userId);
      map.set(member.userId, member);
    }
    order.sort(compareSnowflakes);
  }

  removeMember(guildId: string, userId: string): SimMember | undefined {
    const members = this.#members.get(guildId);
    const member = members?.get(userId);
    if (!members || !member) return undefined;
    members.delete(userId);
    const order = this.#memberOrder.get(guildId);
    if (order) sortedRemove(order, userId);
    return member;
  }

  member(guildId: string, userId: string): SimMember | undefined {
    return this.#members.get(guildId)?.get(userId);
  }

  memberCount(guildId: string): number {
    return this.#members.get(guildId)?.size ?? 0;
  }

  members(guildId: string): IterableIterator<SimMember> {
    return (this.#members.get(guildId) ?? new Map<string, SimMember>()).values();
  }

  /** Members ordered by user id, strictly after `after`: how `GET /guilds/{id}/members` pages. */
  membersAfter(guildId: string, after: string, limit: number): SimMember[] {
    const order = this.#memberOrder.get(guildId) ?? [];
    const members = this.#members.get(guildId);
    const start = sortedIndexAfter(order, after);
    const out: SimMember[] = [];
    for (let i = start; i < order.length && out.length < limit; i++) {
      const member = members?.get(order[i] as string);
      if (member) out.push(member);
    }
    return out;
  }

  guildsOfUser(userId: string): SimGuild[] {
    const out: SimGuild[] = [];
    for (const guild of this.guilds.values()) {
      if (this.#members.get(guild.id)?.has(userId)) out.push(guild);
    }
    return out;
  }

  // ---- voice ----

  voiceStates(guildId: string): IterableIterator<SimVoiceState> {
    return (this.#voice.get(guildId) ?? new Map<string, SimVoiceState>()).values();
  }

  voiceState(guildId: string, userId: string): SimVoiceState | undefined {
    return this.#voice.get(guildId)?.get(userId);
  }

  setVoiceState(state: SimVoiceState): void {
    this.#voice.get(state.guildId)?.set(state.userId, state);
  }

  clearVoiceState(guildId: string, userId: string): SimVoiceState | undefined {
    const map = this.#voice.get(guildId);
    const state = map?.get(userId);
    map?.delete(userId);
    return state;
  }

  // ---- permissions ----

  #subject(guildId: string, userId: string): PermissionSubject | undefined {
    const guild = this.guilds.get(guildId);
    const member = this.member(guildId, userId);
    if (!guild || !member) return undefined;
    return {
      guildId,
      ownerId: guild.ownerId,
      userId,
      roleIds: member.roles,
      rolePermissions: (roleId) => this.roles.get(roleId)?.permissions,
    };
  }

  guildPermissions(guildId: string, userId: string): bigint {
    const subject = this.#subject(guildId, userId);
    return subject ? computeBasePermissions(subject) : 0n;
  }

  /** Threads take their parent's overwrites; DMs grant everything to their recipients. */
  channelPermissions(channelId: string, userId: string): bigint {
    const channel = this.channels.get(channelId);
    if (!channel) return 0n;
    if (!channel.guildId) return channel.recipientIds?.includes(userId) ? ALL_PERMISSIONS : 0n;
    const subject = this.#subject(channel.guildId, userId);
    if (!subject) return 0n;
    const source = channel.thread && channel.parentId ? this.channels.get(channel.parentId) : channel;
    return computeChannelPermissions(subject, source?.overwrites ?? channel.overwrites);
  }

  /** Position of a member's highest role: Discord lets a member manage only roles below it. */
  highestRolePosition(guildId: string, userId: string): number {
    const guild = this.guilds.get(guildId);
    if (guild?.ownerId === userId) return Number.POSITIVE_INFINITY;
    let highest = 0;
    for (const roleId of this.member(guildId, userId)?.roles ?? []) {
      highest = Math.max(highest, this.roles.get(roleId)?.position ?? 0);
    }
    return highest;
  }
}
