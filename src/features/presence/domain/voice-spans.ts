/**
 * Voice karma spans, free of I/O. A voice session's state history doubles as its payment schedule:
 * every entry starts a span, and the next entry (a mute/deafen change, or a cut the sweeper makes
 * every few minutes) or the session's end completes it. A completed span pays its eligible whole
 * minutes once, under the id `${sessionId}:${spanStartMs}`; the eligible time left over (under a
 * minute) is carried into the next span on the entry that starts it, so however often a session is
 * cut it pays the whole minutes of its total eligible time, and a replay of the same states pays
 * nothing new.
 */
import { eligibleVoiceMs, type VoiceRules, type VoiceStateEntry, type VoiceTimeline } from './voice.ts';

/** How long a span may run before the sweeper cuts it: a long session is paid every 5 minutes. */
export const VOICE_SPAN_MS = 5 * 60_000;

const MINUTE_MS = 60_000;

export interface SpanPayment {
  /** The ledger key of the span: the same span always gets the same id. */
  segmentId: string;
  startMs: number;
  endMs: number;
  minutes: number;
}

export interface SpanSession extends VoiceTimeline {
  id: string;
}

export interface SettledSpans {
  /** The session's states, each new entry carrying what its span brings forward. */
  states: VoiceStateEntry[];
  payments: SpanPayment[];
}

/**
 * Settles the spans of `session` completed since it was last stored: those that end at its entries
 * from index `firstNew` on (0 for a session not stored yet), and the last one when the session has
 * ended and `payEnd` (a resync does not know when the member left, so it pays no final span).
 * `others` are the other sessions of the stage, as company.
 */
export function settleSpans(
  session: SpanSession,
  firstNew: number,
  others: readonly VoiceTimeline[],
  rules: VoiceRules,
  payEnd = true,
): SettledSpans {
  const states = [...session.states];
  const payments: SpanPayment[] = [];
  for (let i = Math.max(firstNew - 1, 0); i < states.length; i++) {
    const start = states[i] as VoiceStateEntry;
    const next = states[i + 1];
    if (next === undefined && (session.leftAt === null || !payEnd)) break;
    const startMs = start.at.getTime();
    const endMs = Math.max(next?.at.getTime() ?? session.leftAt?.getTime() ?? startMs, startMs);
    const total = (start.carryMs ?? 0) + eligibleVoiceMs(session, others, startMs, endMs, rules);
    const minutes = Math.floor(total / MINUTE_MS);
    if (next !== undefined) states[i + 1] = { ...next, carryMs: total - minutes * MINUTE_MS };
    if (minutes > 0) payments.push({ segmentId: `${session.id}:${startMs}`, startMs, endMs, minutes });
  }
  return { states, payments };
}

/**
 * The cut the sweeper appends to an open session whose last entry is at least `spanMs` old: the
 * same flags from `nowMs` on (never before the last entry). Null when no cut is due.
 */
export function spanCut(
  states: readonly VoiceStateEntry[],
  nowMs: number,
  spanMs = VOICE_SPAN_MS,
): VoiceStateEntry | null {
  const last = states[states.length - 1];
  if (!last || nowMs - last.at.getTime() < spanMs) return null;
  return {
    at: new Date(nowMs),
    selfMute: last.selfMute,
    selfDeaf: last.selfDeaf,
    mute: last.mute,
    deaf: last.deaf,
  };
}
