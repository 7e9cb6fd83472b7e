import { describe, expect, it } from 'vitest';
import {
  capWindow,
  karmaForMessage,
  karmaForReaction,
  karmaForVoiceMinutes,
  type MessageFacts,
  type ReactionFacts,
  type VoiceFacts,
  withinCooldown,
} from './earn.ts';
import { seededRng } from './rng.ts';
import { type KarmaRulesInput, parseKarmaRules } from './rules.ts';
import type { KarmaResult } from './sources.ts';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const at = (secondsAfterNow: number): Date => new Date(NOW.getTime() + secondsAfterNow * 1000);
const rules = (input: KarmaRulesInput = {}) => parseKarmaRules(input);
const mid = () => 0.5;

function message(overrides: Partial<MessageFacts> = {}): MessageFacts {
  return {
    messageId: '1000',
    channelId: '10',
    authorIsBot: false,
    roleIds: [],
    lastRewardedAt: null,
    now: NOW,
    ...overrides,
  };
}

const delta = (result: KarmaResult): number | string =>
  result.kind === 'award' ? result.delta : result.skip;

describe('karmaForMessage', () => {
  it('pays a random amount within the default 15..25 range, keyed by the message id', () => {
    expect(karmaForMessage(rules(), message(), () => 0)).toEqual({
      kind: 'award',
      source: 'message',
      sourceId: '1000',
      delta: 15,
      reason: 'message',
    });
    expect(delta(karmaForMessage(rules(), message(), () => 0.9999))).toBe(25);
  });

  it('stays within [min, max] for any draw', () => {
    const rng = seededRng(3);
    for (let i = 0; i < 500; i++) {
      const d = delta(karmaForMessage(rules(), message(), rng));
      expect(d).toBeGreaterThanOrEqual(15);
      expect(d).toBeLessThanOrEqual(25);
    }
  });

  it('pays nothing twice within the cooldown window', () => {
    expect(delta(karmaForMessage(rules(), message({ lastRewardedAt: at(-59) }), mid))).toBe('cooldown');
    expect(delta(karmaForMessage(rules(), message({ lastRewardedAt: at(-59.999) }), mid))).toBe('cooldown');
  });

  it('pays again exactly when the cooldown window has passed', () => {
    expect(delta(karmaForMessage(rules(), message({ lastRewardedAt: at(-60) }), mid))).toBe(20);
  });

  it('treats an older message just before the last paid one as inside the cooldown (history import)', () => {
    expect(delta(karmaForMessage(rules(), message({ lastRewardedAt: at(30) }), mid))).toBe('cooldown');
    expect(delta(karmaForMessage(rules(), message({ lastRewardedAt: at(61) }), mid))).toBe(20);
  });

  it('pays every message when the cooldown is zero', () => {
    const r = rules({ message: { cooldownSeconds: 0 } });
    expect(delta(karmaForMessage(r, message({ lastRewardedAt: NOW }), mid))).toBe(20);
  });

  it('never pays bots', () => {
    expect(delta(karmaForMessage(rules(), message({ authorIsBot: true }), mid))).toBe('bot');
  });

  it('pays nothing when karma is disabled for the guild', () => {
    expect(delta(karmaForMessage(rules({ enabled: false }), message(), mid))).toBe('disabled');
  });

  it('pays nothing in a no-karma channel, its threads or a no-karma category', () => {
    const r = rules({ noKarmaChannelIds: ['10', '77'] });
    expect(delta(karmaForMessage(r, message(), mid))).toBe('no_karma_channel');
    expect(delta(karmaForMessage(r, message({ channelId: '11', parentId: '10' }), mid))).toBe(
      'no_karma_channel',
    );
    expect(delta(karmaForMessage(r, message({ channelId: '12', categoryId: '77' }), mid))).toBe(
      'no_karma_channel',
    );
    expect(delta(karmaForMessage(r, message({ channelId: '12', parentId: null }), mid))).toBe(20);
  });

  it('pays nothing to a member holding a no-karma role, even with a boosted role', () => {
    const r = rules({ noKarmaRoleIds: ['5'], roleMultipliers: { '6': 3 } });
    expect(delta(karmaForMessage(r, message({ roleIds: ['6', '5'] }), mid))).toBe('no_karma_role');
  });

  it('reports the bot before the channel when both apply', () => {
    const r = rules({ noKarmaChannelIds: ['10'] });
    expect(delta(karmaForMessage(r, message({ authorIsBot: true }), mid))).toBe('bot');
  });

  it('applies the channel multiplier, preferring the thread over its parent over its category', () => {
    const r = rules({ channelMultipliers: { '10': 2, '20': 3, '30': 0.5 } });
    expect(
      delta(karmaForMessage(r, message({ channelId: '10', parentId: '20', categoryId: '30' }), mid)),
    ).toBe(40);
    expect(
      delta(karmaForMessage(r, message({ channelId: '11', parentId: '20', categoryId: '30' }), mid)),
    ).toBe(60);
    expect(delta(karmaForMessage(r, message({ channelId: '11', categoryId: '30' }), mid))).toBe(10);
  });

  it('takes the highest of several role multipliers instead of compounding them', () => {
    const r = rules({ roleMultipliers: { '1': 1.5, '2': 2, '3': 0.5 } });
    expect(delta(karmaForMessage(r, message({ roleIds: ['1', '2', '3'] }), mid))).toBe(40);
    expect(delta(karmaForMessage(r, message({ roleIds: ['3', '2', '1'] }), mid))).toBe(40);
    expect(delta(karmaForMessage(r, message({ roleIds: ['3'] }), mid))).toBe(10);
    expect(delta(karmaForMessage(r, message({ roleIds: ['9'] }), mid))).toBe(20);
  });

  it('multiplies channel and role multipliers and rounds to whole karma', () => {
    const r = rules({ channelMultipliers: { '10': 1.5 }, roleMultipliers: { '2': 1.1 } });
    // 20 * 1.5 * 1.1 = 33
    expect(delta(karmaForMessage(r, message({ roleIds: ['2'] }), mid))).toBe(33);
    const odd = rules({ message: { min: 15, max: 15 }, channelMultipliers: { '10': 1.1 } });
    expect(delta(karmaForMessage(odd, message(), mid))).toBe(17); // 16.5 rounds up
  });

  it('skips a channel whose multiplier is zero', () => {
    expect(delta(karmaForMessage(rules({ channelMultipliers: { '10': 0 } }), message(), mid))).toBe('zero');
  });

  it('skips when the configured amount is zero', () => {
    expect(delta(karmaForMessage(rules({ message: { min: 0, max: 0 } }), message(), mid))).toBe('zero');
  });
});

describe('withinCooldown', () => {
  it('is false without a previous reward', () => {
    expect(withinCooldown(null, NOW, 60)).toBe(false);
  });
  it('is symmetric around the last reward', () => {
    expect(withinCooldown(at(10), NOW, 60)).toBe(true);
    expect(withinCooldown(at(-10), NOW, 60)).toBe(true);
  });
});

function reaction(overrides: Partial<ReactionFacts> = {}): ReactionFacts {
  return {
    messageId: '500',
    channelId: '10',
    reactor: { userId: 'r', isBot: false, roleIds: [] },
    author: { userId: 'a', isBot: false, roleIds: [] },
    givenInWindow: 0,
    receivedInWindow: 0,
    ...overrides,
  };
}

describe('karmaForReaction', () => {
  it('pays the reactor and the author, each under its own ledger key', () => {
    expect(karmaForReaction(rules(), reaction())).toEqual({
      reactor: {
        kind: 'award',
        source: 'reaction',
        sourceId: 'given:500:r',
        delta: 1,
        reason: 'reaction_given',
      },
      author: {
        kind: 'award',
        source: 'reaction',
        sourceId: 'received:500:r',
        delta: 2,
        reason: 'reaction_received',
      },
    });
  });

  it('gives the same keys for a second emoji by the same member, so it pays once', () => {
    const first = karmaForReaction(rules(), reaction());
    const second = karmaForReaction(rules(), reaction());
    expect(second).toEqual(first);
  });

  it('pays nobody for reacting to your own message', () => {
    const self = reaction({ author: { userId: 'r', isBot: false, roleIds: [] } });
    expect(karmaForReaction(rules(), self)).toEqual({
      reactor: { kind: 'skip', skip: 'self_reaction' },
      author: { kind: 'skip', skip: 'self_reaction' },
    });
  });

  it('pays nobody when a bot reacts', () => {
    const result = karmaForReaction(
      rules(),
      reaction({ reactor: { userId: 'r', isBot: true, roleIds: [] } }),
    );
    expect(delta(result.reactor)).toBe('bot');
    expect(delta(result.author)).toBe('bot_reactor');
  });

  it('pays nobody for reacting to a bot message such as a reaction-role panel', () => {
    const result = karmaForReaction(rules(), reaction({ author: { userId: 'a', isBot: true, roleIds: [] } }));
    expect(delta(result.reactor)).toBe('bot_message');
    expect(delta(result.author)).toBe('bot');
  });

  it('stops paying each side once its cap for the window is reached', () => {
    const r = rules({ reaction: { maxGivenPerWindow: 3, maxReceivedPerWindow: 5 } });
    expect(delta(karmaForReaction(r, reaction({ givenInWindow: 2 })).reactor)).toBe(1);
    expect(delta(karmaForReaction(r, reaction({ givenInWindow: 3 })).reactor)).toBe('cap_reached');
    expect(delta(karmaForReaction(r, reaction({ givenInWindow: 3 })).author)).toBe(2);
    expect(delta(karmaForReaction(r, reaction({ receivedInWindow: 5 })).author)).toBe('cap_reached');
  });

  it('does not let a member in a no-karma role pay the author', () => {
    const r = rules({ noKarmaRoleIds: ['9'] });
    const result = karmaForReaction(r, reaction({ reactor: { userId: 'r', isBot: false, roleIds: ['9'] } }));
    expect(delta(result.reactor)).toBe('no_karma_role');
    expect(delta(result.author)).toBe('no_karma_role');
  });

  it('still pays the reactor when only the author holds a no-karma role', () => {
    const r = rules({ noKarmaRoleIds: ['9'] });
    const result = karmaForReaction(r, reaction({ author: { userId: 'a', isBot: false, roleIds: ['9'] } }));
    expect(delta(result.reactor)).toBe(1);
    expect(delta(result.author)).toBe('no_karma_role');
  });

  it('pays nothing in a no-karma channel', () => {
    const result = karmaForReaction(rules({ noKarmaChannelIds: ['10'] }), reaction());
    expect(delta(result.reactor)).toBe('no_karma_channel');
    expect(delta(result.author)).toBe('no_karma_channel');
  });

  it('applies each earner’s own role multiplier', () => {
    const r = rules({ roleMultipliers: { '7': 3 } });
    const result = karmaForReaction(r, reaction({ author: { userId: 'a', isBot: false, roleIds: ['7'] } }));
    expect(delta(result.reactor)).toBe(1);
    expect(delta(result.author)).toBe(6);
  });

  it('skips a side whose amount is configured to zero', () => {
    const result = karmaForReaction(rules({ reaction: { given: 0 } }), reaction());
    expect(delta(result.reactor)).toBe('zero');
    expect(delta(result.author)).toBe(2);
  });
});

describe('capWindow', () => {
  it('aligns windows to the epoch so every process agrees on the counter key', () => {
    const window = capWindow(new Date('2026-11-23T12:34:56.000Z'), 3600);
    expect(window.startsAt.toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(window.endsAt.toISOString()).toBe('2026-11-23T13:00:00.000Z');
    expect(capWindow(new Date('2026-11-23T12:59:59.999Z'), 3600).index).toBe(window.index);
    expect(capWindow(new Date('2026-11-23T13:00:00.000Z'), 3600).index).toBe(window.index + 1);
  });
});

function voice(overrides: Partial<VoiceFacts> = {}): VoiceFacts {
  return {
    userId: 'u',
    segmentId: 's1',
    channelId: '40',
    isBot: false,
    roleIds: [],
    minutes: 10,
    companions: 1,
    selfMuted: false,
    selfDeafened: false,
    ...overrides,
  };
}

describe('karmaForVoiceMinutes', () => {
  it('pays per minute spent with someone else, keyed by member and segment', () => {
    expect(karmaForVoiceMinutes(rules(), voice())).toEqual({
      kind: 'award',
      source: 'voice',
      sourceId: 'u:s1',
      delta: 20,
      reason: 'voice',
    });
  });

  it('pays nothing when alone', () => {
    expect(delta(karmaForVoiceMinutes(rules(), voice({ companions: 0 })))).toBe('alone');
  });

  it('lets a guild require a bigger audience or none at all', () => {
    expect(delta(karmaForVoiceMinutes(rules({ voice: { minCompanions: 2 } }), voice()))).toBe('alone');
    expect(
      delta(karmaForVoiceMinutes(rules({ voice: { minCompanions: 0 } }), voice({ companions: 0 }))),
    ).toBe(20);
  });

  it('pays nothing while muted or deafened, by self or by the server', () => {
    expect(delta(karmaForVoiceMinutes(rules(), voice({ selfMuted: true })))).toBe('muted');
    expect(delta(karmaForVoiceMinutes(rules(), voice({ serverMuted: true })))).toBe('muted');
    expect(delta(karmaForVoiceMinutes(rules(), voice({ selfDeafened: true, selfMuted: true })))).toBe(
      'deafened',
    );
    expect(delta(karmaForVoiceMinutes(rules(), voice({ serverDeafened: true })))).toBe('deafened');
  });

  it('lets a guild pay muted listeners', () => {
    const r = rules({ voice: { requireUnmuted: false } });
    expect(delta(karmaForVoiceMinutes(r, voice({ selfMuted: true })))).toBe(20);
  });

  it('never pays in the AFK channel or to bots', () => {
    expect(delta(karmaForVoiceMinutes(rules(), voice({ isAfkChannel: true })))).toBe('afk_channel');
    expect(delta(karmaForVoiceMinutes(rules(), voice({ isBot: true })))).toBe('bot');
  });

  it('counts whole minutes only and skips an empty span', () => {
    expect(delta(karmaForVoiceMinutes(rules(), voice({ minutes: 2.9 })))).toBe(4);
    expect(delta(karmaForVoiceMinutes(rules(), voice({ minutes: 0.5 })))).toBe('zero');
    expect(delta(karmaForVoiceMinutes(rules(), voice({ minutes: -3 })))).toBe('zero');
  });

  it('applies channel and role multipliers', () => {
    const r = rules({ channelMultipliers: { '40': 1.5 }, roleMultipliers: { '8': 2 } });
    expect(delta(karmaForVoiceMinutes(r, voice({ roleIds: ['8'] })))).toBe(60);
  });

  it('pays nothing in a no-karma voice channel', () => {
    expect(delta(karmaForVoiceMinutes(rules({ noKarmaChannelIds: ['40'] }), voice()))).toBe(
      'no_karma_channel',
    );
  });
});
