import { describe, expect, it } from 'vitest';
import { DEFAULT_KARMA_RULES, karmaRulesSchema, parseKarmaRules } from './rules.ts';

describe('karma rules schema', () => {
  it('turns an empty object into MEE6-like defaults', () => {
    expect(parseKarmaRules({})).toEqual({
      enabled: true,
      message: { min: 15, max: 25, cooldownSeconds: 60 },
      reaction: {
        given: 1,
        received: 2,
        windowSeconds: 3600,
        maxGivenPerWindow: 20,
        maxReceivedPerWindow: 50,
      },
      voice: { perMinute: 2, minCompanions: 1, requireUnmuted: true, requireUndeafened: true },
      stream: { perMinute: 0, maxMinutesPerSession: 240 },
      admin: { maxDelta: 100_000, maxReasonLength: 200 },
      noKarmaChannelIds: [],
      noKarmaRoleIds: [],
      channelMultipliers: {},
      roleMultipliers: {},
    });
    expect(DEFAULT_KARMA_RULES).toEqual(parseKarmaRules({}));
  });

  it('keeps defaults for the fields a partial config leaves out', () => {
    const rules = parseKarmaRules({ message: { cooldownSeconds: 30 }, voice: { perMinute: 5 } });
    expect(rules.message).toEqual({ min: 15, max: 25, cooldownSeconds: 30 });
    expect(rules.voice.perMinute).toBe(5);
    expect(rules.voice.minCompanions).toBe(1);
  });

  it('rejects a message range whose minimum exceeds its maximum', () => {
    expect(karmaRulesSchema.safeParse({ message: { min: 30, max: 20 } }).success).toBe(false);
  });

  it('accepts a fixed amount per message (min equals max)', () => {
    expect(parseKarmaRules({ message: { min: 20, max: 20 } }).message.min).toBe(20);
  });

  it.each([
    ['a fractional amount', { message: { min: 1.5 } }],
    ['a negative cooldown', { message: { cooldownSeconds: -1 } }],
    ['a multiplier above 10', { channelMultipliers: { '123': 11 } }],
    ['a negative multiplier', { roleMultipliers: { '123': -1 } }],
    ['a non-snowflake channel id', { noKarmaChannelIds: ['general'] }],
    ['a non-snowflake multiplier key', { roleMultipliers: { mods: 2 } }],
    ['a zero reaction cap', { reaction: { maxGivenPerWindow: 0 } }],
    ['a window shorter than a minute', { reaction: { windowSeconds: 10 } }],
    ['a zero admin bound', { admin: { maxDelta: 0 } }],
  ])('rejects %s', (_label, input) => {
    expect(karmaRulesSchema.safeParse(input).success).toBe(false);
  });

  it('accepts multipliers of 0 and 10 at the bounds', () => {
    const rules = parseKarmaRules({ channelMultipliers: { '1': 0 }, roleMultipliers: { '2': 10 } });
    expect(rules.channelMultipliers['1']).toBe(0);
    expect(rules.roleMultipliers['2']).toBe(10);
  });
});
