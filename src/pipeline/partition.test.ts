import { describe, expect, it } from 'vitest';
import type {
  DomainEvent,
  MessageCreated,
  ReactionChanged,
  RoleChanged,
  VoiceStateChanged,
} from './events.ts';
import type { Touched } from './feature.ts';
import { partitionByTouches, type TouchDeclaration, touchesOf } from './partition.ts';

const G = '100000000000000001';
const H = '100000000000000002';
const at = new Date('2026-11-24T12:00:00Z');
let next = 0;

function message(userId: string, guildId = G): MessageCreated {
  next++;
  return {
    kind: 'message.created',
    id: `m:${next}`,
    guildId,
    at,
    source: 'live',
    messageId: String(next),
    channelId: '1',
    userId,
    authorIsBot: false,
    system: false,
    words: 1,
    attachments: 0,
    isReply: false,
  };
}

function reaction(userId: string, authorId: string | null): ReactionChanged {
  next++;
  return {
    kind: 'reaction.added',
    id: `r:${next}`,
    guildId: G,
    at,
    source: 'live',
    messageId: String(next),
    channelId: '1',
    userId,
    userIsBot: false,
    messageAuthorId: authorId,
    emoji: 'x',
  };
}

function voice(userId: string): VoiceStateChanged {
  return {
    kind: 'voice.state',
    id: null,
    guildId: G,
    at,
    source: 'live',
    userId,
    channelId: '2',
    sessionId: 's',
    selfMute: false,
    selfDeaf: false,
    mute: false,
    deaf: false,
    isBot: false,
  };
}

function role(guildId: string): RoleChanged {
  return {
    kind: 'role.upserted',
    id: null,
    guildId,
    at,
    source: 'live',
    role: { id: '3', name: 'mods', permissions: '0', position: 1, color: 0, managed: false },
  };
}

/** Messages and reactions are their author's; a reaction also the reactor's. */
const authors: TouchDeclaration = {
  touches(event: DomainEvent, touched: Touched) {
    if (event.kind === 'message.created') touched.member(event.userId);
    if (event.kind === 'reaction.added' && event.messageAuthorId !== null)
      touched.member(event.messageAuthorId);
  },
};
const reactors: TouchDeclaration = {
  touches(event, touched) {
    if (event.kind === 'reaction.added') touched.member(event.userId);
  },
};
/** Voice states touch their member and everyone else in voice in the guild. */
const voices: TouchDeclaration = {
  touches(event, touched) {
    if (event.kind !== 'voice.state') return;
    touched.member(event.userId);
    touched.member('voice');
  },
};
/** A rule that relates every member of a guild, as anti-raid will when a role changes. */
const guildWide: TouchDeclaration = {
  touches(event, touched) {
    if (event.kind === 'role.upserted') touched.wholeGuild();
  },
};
const features = [authors, reactors, voices, guildWide];

const split = (events: DomainEvent[], count = 2) => partitionByTouches(events, (e) => e, features, count);
const users = (part: readonly DomainEvent[]) => new Set(part.map((e) => (e as { userId: string }).userId));
const inArrivalOrder = (events: readonly DomainEvent[], part: readonly DomainEvent[]) => {
  const order = part.map((e) => events.indexOf(e));
  return order.every((position, i) => i === 0 || position > (order[i - 1] as number));
};

describe('partitionByTouches', () => {
  it('keeps each member in one part, in arrival order, and balances the parts', () => {
    const events: DomainEvent[] = ['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd', 'a', 'a'].map((u) => message(u));
    const parts = split(events);
    expect(parts).toHaveLength(2);
    expect(parts.flat()).toHaveLength(events.length);
    const [first, second] = parts as [DomainEvent[], DomainEvent[]];
    for (const user of users(first)) expect(users(second).has(user)).toBe(false);
    for (const part of parts) expect(inArrivalOrder(events, part)).toBe(true);
    expect(first.length).toBeGreaterThanOrEqual(4);
    expect(second.length).toBeGreaterThanOrEqual(4);
  });

  it('joins the members that different features declare for one event', () => {
    const events = [
      message('a'),
      message('b'),
      message('c'),
      message('d'),
      reaction('a', 'd'),
      reaction('c', 'b'),
    ];
    for (const part of split(events)) {
      const names = users(part);
      expect(names.has('a')).toBe(names.has('d'));
      expect(names.has('b')).toBe(names.has('c'));
    }
  });

  it('keeps everyone who declares the same pseudo-member together', () => {
    const events = [voice('a'), message('b'), voice('c'), message('d'), message('a'), message('c')];
    const parts = split(events);
    const withVoice = parts.filter((part) => part.some((e) => e.kind === 'voice.state'));
    expect(withVoice).toHaveLength(1);
    expect(users(withVoice[0] as DomainEvent[])).toEqual(new Set(['a', 'c']));
  });

  it('keeps a guild with an event that touches it whole in one part, in arrival order, and splits the others', () => {
    const events: DomainEvent[] = [
      message('a', G),
      message('b', G),
      message('x', H),
      role(G),
      message('y', H),
      message('c', G),
      message('x', H),
      message('a', G),
      message('y', H),
    ];
    const parts = split(events, 3);
    const ofG = parts.filter((part) => part.some((e) => e.guildId === G));
    expect(ofG).toHaveLength(1);
    const whole = ofG[0] as DomainEvent[];
    expect(whole.filter((e) => e.guildId === G)).toEqual(events.filter((e) => e.guildId === G));
    // The other guild's members are still dealt to parts of their own.
    expect(parts).toHaveLength(3);
    const ofH = parts.filter((part) => part !== whole);
    expect(ofH.map((part) => [...users(part)].sort())).toEqual(expect.arrayContaining([['x'], ['y']]));
  });

  it('keeps the same user id in two guilds apart: members are keyed per guild', () => {
    const parts = split([message('a', G), message('a', H), message('a', G), message('a', H)]);
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(new Set(part.map((e) => e.guildId)).size).toBe(1);
  });

  it('puts the events nobody touches with the untouched events of their guild, so copies of one stay together', () => {
    const ignored = (userId: string): MessageCreated => ({
      ...message(userId),
      kind: 'message.created',
      system: true,
    });
    const nothing: TouchDeclaration = {
      touches(event, touched) {
        if (event.kind === 'message.created' && !event.system) touched.member(event.userId);
      },
    };
    const first = ignored('z');
    const events = [first, message('a'), ignored('z'), message('b'), first, message('a'), message('b')];
    const parts = partitionByTouches(events, (e) => e, [nothing], 3);
    expect(parts).toHaveLength(3);
    const untouched = parts.find((part) => part.includes(first)) as DomainEvent[];
    expect(untouched.filter((e) => e === first)).toHaveLength(2);
    expect(untouched.every((e) => e.kind === 'message.created' && e.system)).toBe(true);
  });

  it('does not split a single group, a whole guild alone, or a count of one', () => {
    expect(split([message('a'), message('a'), message('a')])).toHaveLength(1);
    expect(split([message('a'), role(G), message('b')])).toHaveLength(1);
    expect(split([message('a'), message('b')], 1)).toHaveLength(1);
    expect(split([message('a')])).toHaveLength(1);
  });

  it('gives the same parts for the same batch', () => {
    const events = Array.from({ length: 200 }, (_, i) => message(String(i % 17), i % 3 === 0 ? H : G));
    expect(split(events, 3)).toEqual(split(events, 3));
  });
});

describe('touchesOf', () => {
  it('lists what the features declare for an event, once each, or the whole guild', () => {
    expect(touchesOf(features, reaction('a', 'b'))).toEqual(['b', 'a']);
    expect(touchesOf(features, voice('a'))).toEqual(['a', 'voice']);
    expect(touchesOf([authors, authors], message('a'))).toEqual(['a']);
    expect(touchesOf(features, role(G))).toBe('guild');
    expect(touchesOf([], message('a'))).toEqual([]);
  });
});
