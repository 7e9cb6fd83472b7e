import { describe, expect, it } from 'vitest';
import { SimActions } from './actions.ts';
import { type CommunityOptions, generateCommunity } from './generator.ts';
import { hasPermission, Permission } from './permissions.ts';
import { timestampOf } from './snowflake.ts';
import { SimState } from './state.ts';
import { MessageType } from './types.ts';

const END = Date.parse('2025-06-01T00:00:00Z');

function build(options: CommunityOptions) {
  const state = new SimState();
  state.addUser({ id: '10', username: 'hearth', globalName: null, avatar: null, bot: true });
  state.addBot({ userId: '10', applicationId: '10', token: 't', clientSecret: 's', name: 'Hearth' });
  const actions = new SimActions(state, { dispatch: () => {}, guildAvailable: () => {} });
  const community = generateCommunity(state, actions, options);
  const messages = [...state.messages.channelIds()].flatMap((id) => [...state.messages.list(id)]);
  return { state, community, messages };
}

describe('community generator', () => {
  it('builds the same community from the same seed and end time', () => {
    const options = { seed: 9, members: 60, history: { messages: 3000, days: 10, endAt: END } };
    const a = build(options);
    const b = build(options);
    expect(b.community.guild.id).toBe(a.community.guild.id);
    expect(b.community.memberIds).toEqual(a.community.memberIds);
    expect(b.community.memberIds.map((id) => b.state.users.get(id)?.username)).toEqual(
      a.community.memberIds.map((id) => a.state.users.get(id)?.username),
    );
    expect(b.messages.map((m) => [m.id, m.authorId, m.content])).toEqual(
      a.messages.map((m) => [m.id, m.authorId, m.content]),
    );
    const c = build({ ...options, seed: 10 });
    expect(c.messages.map((m) => m.content)).not.toEqual(a.messages.map((m) => m.content));
  });

  it('gives activity a heavy tail over users and channels', () => {
    const { community, messages } = build({
      seed: 3,
      members: 500,
      textChannels: 10,
      threads: 0,
      hiddenChannels: 0,
      history: { messages: 50_000, days: 30, endAt: END },
    });
    const perUser = new Map<string, number>();
    const perChannel = new Map<string, number>();
    for (const m of messages) {
      if (m.type !== MessageType.Default) continue;
      perUser.set(m.authorId, (perUser.get(m.authorId) ?? 0) + 1);
      perChannel.set(m.channelId, (perChannel.get(m.channelId) ?? 0) + 1);
    }
    const users = [...perUser.values()].sort((x, y) => y - x);
    const total = users.reduce((s, n) => s + n, 0);
    const top10 = users.slice(0, Math.ceil(community.memberIds.length / 10)).reduce((s, n) => s + n, 0);
    expect(top10 / total).toBeGreaterThan(0.45);
    const channels = [...perChannel.values()].sort((x, y) => y - x);
    expect((channels[0] ?? 0) / (channels[channels.length - 1] ?? 1)).toBeGreaterThan(4);
  });

  it('follows a daily rhythm with busy evenings and quiet nights', () => {
    const { messages } = build({
      seed: 4,
      members: 100,
      history: { messages: 20_000, days: 20, endAt: END },
    });
    const byHour = new Array<number>(24).fill(0);
    for (const m of messages) {
      const hour = new Date(timestampOf(m.id)).getUTCHours();
      byHour[hour] = (byHour[hour] ?? 0) + 1;
    }
    const evening = (byHour[19] ?? 0) + (byHour[20] ?? 0);
    const night = (byHour[3] ?? 0) + (byHour[4] ?? 0);
    expect(evening).toBeGreaterThan(night * 4);
  });

  it('keeps history inside the window, authors after their join, and join messages for newcomers', () => {
    const { state, community, messages } = build({
      seed: 5,
      members: 200,
      history: { messages: 5000, days: 15, endAt: END },
    });
    for (const m of messages) {
      const at = timestampOf(m.id);
      expect(at).toBeGreaterThanOrEqual(community.startAt - 1);
      expect(at).toBeLessThanOrEqual(community.endAt);
      const member = state.member(community.guild.id, m.authorId);
      if (member && m.authorId !== community.helperBotId) expect(at).toBeGreaterThanOrEqual(member.joinedAt);
    }
    const joins = messages.filter((m) => m.type === MessageType.UserJoin);
    const newcomers = community.memberIds.filter(
      (id) => (state.member(community.guild.id, id)?.joinedAt ?? 0) >= community.startAt,
    );
    expect(joins.length).toBe(newcomers.length);
    expect(joins.every((m) => m.channelId === community.guild.systemChannelId)).toBe(true);
    expect(messages.some((m) => m.authorId === community.helperBotId)).toBe(true);
    expect(messages.some((m) => m.attachments && m.attachments.length > 0)).toBe(true);
    expect(messages.some((m) => m.reactions && m.reactions.length > 0)).toBe(true);
  });

  it('hides moderator channels from the bot and puts threads under text channels', () => {
    const { state, community } = build({
      seed: 6,
      members: 30,
      threads: 3,
      hiddenChannels: 1,
      history: { messages: 500, endAt: END },
    });
    const hidden = community.hiddenChannels[0]?.id ?? '';
    expect(hasPermission(state.channelPermissions(hidden, '10'), Permission.ViewChannel)).toBe(false);
    expect(hasPermission(state.channelPermissions(hidden, community.ownerId), Permission.ViewChannel)).toBe(
      true,
    );
    expect(
      hasPermission(
        state.channelPermissions(community.textChannels[0]?.id ?? '', '10'),
        Permission.ReadMessageHistory,
      ),
    ).toBe(true);
    for (const thread of community.threads)
      expect(community.textChannels.map((c) => c.id)).toContain(thread.parentId);
    expect(state.member(community.guild.id, '10')?.roles).toHaveLength(1);
  });

  it('generates 200,000 messages over 20 channels in a few seconds', () => {
    const started = performance.now();
    const { state, community } = build({
      seed: 8,
      members: 2000,
      textChannels: 20,
      history: { messages: 200_000, days: 120, endAt: END },
    });
    const elapsed = performance.now() - started;
    expect(community.messages).toBe(200_000);
    expect(state.messages.total).toBeGreaterThanOrEqual(200_000);
    expect(elapsed).toBeLessThan(8000);
  });
});
