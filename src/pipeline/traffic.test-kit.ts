/**
 * Random community traffic for property tests of the pipeline (imported by *.test.ts only): a few
 * guilds with the same members, channels under a category, voice channels and roles; messages,
 * edits, deletions, reactions, member joins, updates and leaves, voice states, guild snapshots and
 * member chunks, channel and role changes, and redeliveries of earlier events. Actions are drawn by
 * fast-check and played in order against a small model, so that events look like Discord's: a
 * reaction or an edit names a message that was posted, a copy of an event is the same event, and
 * time moves forward (except history imports, which are in the past).
 */
import fc from 'fast-check';
import type { ChannelSnapshot, DomainEvent, GuildSnapshot, MemberSnapshot, RoleSnapshot } from './events.ts';

export const GUILDS = ['900000000000000001', '900000000000000002'] as const;
/** Members of every guild; the last one is a bot. */
export const USERS = Array.from({ length: 7 }, (_, i) => `80000000000000000${i}`);
const BOT = USERS.length - 1;

/** Channel `n` of guild `guild` (indices into GUILDS). */
export const channelId = (guild: number, n: number) => `91000000000000${guild}00${n}`;
export const roleId = (guild: number, n: number) => `92000000000000${guild}00${n}`;

/** Per guild: a category, a text channel in it, one outside, and two voice channels. */
export const CATEGORY = 0;
const TEXT = [1, 2];
const VOICE = [3, 4];
/** The role that guild 0's settings exclude from karma (see the property test). */
export const NO_KARMA_ROLE = 0;

type Action =
  | { kind: 'post'; guild: number; user: number; channel: number; text: number; flags: number; gap: number }
  | { kind: 'edit' | 'delete' | 'replay'; pick: number; gap: number }
  | { kind: 'react'; pick: number; user: number; emoji: number; add: boolean; gap: number }
  | {
      kind: 'member';
      guild: number;
      user: number;
      change: 'join' | 'update' | 'leave';
      roles: number;
      gap: number;
    }
  | { kind: 'voice'; guild: number; user: number; channel: number; flags: number; gap: number }
  | { kind: 'snapshot'; guild: number; full: boolean; members: number; gap: number }
  | { kind: 'structure'; guild: number; target: number; deleted: boolean; gap: number };

const gap = fc.integer({ min: 1, max: 300 });
const guild = fc.integer({ min: 0, max: GUILDS.length - 1 });
const user = fc.integer({ min: 0, max: USERS.length - 1 });
// Small numbers that the playing picks from by remainder: counterexamples stay readable.
const any = fc.nat({ max: 127 });

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      guild,
      user,
      channel: any,
      text: any,
      flags: any,
      gap,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom('edit' as const, 'delete' as const, 'replay' as const),
      pick: any,
      gap,
    }),
  },
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('react' as const),
      pick: any,
      user,
      emoji: fc.integer({ min: 0, max: 1 }),
      add: fc.boolean(),
      gap,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('member' as const),
      guild,
      user,
      change: fc.constantFrom('join' as const, 'update' as const, 'leave' as const),
      roles: any,
      gap,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('voice' as const), guild, user, channel: any, flags: any, gap }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('snapshot' as const),
      guild,
      full: fc.boolean(),
      members: any,
      gap,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('structure' as const),
      guild,
      target: any,
      deleted: fc.boolean(),
      gap,
    }),
  },
);

/** Batches of actions, each written as one round of the pipeline. */
export const batchesOfActions = fc.array(fc.array(action, { minLength: 20, maxLength: 120 }), {
  minLength: 1,
  maxLength: 4,
});

interface Posted {
  messageId: string;
  guildId: string;
  channelId: string;
  authorId: string;
  authorIsBot: boolean;
  /** Whether the bot still has it cached when it is deleted (then the deletion names the author). */
  cached: boolean;
}

/** Plays actions into domain events, keeping what Discord would know (posted messages, voice, roles). */
export class Traffic {
  readonly #posted: Posted[] = [];
  readonly #emitted: DomainEvent[] = [];
  readonly #inVoice = GUILDS.map(() => new Map<number, number>());
  readonly #roles = GUILDS.map(() => new Map<number, string[]>());
  readonly #deleted = GUILDS.map(() => new Set<string>());
  #clock: number;
  #sequence = 0;

  constructor(start: Date) {
    this.#clock = start.getTime();
  }

  play(actions: readonly Action[]): DomainEvent[] {
    const events: DomainEvent[] = [];
    for (const a of actions) {
      this.#clock += a.gap * 1000;
      for (const event of this.#eventsOf(a)) {
        events.push(event);
        this.#emitted.push(event);
      }
    }
    return events;
  }

  #eventsOf(a: Action): DomainEvent[] {
    const at = new Date(this.#clock);
    switch (a.kind) {
      case 'post':
        return [this.#post(a, at)];
      case 'edit': {
        const m = this.#pick(a.pick);
        if (!m) return [];
        return [
          {
            kind: 'message.updated',
            id: `mu:${m.messageId}:${at.getTime()}`,
            guildId: m.guildId,
            at,
            source: 'live',
            messageId: m.messageId,
            channelId: m.channelId,
            userId: m.authorId,
            authorIsBot: m.authorIsBot,
          },
        ];
      }
      case 'delete': {
        const m = this.#pick(a.pick);
        if (!m) return [];
        return [
          {
            kind: 'message.deleted',
            id: `md:${m.messageId}`,
            guildId: m.guildId,
            at,
            source: 'live',
            messageId: m.messageId,
            channelId: m.channelId,
            userId: m.cached ? m.authorId : null,
          },
        ];
      }
      case 'replay': {
        const earlier = this.#emitted[a.pick % Math.max(1, this.#emitted.length)];
        return earlier ? [earlier] : [];
      }
      case 'react': {
        const m = this.#pick(a.pick);
        if (!m) return [];
        const userId = USERS[a.user] as string;
        const emoji = a.emoji === 0 ? '👍' : '🎉';
        return [
          {
            kind: a.add ? 'reaction.added' : 'reaction.removed',
            id: `${a.add ? 'ra' : 'rr'}:${m.messageId}:${userId}:${emoji}`,
            guildId: m.guildId,
            at,
            source: 'live',
            messageId: m.messageId,
            channelId: m.channelId,
            userId,
            userIsBot: a.user === BOT,
            // Discord names the author when a reaction is added, never when it is removed.
            messageAuthorId: a.add ? m.authorId : null,
            emoji,
          },
        ];
      }
      case 'member':
        return [this.#member(a, at)];
      case 'voice':
        return [this.#voice(a.guild, a.user, a.channel % (VOICE.length + 1), a.flags, at)];
      case 'snapshot':
        return this.#snapshot(a, at);
      case 'structure':
        return [this.#structure(a, at)];
    }
  }

  #post(a: Action & { kind: 'post' }, at: Date): DomainEvent {
    this.#sequence++;
    const messageId = `7${String(this.#sequence).padStart(17, '0')}`;
    const guildId = GUILDS[a.guild] as string;
    const bot = a.user === BOT;
    const backfill = a.flags % 10 === 0;
    const posted: Posted = {
      messageId,
      guildId,
      channelId: channelId(a.guild, TEXT[a.channel % TEXT.length] as number),
      authorId: USERS[a.user] as string,
      authorIsBot: bot,
      cached: a.flags % 3 !== 0,
    };
    this.#posted.push(posted);
    return {
      kind: 'message.created',
      id: `m:${messageId}`,
      guildId,
      // History imports walk the past: two days back, out of this week's quests.
      at: backfill ? new Date(at.getTime() - 2 * 86_400_000) : at,
      source: backfill ? 'backfill' : 'live',
      messageId,
      channelId: posted.channelId,
      userId: posted.authorId,
      authorIsBot: bot,
      system: a.flags % 17 === 1,
      words: a.text % 12,
      attachments: a.text % 5 === 0 ? 1 : 0,
      isReply: a.flags % 4 === 1,
      ...(backfill && a.flags % 20 === 10 ? { karma: false } : {}),
    };
  }

  #pick(n: number): Posted | undefined {
    return this.#posted[n % Math.max(1, this.#posted.length)];
  }

  #member(a: Action & { kind: 'member' }, at: Date): DomainEvent {
    const guildId = GUILDS[a.guild] as string;
    if (a.change === 'leave') {
      this.#roles[a.guild]?.delete(a.user);
      return { kind: 'member.left', id: null, guildId, at, source: 'live', userId: USERS[a.user] as string };
    }
    const roleIds = [0, 1].filter((n) => (a.roles >> n) & 1).map((n) => roleId(a.guild, n));
    this.#roles[a.guild]?.set(a.user, roleIds);
    const member = this.#memberSnapshot(a.guild, a.user);
    if (a.change === 'join') {
      const joinedAt = at;
      return {
        kind: 'member.joined',
        id: `mj:${guildId}:${member.userId}:${joinedAt.getTime()}`,
        guildId,
        at,
        source: 'live',
        member: { ...member, joinedAt },
      };
    }
    return { kind: 'member.updated', id: null, guildId, at, source: 'live', member };
  }

  #memberSnapshot(guild: number, user: number): MemberSnapshot {
    const userId = USERS[user] as string;
    return {
      userId,
      username: `user${user}`,
      displayName: user % 2 === 0 ? `Member ${user}` : null,
      avatar: null,
      isBot: user === BOT,
      roleIds: this.#roles[guild]?.get(user) ?? [],
      joinedAt: new Date('2026-01-01T00:00:00Z'),
    };
  }

  /** `slot` 0 leaves voice, 1.. is a voice channel. */
  #voice(guild: number, user: number, slot: number, flags: number, at: Date): DomainEvent {
    const voice = this.#inVoice[guild] as Map<number, number>;
    if (slot === 0) voice.delete(user);
    else voice.set(user, slot);
    return {
      kind: 'voice.state',
      id: null,
      guildId: GUILDS[guild] as string,
      at,
      source: 'live',
      userId: USERS[user] as string,
      channelId: slot === 0 ? null : channelId(guild, VOICE[slot - 1] as number),
      sessionId: `session-${user}`,
      selfMute: flags % 5 === 1,
      selfDeaf: flags % 11 === 2,
      mute: false,
      deaf: false,
      isBot: user === BOT,
    };
  }

  #channels(guild: number): ChannelSnapshot[] {
    const all = [CATEGORY, ...TEXT, ...VOICE].map((n) => ({
      id: channelId(guild, n),
      name: `channel-${n}`,
      type: n === CATEGORY ? 4 : VOICE.includes(n) ? 2 : 0,
      parentId: n === CATEGORY || n === 2 || n === 4 ? null : channelId(guild, CATEGORY),
      position: n,
    }));
    return all.filter((c) => !this.#deleted[guild]?.has(c.id));
  }

  #role(guild: number, n: number): RoleSnapshot {
    return {
      id: roleId(guild, n),
      name: `role-${n}`,
      permissions: '0',
      position: n + 1,
      color: 0,
      managed: false,
    };
  }

  /** GUILD_CREATE (guild, channels, roles, everyone, who is in voice, then their voice states) or a member chunk. */
  #snapshot(a: Action & { kind: 'snapshot' }, at: Date): DomainEvent[] {
    const guildId = GUILDS[a.guild] as string;
    const chosen = USERS.map((_, user) => user).filter((user) => a.full || (a.members >> user) & 1);
    const members = chosen.map((user) => this.#memberSnapshot(a.guild, user));
    if (!a.full) {
      return [
        {
          kind: 'guild.snapshot',
          id: null,
          guildId,
          at,
          source: 'live',
          guild: null,
          channels: null,
          roles: null,
          members,
          voiceStates: null,
        },
      ];
    }
    const inVoice = [...(this.#inVoice[a.guild] as Map<number, number>)].filter(([user]) => user !== BOT);
    const snapshot: GuildSnapshot = {
      kind: 'guild.snapshot',
      id: null,
      guildId,
      at,
      source: 'live',
      guild: {
        id: guildId,
        name: `Guild ${a.guild}`,
        icon: null,
        ownerId: USERS[0] as string,
        memberCount: USERS.length,
        locale: 'en-US',
      },
      channels: this.#channels(a.guild),
      roles: [0, 1].map((n) => this.#role(a.guild, n)),
      members,
      voiceStates: inVoice.map(([user, slot]) => ({
        userId: USERS[user] as string,
        channelId: channelId(a.guild, VOICE[slot - 1] as number),
      })),
    };
    return [snapshot, ...inVoice.map(([user, slot]) => this.#voice(a.guild, user, slot, 0, at))];
  }

  /** A channel moved (out of or into the category) or deleted, or a role changed or deleted. */
  #structure(a: Action & { kind: 'structure' }, at: Date): DomainEvent {
    const guildId = GUILDS[a.guild] as string;
    if (a.target % 3 === 0) {
      const role = this.#role(a.guild, a.target % 2);
      return {
        kind: a.deleted ? 'role.deleted' : 'role.upserted',
        id: null,
        guildId,
        at,
        source: 'live',
        role,
      };
    }
    const n = TEXT[a.target % TEXT.length] as number;
    const id = channelId(a.guild, n);
    if (a.deleted) this.#deleted[a.guild]?.add(id);
    else this.#deleted[a.guild]?.delete(id);
    const moved = (a.target >> 2) & 1;
    const channel: ChannelSnapshot = {
      id,
      name: `channel-${n}`,
      type: 0,
      parentId: moved ? channelId(a.guild, CATEGORY) : null,
      position: n,
    };
    return {
      kind: a.deleted ? 'channel.deleted' : 'channel.upserted',
      id: null,
      guildId,
      at,
      source: 'live',
      channel,
    };
  }
}
