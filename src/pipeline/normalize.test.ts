import { describe, expect, it } from 'vitest';
import {
  CHANNEL,
  GUILD,
  guildCreate,
  memberAdd,
  messageCreate,
  messageDelete,
  messageUpdate,
  reactionAdd,
  snowflakeAt,
  voiceState,
} from '../../test/support/payloads.ts';
import { normalizeDispatch, snowflakeTime } from './normalize.ts';

const receivedAt = new Date('2026-03-01T12:00:00Z');
const norm = (p: Parameters<typeof normalizeDispatch>[0]) => normalizeDispatch(p, { receivedAt });

describe('normalizing gateway dispatches', () => {
  it('reads the time of a message from its snowflake', () => {
    const at = new Date('2025-12-24T18:30:00.123Z');
    expect(snowflakeTime(snowflakeAt(at))).toEqual(at);
  });

  it('turns a message into an event keyed by the message id', () => {
    const at = new Date('2026-02-28T23:59:59Z');
    const id = snowflakeAt(at);
    const [event] = norm(messageCreate({ id, content: 'one two three', attachments: 2 }));
    expect(event).toEqual({
      kind: 'message.created',
      id: `m:${id}`,
      guildId: GUILD,
      at,
      source: 'live',
      messageId: id,
      channelId: CHANNEL,
      userId: '400000000000000001',
      authorIsBot: false,
      system: false,
      words: 3,
      attachments: 2,
      isReply: false,
    });
  });

  it('marks bot authors and system messages', () => {
    expect(norm(messageCreate({ bot: true }))[0]).toMatchObject({ authorIsBot: true });
    expect(norm(messageCreate({ type: 7 }))[0]).toMatchObject({ system: true });
    expect(norm(messageCreate({ type: 19 }))[0]).toMatchObject({ system: false, isReply: true });
  });

  it('ignores direct messages', () => {
    const dm = messageCreate({});
    delete (dm.d as { guild_id?: string }).guild_id;
    expect(norm(dm)).toEqual([]);
  });

  it('keys an edit by message and edit time, and ignores embed-only updates', () => {
    const editedAt = new Date('2026-03-01T10:00:00Z');
    expect(norm(messageUpdate('123', editedAt))[0]).toMatchObject({
      kind: 'message.updated',
      id: `mu:123:${editedAt.getTime()}`,
      at: editedAt,
    });
    expect(norm(messageUpdate('123', null))).toEqual([]);
  });

  it('attributes a deletion to the cached author when known', () => {
    const events = normalizeDispatch(messageDelete('555'), { receivedAt, authorOf: () => '777' });
    expect(events[0]).toMatchObject({ kind: 'message.deleted', id: 'md:555', userId: '777', at: receivedAt });
    expect(norm(messageDelete('555'))[0]).toMatchObject({ userId: null });
  });

  it('keys a reaction by message, user and emoji', () => {
    expect(norm(reactionAdd('42', '9001', '🔥'))[0]).toMatchObject({
      kind: 'reaction.added',
      id: 'ra:42:9001:🔥',
      userIsBot: false,
    });
  });

  it('keys a join by the membership it starts', () => {
    const joinedAt = new Date('2026-01-05T00:00:00Z');
    expect(norm(memberAdd('55555', joinedAt))[0]).toMatchObject({
      kind: 'member.joined',
      id: `mj:${GUILD}:55555:${joinedAt.getTime()}`,
      member: { userId: '55555', joinedAt },
    });
  });

  it('turns GUILD_CREATE into a snapshot of channels, roles and members', () => {
    const [snapshot] = norm(guildCreate({ members: ['11111', '22222'] }));
    expect(snapshot).toMatchObject({
      kind: 'guild.snapshot',
      id: null,
      guild: { id: GUILD, name: 'Test Guild' },
      channels: [{ id: CHANNEL, name: 'general', type: 0 }],
      roles: [{ id: GUILD, name: '@everyone' }],
    });
    expect(snapshot?.kind === 'guild.snapshot' && snapshot.members.map((m) => m.userId)).toEqual([
      '11111',
      '22222',
    ]);
  });

  it('passes voice states on as idempotent state events', () => {
    expect(norm(voiceState('7777', '888', 's', { selfMute: true }))[0]).toMatchObject({
      kind: 'voice.state',
      id: null,
      channelId: '888',
      selfMute: true,
    });
  });

  it('ignores dispatches Hearth does not use', () => {
    expect(norm({ op: 0, s: 1, t: 'TYPING_START', d: {} } as never)).toEqual([]);
  });
});
