import { describe, expect, it } from 'vitest';
import type { DomainEvent, MessageCreated, ReactionChanged, VoiceStateChanged } from './events.ts';
import { partitionByMember } from './partition.ts';

const G = '100000000000000001';
const at = new Date('2026-11-24T12:00:00Z');
let next = 0;

function message(userId: string): MessageCreated {
  next++;
  return {
    kind: 'message.created',
    id: `m:${next}`,
    guildId: G,
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

const split = (events: DomainEvent[], count = 2) => partitionByMember(events, (e) => e, count);
const users = (part: DomainEvent[]) => new Set(part.map((e) => (e as { userId: string }).userId));

describe('partitionByMember', () => {
  it('keeps each member in one part, in arrival order, and balances the parts', () => {
    const events: DomainEvent[] = ['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd', 'a', 'a'].map(message);
    const parts = split(events);
    expect(parts).toHaveLength(2);
    expect(parts.flat()).toHaveLength(events.length);
    const [first, second] = parts as [DomainEvent[], DomainEvent[]];
    for (const user of users(first)) expect(users(second).has(user)).toBe(false);
    for (const part of parts) {
      const order = part.map((e) => events.indexOf(e));
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    expect(first.length).toBeGreaterThanOrEqual(4);
    expect(second.length).toBeGreaterThanOrEqual(4);
  });

  it('puts a reactor and the author of the message in the same part', () => {
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

  it('keeps everyone in voice in a guild together', () => {
    const events = [voice('a'), message('b'), voice('c'), message('d'), message('a'), message('c')];
    const parts = split(events);
    const withVoice = parts.filter((part) => part.some((e) => e.kind === 'voice.state'));
    expect(withVoice).toHaveLength(1);
    expect(users(withVoice[0] as DomainEvent[])).toEqual(new Set(['a', 'c']));
  });

  it('does not split a batch with an event about the whole guild, nor one member', () => {
    const snapshot: DomainEvent = {
      kind: 'guild.snapshot',
      id: null,
      guildId: G,
      at,
      source: 'live',
      guild: null,
      channels: null,
      roles: null,
      members: [],
      voiceStates: null,
    };
    expect(split([message('a'), snapshot, message('b')])).toHaveLength(1);
    expect(split([message('a'), message('a'), message('a')])).toHaveLength(1);
    expect(split([message('a'), message('b')], 1)).toHaveLength(1);
  });
});
