import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VOICE_RULES,
  eligibleVoiceMs,
  eligibleVoiceSeconds,
  type VoiceFlags,
  type VoiceStateEntry,
  type VoiceTimeline,
} from './voice.ts';
import { type SpanSession, settleSpans, spanCut, VOICE_SPAN_MS } from './voice-spans.ts';

const T0 = Date.parse('2026-03-01T20:00:00Z');
const s = (seconds: number) => T0 + seconds * 1000;
const quiet: VoiceFlags = { selfMute: false, selfDeaf: false, mute: false, deaf: false };
const muted: VoiceFlags = { ...quiet, selfMute: true };
const deafened: VoiceFlags = { ...quiet, selfDeaf: true };

const entry = (seconds: number, flags: VoiceFlags = quiet): VoiceStateEntry => ({
  at: new Date(s(seconds)),
  ...flags,
});

function session(
  id: string,
  userId: string,
  states: VoiceStateEntry[],
  leftAt: number | null = null,
): SpanSession {
  return {
    id,
    userId,
    joinedAt: states[0]?.at ?? new Date(T0),
    leftAt: leftAt === null ? null : new Date(s(leftAt)),
    states,
  };
}

const friend = (from: number, to: number | null = null, flags: VoiceFlags = quiet): VoiceTimeline =>
  session('f', 'friend', [entry(from, flags)], to);

describe('eligible voice time under the guild’s rules', () => {
  const me = session('m', 'me', [entry(0), entry(600, muted), entry(900, deafened)], 1200);

  it('counts time with someone not deafened, while not muted or deafened', () => {
    expect(eligibleVoiceMs(me, [friend(0)], s(0), s(1200))).toBe(600_000);
    expect(eligibleVoiceMs(me, [friend(300, 450)], s(0), s(1200))).toBe(150_000);
    expect(eligibleVoiceMs(me, [friend(0, null, deafened)], s(0), s(1200))).toBe(0);
  });

  it('follows requireUnmuted, requireUndeafened and minCompanions', () => {
    const lax = { minCompanions: 0, requireUnmuted: false, requireUndeafened: false };
    expect(eligibleVoiceMs(me, [], s(0), s(1200), lax)).toBe(1_200_000);
    expect(eligibleVoiceMs(me, [friend(0)], s(0), s(1200), { ...lax, requireUndeafened: true })).toBe(
      900_000,
    );
    const two = { ...DEFAULT_VOICE_RULES, minCompanions: 2 };
    const other = session('o', 'other', [entry(0)], 300);
    expect(eligibleVoiceMs(me, [friend(0), other], s(0), s(1200), two)).toBe(300_000);
  });

  it('measures only the stretch asked for', () => {
    expect(eligibleVoiceMs(me, [friend(0)], s(100), s(400))).toBe(300_000);
    expect(eligibleVoiceMs(me, [friend(0)], s(400), s(400))).toBe(0);
  });
});

describe('voice karma spans', () => {
  it('pays the whole eligible minutes of a session that ends, keyed by the span’s start', () => {
    const me = session('m', 'me', [entry(0)], 7 * 60 + 30);
    const { payments } = settleSpans(me, 0, [friend(0)], DEFAULT_VOICE_RULES);
    expect(payments).toEqual([{ segmentId: `m:${s(0)}`, startMs: s(0), endMs: s(450), minutes: 7 }]);
  });

  it('pays nothing for an open span, and carries what a cut leaves over', () => {
    const states = [entry(0), entry(90, muted), entry(200)];
    const settled = settleSpans(session('m', 'me', states), 0, [friend(0)], DEFAULT_VOICE_RULES);
    expect(settled.payments.map((p) => p.minutes)).toEqual([1]);
    expect(settled.states.map((e) => e.carryMs ?? 0)).toEqual([0, 30_000, 30_000]);
    // The open span (from 200 s) is paid later, with the 30 s carried into it.
    const later = settleSpans(
      session('m', 'me', [...settled.states, entry(230)]),
      3,
      [friend(0)],
      DEFAULT_VOICE_RULES,
    );
    expect(later.payments).toEqual([
      { segmentId: `m:${s(200)}`, startMs: s(200), endMs: s(230), minutes: 1 },
    ]);
    expect(later.states[3]?.carryMs).toBe(0);
  });

  it('settles only spans completed since the session was stored', () => {
    const stored = settleSpans(
      session('m', 'me', [entry(0), entry(300)]),
      0,
      [friend(0)],
      DEFAULT_VOICE_RULES,
    );
    const again = settleSpans(session('m', 'me', stored.states, 400), 2, [friend(0)], DEFAULT_VOICE_RULES);
    expect(again.payments).toEqual([
      { segmentId: `m:${s(300)}`, startMs: s(300), endMs: s(400), minutes: 1 },
    ]);
  });

  it('pays no final span when told the end is unknown (resync)', () => {
    const me = session('m', 'me', [entry(0), entry(300)], 3600);
    const { payments } = settleSpans(me, 0, [friend(0)], DEFAULT_VOICE_RULES, false);
    expect(payments.map((p) => p.minutes)).toEqual([5]);
  });

  it('pays the whole minutes of the total however the session is cut (random cuts)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const company = [friend(0, 1800), session('g', 'guest', [entry(2400), entry(3000, deafened)], 3500)];
    for (let round = 0; round < 200; round++) {
      const flags = [quiet, muted, deafened];
      const changes = Array.from({ length: 1 + Math.floor(random() * 8) }, () => ({
        at: Math.floor(random() * 3600),
        flags: flags[Math.floor(random() * 3)] as VoiceFlags,
      })).sort((a, b) => a.at - b.at);
      const full = [entry(0), ...changes.map((c) => entry(c.at, c.flags))];
      const end = 3600 + Math.floor(random() * 600);
      const whole = session('m', 'me', full, end);
      const expected = Math.floor(eligibleVoiceSeconds(whole, company, s(end)) / 60);
      // Stored in pieces: each batch adds some states and settles what they complete.
      let stored: VoiceStateEntry[] = [];
      let paid = 0;
      const segments = new Set<string>();
      for (let i = 0; i < full.length; ) {
        const take = 1 + Math.floor(random() * 3);
        const next = [...stored, ...full.slice(stored.length, stored.length + take)];
        i = next.length;
        const closed = i >= full.length;
        const settled = settleSpans(
          session('m', 'me', next, closed ? end : null),
          stored.length,
          company,
          DEFAULT_VOICE_RULES,
        );
        for (const p of settled.payments) {
          expect(segments.has(p.segmentId)).toBe(false);
          segments.add(p.segmentId);
          paid += p.minutes;
        }
        stored = settled.states;
      }
      expect(paid, `round ${round}`).toBe(expected);
    }
  });
});

describe('span cuts', () => {
  it('cuts a span that has run its length, with the same flags, never before the last entry', () => {
    const states = [entry(0), entry(10, muted)];
    expect(spanCut(states, s(10) + VOICE_SPAN_MS - 1)).toBeNull();
    expect(spanCut(states, s(10) + VOICE_SPAN_MS)).toEqual({ at: new Date(s(10) + VOICE_SPAN_MS), ...muted });
    expect(spanCut([], s(1000))).toBeNull();
  });
});
