import { describe, expect, it } from 'vitest';
import { activityPipelineFeature, UNKNOWN_AUTHOR } from '../features/activity/pipeline.ts';
import { karmaTouches } from '../features/karma/pipeline.ts';
import { presencePipelineFeature, VOICE } from '../features/presence/pipeline.ts';
import { syncPipelineFeature } from '../features/sync/pipeline.ts';
import { createMemoryHotStore } from '../platform/hot/memory.ts';
import type { DomainEvent, MemberSnapshot } from './events.ts';
import { type TouchDeclaration, touchesOf } from './partition.ts';

/**
 * What the product's features declare, event by event: how finely the pipeline can split a round.
 * Whether the declarations are complete is the property test's job (writers-equivalence.test.ts).
 */
const features: TouchDeclaration[] = [
  syncPipelineFeature,
  activityPipelineFeature,
  presencePipelineFeature({ hot: createMemoryHotStore() }),
  { touches: karmaTouches },
];
const touches = (event: DomainEvent) => touchesOf(features, event);

const G = '100000000000000001';
const A = '200000000000000001';
const B = '200000000000000002';
const base = { guildId: G, at: new Date('2026-11-24T12:00:00Z'), source: 'live' as const };
const message = { ...base, messageId: '3', channelId: '4' };

function created(options: { bot?: boolean; system?: boolean } = {}): DomainEvent {
  return {
    ...message,
    kind: 'message.created',
    id: 'm:3',
    userId: A,
    authorIsBot: options.bot ?? false,
    system: options.system ?? false,
    words: 2,
    attachments: 0,
    isReply: false,
  };
}

function reaction(
  kind: 'reaction.added' | 'reaction.removed',
  author: string | null,
  bot = false,
): DomainEvent {
  return {
    ...message,
    kind,
    id: `r:${kind}`,
    userId: B,
    userIsBot: bot,
    messageAuthorId: author,
    emoji: 'x',
  };
}

function voice(isBot: boolean): DomainEvent {
  return {
    ...base,
    kind: 'voice.state',
    id: null,
    userId: A,
    channelId: '5',
    sessionId: 's',
    selfMute: false,
    selfDeaf: false,
    mute: false,
    deaf: false,
    isBot,
  };
}

const member = (userId: string): MemberSnapshot => ({
  userId,
  username: 'u',
  displayName: null,
  avatar: null,
  isBot: false,
  roleIds: [],
  joinedAt: null,
});

function snapshot(parts: { guild?: boolean; voice?: boolean }): DomainEvent {
  return {
    ...base,
    kind: 'guild.snapshot',
    id: null,
    guild: parts.guild
      ? { id: G, name: 'g', icon: null, ownerId: null, memberCount: null, locale: null }
      : null,
    channels: null,
    roles: null,
    members: [member(A), member(B)],
    voiceStates: parts.voice ? [] : null,
  };
}

describe('what the product pipeline declares', () => {
  it('gives a member’s message to its author, and a bot’s or Discord’s own message to nobody', () => {
    expect(touches(created())).toEqual([A]);
    expect(touches(created({ bot: true }))).toEqual([]);
    expect(touches(created({ system: true }))).toEqual([]);
  });

  it('joins the reactor and the author of an added reaction; a removed one changes nothing', () => {
    expect(touches(reaction('reaction.added', A))).toEqual([B, A]);
    expect(touches(reaction('reaction.added', null))).toEqual([B]);
    expect(touches(reaction('reaction.added', A, true))).toEqual([]);
    expect(touches(reaction('reaction.removed', null))).toEqual([]);
  });

  it('gives edits and deletions to their author, and deletions by unknown authors to one pseudo-member', () => {
    expect(
      touches({ ...message, kind: 'message.updated', id: 'mu:3', userId: A, authorIsBot: false }),
    ).toEqual([A]);
    expect(
      touches({ ...message, kind: 'message.updated', id: 'mu:3', userId: null, authorIsBot: false }),
    ).toEqual([]);
    expect(touches({ ...message, kind: 'message.deleted', id: 'md:3', userId: A })).toEqual([A]);
    expect(touches({ ...message, kind: 'message.deleted', id: 'md:3', userId: null })).toEqual([
      UNKNOWN_AUTHOR,
    ]);
  });

  it('joins a member’s voice states to everyone in voice in the guild, and ignores bots in voice', () => {
    expect(touches(voice(false))).toEqual([A, VOICE]);
    expect(touches(voice(true))).toEqual([]);
  });

  it('gives member changes and member chunks to their members', () => {
    expect(touches({ ...base, kind: 'member.joined', id: 'mj:1', member: member(A) })).toEqual([A]);
    expect(touches({ ...base, kind: 'member.updated', id: null, member: member(A) })).toEqual([A]);
    expect(touches({ ...base, kind: 'member.left', id: null, userId: A })).toEqual([A]);
    expect(touches(snapshot({}))).toEqual([A, B]);
  });

  it('touches the whole guild when its structure changes, and all its voice sessions on a full voice list', () => {
    expect(touches(snapshot({ guild: true }))).toBe('guild');
    expect(touches(snapshot({ voice: true }))).toEqual([A, B, VOICE]);
    const channel = { id: '4', name: 'c', type: 0, parentId: null, position: 0 };
    expect(touches({ ...base, kind: 'channel.upserted', id: null, channel })).toBe('guild');
    expect(touches({ ...base, kind: 'channel.deleted', id: null, channel })).toBe('guild');
    const role = { id: '6', name: 'r', permissions: '0', position: 1, color: 0, managed: false };
    expect(touches({ ...base, kind: 'role.upserted', id: null, role })).toBe('guild');
    expect(touches({ ...base, kind: 'role.deleted', id: null, role })).toBe('guild');
  });
});
