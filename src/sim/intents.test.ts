import { describe, expect, it } from 'vitest';
import { shardOf } from './gateway-payloads.ts';
import { allowsEvent, Intent, mustStripContent, stripMessageContent } from './intents.ts';

describe('intents', () => {
  it('gate guild events by their intent', () => {
    const guildsOnly = Intent.Guilds;
    expect(allowsEvent(guildsOnly, 'CHANNEL_CREATE', true)).toBe(true);
    expect(allowsEvent(guildsOnly, 'MESSAGE_CREATE', true)).toBe(false);
    expect(allowsEvent(guildsOnly, 'GUILD_MEMBER_ADD', true)).toBe(false);
    expect(allowsEvent(guildsOnly, 'VOICE_STATE_UPDATE', true)).toBe(false);
    expect(allowsEvent(guildsOnly, 'MESSAGE_REACTION_ADD', true)).toBe(false);
    expect(allowsEvent(Intent.GuildMessages, 'MESSAGE_CREATE', true)).toBe(true);
    expect(allowsEvent(Intent.GuildMembers, 'GUILD_MEMBER_UPDATE', true)).toBe(true);
    expect(allowsEvent(Intent.GuildVoiceStates, 'VOICE_STATE_UPDATE', true)).toBe(true);
    expect(allowsEvent(Intent.GuildMessageReactions, 'MESSAGE_REACTION_REMOVE', true)).toBe(true);
  });

  it('gate DM events by the direct message intents', () => {
    expect(allowsEvent(Intent.GuildMessages, 'MESSAGE_CREATE', false)).toBe(false);
    expect(allowsEvent(Intent.DirectMessages, 'MESSAGE_CREATE', false)).toBe(true);
    expect(allowsEvent(Intent.DirectMessageReactions, 'MESSAGE_REACTION_ADD', false)).toBe(true);
  });

  it('always deliver READY, RESUMED and interactions', () => {
    for (const t of ['READY', 'RESUMED', 'INTERACTION_CREATE', 'GUILD_MEMBERS_CHUNK'])
      expect(allowsEvent(0, t, true)).toBe(true);
  });

  it('blank message content without MESSAGE_CONTENT except mentions, DMs and own messages', () => {
    const ctx = { authorId: 'user', mentionIds: [], inGuild: true };
    expect(mustStripContent(Intent.GuildMessages, 'bot', ctx)).toBe(true);
    expect(mustStripContent(Intent.GuildMessages | Intent.MessageContent, 'bot', ctx)).toBe(false);
    expect(mustStripContent(Intent.GuildMessages, 'bot', { ...ctx, mentionIds: ['bot'] })).toBe(false);
    expect(mustStripContent(Intent.GuildMessages, 'bot', { ...ctx, authorId: 'bot' })).toBe(false);
    expect(mustStripContent(Intent.DirectMessages, 'bot', { ...ctx, inGuild: false })).toBe(false);
    const stripped = stripMessageContent({
      id: '1',
      content: 'hi',
      embeds: [{}],
      attachments: [{}],
      components: [{}],
    });
    expect(stripped).toEqual({ id: '1', content: '', embeds: [], attachments: [], components: [] });
  });

  it('place guilds on shards by (id >> 22) % count', () => {
    expect(shardOf('175928847299117063', 1)).toBe(0);
    expect(shardOf('175928847299117063', 2)).toBe(Number((175928847299117063n >> 22n) % 2n));
    expect(shardOf('175928847299117063', 16)).toBe(Number((175928847299117063n >> 22n) % 16n));
  });
});
