import type { SimActions } from './actions.ts';
import { DAY, generateHistory } from './generator-history.ts';
import {
  CATEGORY_NAMES,
  ROLE_NAMES,
  STAGE_CHANNEL_NAMES,
  TEXT_CHANNEL_NAMES,
  TextSource,
  VOICE_CHANNEL_NAMES,
} from './generator-text.ts';
import { DEFAULT_BOT_PERMISSIONS, OverwriteType, Permission } from './permissions.ts';
import { mulberry32, seedFrom } from './prng.ts';
import { timestampOf } from './snowflake.ts';
import type { SimState } from './state.ts';
import {
  ChannelType,
  type ChannelTypeValue,
  MessageType,
  type SimChannel,
  type SimGuild,
  type SimMember,
  type SimMessage,
  type SimRole,
} from './types.ts';

export interface CommunityOptions {
  seed?: number;
  name?: string;
  /** Members besides the owner and the bots. */
  members?: number;
  textChannels?: number;
  voiceChannels?: number;
  stageChannels?: number;
  categories?: number;
  threads?: number;
  roles?: number;
  /** Text channels only moderators can see (the bot cannot): history importers must skip them. */
  hiddenChannels?: number;
  history?: { messages?: number; days?: number; endAt?: number };
  reactionRate?: number;
  attachmentRate?: number;
  /** Share of messages written by a non-application helper bot. */
  botMessageRate?: number;
  mentionRate?: number;
  /** Type 7 "member joined" messages in the system channel for members who joined during the history. */
  joinMessages?: boolean;
  /** Zipf exponents: larger means a few users and channels carry more of the traffic. */
  userSkew?: number;
  channelSkew?: number;
}

export interface GeneratedCommunity {
  guild: SimGuild;
  ownerId: string;
  memberIds: string[];
  helperBotId: string;
  roles: SimRole[];
  moderatorRoleId: string;
  categories: SimChannel[];
  textChannels: SimChannel[];
  voiceChannels: SimChannel[];
  stageChannels: SimChannel[];
  threads: SimChannel[];
  hiddenChannels: SimChannel[];
  messages: number;
  startAt: number;
  endAt: number;
}

/**
 * Builds a guild with members, roles, channels, threads and message history, deterministic for a
 * seed and `history.endAt`. History goes straight into the store (it happened before any client
 * connected); the bots join last, so connected sessions receive one GUILD_CREATE.
 */
export function generateCommunity(
  state: SimState,
  actions: SimActions,
  options: CommunityOptions = {},
): GeneratedCommunity {
  const seed = options.seed ?? 1;
  const rng = mulberry32(seedFrom(seed, 'structure'));
  const text = new TextSource(mulberry32(seedFrom(seed, 'text')));
  const ids = state.snowflakes;
  const days = Math.max(1, options.history?.days ?? 30);
  const endAt = options.history?.endAt ?? Date.now() - 60_000;
  const startAt = endAt - days * DAY;
  const createdAt = startAt - 200 * DAY;
  const memberCount = Math.max(2, options.members ?? 50);

  const owner = state.addUser({
    id: ids.at(createdAt - DAY),
    username: 'founder',
    globalName: 'Founder',
    avatar: null,
    bot: false,
  });
  const guild = state.addGuild({
    id: ids.at(createdAt),
    name: options.name ?? 'Hearth Demo',
    ownerId: owner.id,
    icon: null,
    description: 'A simulated community',
    systemChannelId: null,
    afkChannelId: null,
    preferredLocale: 'en-US',
    features: ['COMMUNITY'],
  });
  let clock = createdAt;
  const nextId = (): string => {
    clock += 1000;
    return ids.at(clock);
  };

  const roleCount = Math.min(ROLE_NAMES.length, Math.max(1, options.roles ?? 5));
  const roles: SimRole[] = [];
  for (let i = 0; i < roleCount; i++) {
    const name = ROLE_NAMES[i] ?? `Role ${i}`;
    const moderator = i === 0;
    roles.push(
      state.addRole({
        id: nextId(),
        guildId: guild.id,
        name,
        color: rng.int(0, 0xffffff),
        hoist: moderator,
        position: roleCount - i,
        permissions: moderator
          ? Permission.ManageMessages | Permission.KickMembers | Permission.ModerateMembers
          : 0n,
        managed: false,
        mentionable: !moderator,
      }),
    );
  }
  const moderatorRole = roles[0] as SimRole;

  let position = 0;
  const channel = (
    name: string,
    type: ChannelTypeValue,
    parentId: string | null,
    extra: Partial<SimChannel> = {},
  ): SimChannel =>
    state.addChannel({
      id: nextId(),
      type,
      guildId: guild.id,
      name,
      position: position++,
      parentId,
      topic: null,
      nsfw: false,
      rateLimitPerUser: 0,
      overwrites: [],
      ...(type === ChannelType.GuildVoice || type === ChannelType.GuildStageVoice
        ? { bitrate: 64000, userLimit: 0 }
        : {}),
      ...extra,
    });
  const categories = Array.from({ length: Math.max(0, options.categories ?? 2) }, (_, i) =>
    channel(CATEGORY_NAMES[i] ?? `Category ${i}`, ChannelType.GuildCategory, null),
  );
  const parentFor = (i: number): string | null =>
    categories.length > 0 ? (categories[i % categories.length]?.id ?? null) : null;
  const textChannels = Array.from({ length: Math.max(1, options.textChannels ?? 6) }, (_, i) =>
    channel(
      TEXT_CHANNEL_NAMES[i] ?? `channel-${i}`,
      TEXT_CHANNEL_NAMES[i] === 'announcements' ? ChannelType.GuildAnnouncement : ChannelType.GuildText,
      parentFor(i),
      {
        topic: `Talk about ${TEXT_CHANNEL_NAMES[i] ?? 'anything'}`,
      },
    ),
  );
  const hiddenChannels = Array.from({ length: Math.max(0, options.hiddenChannels ?? 1) }, (_, i) =>
    channel(i === 0 ? 'mod-only' : `mod-only-${i}`, ChannelType.GuildText, parentFor(0), {
      overwrites: [
        { id: guild.id, type: OverwriteType.Role, allow: 0n, deny: Permission.ViewChannel },
        { id: moderatorRole.id, type: OverwriteType.Role, allow: Permission.ViewChannel, deny: 0n },
      ],
    }),
  );
  const voiceChannels = Array.from({ length: Math.max(0, options.voiceChannels ?? 2) }, (_, i) =>
    channel(VOICE_CHANNEL_NAMES[i] ?? `Voice ${i}`, ChannelType.GuildVoice, parentFor(i + 1)),
  );
  const stageChannels = Array.from({ length: Math.max(0, options.stageChannels ?? 1) }, (_, i) =>
    channel(STAGE_CHANNEL_NAMES[i] ?? `Stage ${i}`, ChannelType.GuildStageVoice, parentFor(i + 1)),
  );
  guild.systemChannelId = textChannels[0]?.id ?? null;

  // Members: most joined before the history window, some during it (they get join messages).
  const memberIds: string[] = [];
  const joinedAt: number[] = [];
  const members: SimMember[] = [
    {
      guildId: guild.id,
      userId: owner.id,
      nick: null,
      roles: [moderatorRole.id],
      joinedAt: createdAt,
      deaf: false,
      mute: false,
      pending: false,
      communicationDisabledUntil: null,
    },
  ];
  for (let i = 0; i < memberCount; i++) {
    const joined = rng.chance(0.85)
      ? createdAt + rng.next() * (startAt - createdAt)
      : startAt + rng.next() * (endAt - startAt);
    const names = text.username(i);
    const user = state.addUser({
      id: ids.at(joined - rng.int(1, 700) * DAY),
      username: names.username,
      globalName: names.globalName,
      avatar: null,
      bot: false,
    });
    const memberRoles = roles
      .filter((_role, k) => (k === 0 ? rng.chance(0.02) : rng.chance(0.15)))
      .map((r) => r.id);
    members.push({
      guildId: guild.id,
      userId: user.id,
      nick: rng.chance(0.1) ? `${names.globalName.split(' ')[0]}!` : null,
      roles: memberRoles,
      joinedAt: Math.floor(joined),
      deaf: false,
      mute: false,
      pending: false,
      communicationDisabledUntil: null,
    });
    memberIds.push(user.id);
    joinedAt.push(joined);
  }
  const helper = state.addUser({
    id: ids.at(createdAt + DAY),
    username: 'helper-bot',
    globalName: 'Helper Bot',
    avatar: null,
    bot: true,
  });
  members.push({
    guildId: guild.id,
    userId: helper.id,
    nick: null,
    roles: [],
    joinedAt: createdAt + DAY,
    deaf: false,
    mute: false,
    pending: false,
    communicationDisabledUntil: null,
  });
  state.addMembers(guild.id, members);

  const threadCount = Math.max(0, options.threads ?? 3);
  const threads = Array.from({ length: threadCount }, (_, i) => {
    const parent = textChannels[i % textChannels.length] as SimChannel;
    return state.addChannel({
      id: ids.at(startAt + rng.next() * (endAt - startAt) * 0.5),
      type: ChannelType.PublicThread,
      guildId: guild.id,
      name: `${text.sentence(3).slice(0, 40)}`,
      position: 0,
      parentId: parent.id,
      topic: null,
      nsfw: false,
      rateLimitPerUser: 0,
      overwrites: [],
      thread: {
        ownerId: rng.pick(memberIds),
        archived: false,
        archiveTimestamp: startAt,
        autoArchiveDuration: 1440,
        locked: false,
      },
    });
  });

  const messages = generateHistory(state, {
    seed,
    text,
    startAt,
    endAt,
    days,
    channels: [...textChannels, ...threads, ...hiddenChannels],
    memberIds,
    joinedAt,
    helperBotId: helper.id,
    options,
  });

  for (const thread of threads) {
    const last = state.messages.last(thread.id);
    if (thread.thread) {
      // Threads with a recent id order are newer; archive the ones idle for more than a day.
      thread.thread.archiveTimestamp = last ? timestampOf(last.id) : startAt;
      thread.thread.archived =
        endAt - thread.thread.archiveTimestamp > thread.thread.autoArchiveDuration * 60_000;
    }
  }

  if (options.joinMessages ?? true) {
    const joins: SimMessage[] = [];
    memberIds.forEach((userId, i) => {
      const at = joinedAt[i] ?? 0;
      if (at >= startAt && guild.systemChannelId) {
        joins.push({
          id: ids.at(at),
          channelId: guild.systemChannelId,
          guildId: guild.id,
          authorId: userId,
          content: '',
          type: MessageType.UserJoin,
          editedAt: null,
          flags: 0,
        });
      }
    });
    state.messages.insertMany(joins);
  }

  for (const bot of state.bots) {
    const role = actions.createRole(guild.id, {
      name: bot.name,
      managed: true,
      permissions: DEFAULT_BOT_PERMISSIONS,
      position: roleCount + 1,
    });
    actions.addMember(guild.id, bot.userId, { roles: [role.id], joinedAt: createdAt + 2 * DAY });
  }

  return {
    guild,
    ownerId: owner.id,
    memberIds,
    helperBotId: helper.id,
    roles,
    moderatorRoleId: moderatorRole.id,
    categories,
    textChannels,
    voiceChannels,
    stageChannels,
    threads,
    hiddenChannels,
    messages,
    startAt,
    endAt,
  };
}
