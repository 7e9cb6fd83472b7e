import { describe, expect, it } from 'vitest';
import { karmaForStreamMinutes, type StreamFacts } from './earn.ts';
import { type KarmaRulesInput, parseKarmaRules } from './rules.ts';
import type { KarmaResult } from './sources.ts';

const rules = (input: KarmaRulesInput = {}) => parseKarmaRules(input);
const watch = (overrides: Partial<StreamFacts> = {}): StreamFacts => ({
  sessionId: '0f4c2a9e-0000-4000-8000-000000000001',
  isBot: false,
  roleIds: [],
  minutes: 10,
  ...overrides,
});
const delta = (result: KarmaResult): number | string =>
  result.kind === 'award' ? result.delta : result.skip;

describe('karmaForStreamMinutes', () => {
  it('pays nothing unless the guild sets a rate (off by default)', () => {
    expect(rules().stream).toEqual({ perMinute: 0, maxMinutesPerSession: 240 });
    expect(delta(karmaForStreamMinutes(rules(), watch()))).toBe('zero');
  });

  it('pays per whole minute, once per viewing session', () => {
    expect(karmaForStreamMinutes(rules({ stream: { perMinute: 3 } }), watch({ minutes: 10.9 }))).toEqual({
      kind: 'award',
      source: 'voice',
      sourceId: 'stream:0f4c2a9e-0000-4000-8000-000000000001',
      delta: 30,
      reason: 'stream',
    });
  });

  it('caps a session, and applies role rules but no channel rules', () => {
    const capped = rules({ stream: { perMinute: 1, maxMinutesPerSession: 60 } });
    expect(delta(karmaForStreamMinutes(capped, watch({ minutes: 600 })))).toBe(60);
    const boosted = rules({ stream: { perMinute: 2 }, roleMultipliers: { '7': 1.5 }, noKarmaRoleIds: ['8'] });
    expect(delta(karmaForStreamMinutes(boosted, watch({ roleIds: ['7'] })))).toBe(30);
    expect(delta(karmaForStreamMinutes(boosted, watch({ roleIds: ['8'] })))).toBe('no_karma_role');
    expect(delta(karmaForStreamMinutes(boosted, watch({ isBot: true })))).toBe('bot');
    expect(delta(karmaForStreamMinutes(rules({ enabled: false, stream: { perMinute: 2 } }), watch()))).toBe(
      'disabled',
    );
  });

  it('validates the setting', () => {
    for (const stream of [
      { perMinute: -1 },
      { perMinute: 1.5 },
      { perMinute: 1001 },
      { maxMinutesPerSession: 0 },
    ])
      expect(() => rules({ stream }), JSON.stringify(stream)).toThrow();
  });
});
