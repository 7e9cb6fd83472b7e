/**
 * Discord voice presence, free of I/O: how voice state events open, move and close viewer sessions,
 * and how many minutes of a session count for karma (not alone, not muted or deafened).
 *
 * Voice events are states, not deltas (their pipeline id is null): the same state applied twice
 * must change nothing. So every step compares the incoming state with the session already open.
 */
import type { EndReason } from './stage.ts';

export interface VoiceFlags {
  selfMute: boolean;
  selfDeaf: boolean;
  mute: boolean;
  deaf: boolean;
}

/**
 * One entry of a session's state history: the flags in effect from `at` on. Each entry also starts
 * a karma span (see voice-spans.ts), which the next entry or the session's end completes; entries
 * with unchanged flags are such cuts, made by the sweeper so that long sessions are paid as they go.
 */
export interface VoiceStateEntry extends VoiceFlags {
  at: Date;
  /**
   * Eligible milliseconds of the spans before this entry not yet paid (less than a minute), carried
   * into the span this entry starts; absent means 0.
   */
  carryMs?: number;
}

export function sameFlags(a: VoiceFlags, b: VoiceFlags): boolean {
  return a.selfMute === b.selfMute && a.selfDeaf === b.selfDeaf && a.mute === b.mute && a.deaf === b.deaf;
}

export function isMuted(flags: VoiceFlags): boolean {
  return flags.selfMute || flags.mute;
}

export function isDeafened(flags: VoiceFlags): boolean {
  return flags.selfDeaf || flags.deaf;
}

export type VoiceStep =
  | { type: 'none' }
  | { type: 'open'; channelId: string }
  | { type: 'close' }
  | { type: 'move'; channelId: string }
  | { type: 'flags' };

/** What one voice state does to the member's current voice presence in a guild. */
export function voiceStep(
  current: { channelId: string; flags: VoiceFlags } | null,
  next: { channelId: string | null; flags: VoiceFlags },
): VoiceStep {
  if (current === null)
    return next.channelId === null ? { type: 'none' } : { type: 'open', channelId: next.channelId };
  if (next.channelId === null) return { type: 'close' };
  if (next.channelId !== current.channelId) return { type: 'move', channelId: next.channelId };
  return sameFlags(current.flags, next.flags) ? { type: 'none' } : { type: 'flags' };
}

/** A voice viewer session as the planner sees it: one member in one channel. */
export interface VoiceSessionRecord {
  id: string;
  /** Not yet in the database. */
  isNew: boolean;
  guildId: string;
  userId: string;
  channelId: string;
  joinedAt: Date;
  states: VoiceStateEntry[];
  leftAt: Date | null;
  endReason: EndReason | null;
}

/** The subset of a VoiceStateChanged event the planner needs. */
export interface VoiceObservation extends VoiceFlags {
  guildId: string;
  userId: string;
  channelId: string | null;
  at: Date;
  isBot: boolean;
}

const memberKey = (guildId: string, userId: string): string => `${guildId}:${userId}`;

function flagsOf(o: VoiceFlags): VoiceFlags {
  return { selfMute: o.selfMute, selfDeaf: o.selfDeaf, mute: o.mute, deaf: o.deaf };
}

function lastState(record: VoiceSessionRecord): VoiceStateEntry | undefined {
  return record.states[record.states.length - 1];
}

/**
 * Applies voice states in arrival order to the members' open sessions and returns every session
 * it touched: existing ones that changed (new states, closed) and new ones (possibly already
 * closed when a member came and went within the batch). Bots are ignored. A state is never dated
 * before what it follows, so durations stay non-negative when clocks disagree.
 */
export function planVoiceSessions(
  open: readonly VoiceSessionRecord[],
  observations: readonly VoiceObservation[],
  newId: () => string,
): VoiceSessionRecord[] {
  const current = new Map<string, VoiceSessionRecord>();
  for (const record of open)
    current.set(memberKey(record.guildId, record.userId), { ...record, states: [...record.states] });
  const touched = new Map<string, VoiceSessionRecord>();

  const close = (record: VoiceSessionRecord, at: Date, reason: EndReason) => {
    record.leftAt = new Date(
      Math.max(at.getTime(), lastState(record)?.at.getTime() ?? record.joinedAt.getTime()),
    );
    record.endReason = reason;
    touched.set(record.id, record);
  };
  const openAt = (o: VoiceObservation, channelId: string, notBefore: Date | null): VoiceSessionRecord => {
    const at = notBefore && notBefore.getTime() > o.at.getTime() ? notBefore : o.at;
    const record: VoiceSessionRecord = {
      id: newId(),
      isNew: true,
      guildId: o.guildId,
      userId: o.userId,
      channelId,
      joinedAt: at,
      states: [{ at, ...flagsOf(o) }],
      leftAt: null,
      endReason: null,
    };
    touched.set(record.id, record);
    return record;
  };

  for (const o of observations) {
    if (o.isBot) continue;
    const key = memberKey(o.guildId, o.userId);
    const record = current.get(key) ?? null;
    const last = record ? lastState(record) : undefined;
    const step = voiceStep(record ? { channelId: record.channelId, flags: last ?? flagsOf(o) } : null, {
      channelId: o.channelId,
      flags: flagsOf(o),
    });
    switch (step.type) {
      case 'none':
        break;
      case 'open':
        current.set(key, openAt(o, step.channelId, null));
        break;
      case 'close':
        if (record) close(record, o.at, 'left');
        current.delete(key);
        break;
      case 'move':
        if (record) {
          close(record, o.at, 'moved');
          current.set(key, openAt(o, step.channelId, record.leftAt));
        }
        break;
      case 'flags':
        if (record) {
          const notBefore = last?.at.getTime() ?? record.joinedAt.getTime();
          record.states.push({ at: new Date(Math.max(o.at.getTime(), notBefore)), ...flagsOf(o) });
          touched.set(record.id, record);
        }
        break;
    }
  }
  return [...touched.values()];
}

// ---------------------------------------------------------------------------------------------
// Karma-eligible voice time.
// ---------------------------------------------------------------------------------------------

/** The guild's voice rules that decide eligibility (karma's `voice` settings). */
export interface VoiceRules {
  /** Other members (not deafened) needed in the channel: alone, nobody hears you. */
  minCompanions: number;
  requireUnmuted: boolean;
  requireUndeafened: boolean;
}

/** Karma's defaults: someone to talk with, not muted, not deafened. */
export const DEFAULT_VOICE_RULES: VoiceRules = {
  minCompanions: 1,
  requireUnmuted: true,
  requireUndeafened: true,
};

export interface VoiceTimeline {
  userId: string;
  joinedAt: Date;
  /** null while the session is open: it runs until `nowMs`. */
  leftAt: Date | null;
  /** Ordered by time; the first entry is at `joinedAt`. */
  states: readonly VoiceStateEntry[];
}

function stateAt(timeline: VoiceTimeline, t: number): VoiceFlags | null {
  let found: VoiceFlags | null = null;
  for (const state of timeline.states) {
    if (state.at.getTime() <= t) found = state;
    else break;
  }
  // Before the first recorded state (clock skew) the first state is the best guess.
  return found ?? timeline.states[0] ?? null;
}

function presentAt(timeline: VoiceTimeline, t: number): boolean {
  return timeline.joinedAt.getTime() <= t && (timeline.leftAt === null || t < timeline.leftAt.getTime());
}

/**
 * Milliseconds of [fromMs, toMs) — a stretch of `subject`'s session — that count for karma: the
 * member is not muted or deafened (as the rules require) and at least `minCompanions` other
 * members who are not deafened share the channel. `others` are the other sessions of the same
 * stage (sessions of the subject's own user are ignored); an open one runs on past `toMs`.
 */
export function eligibleVoiceMs(
  subject: VoiceTimeline,
  others: readonly VoiceTimeline[],
  fromMs: number,
  toMs: number,
  rules: VoiceRules = DEFAULT_VOICE_RULES,
): number {
  if (toMs <= fromMs) return 0;
  const company = others.filter((o) => o.userId !== subject.userId);
  const points = new Set<number>([fromMs, toMs]);
  const add = (t: number) => {
    if (t > fromMs && t < toMs) points.add(t);
  };
  for (const timeline of [subject, ...company]) {
    add(timeline.joinedAt.getTime());
    if (timeline.leftAt) add(timeline.leftAt.getTime());
    for (const state of timeline.states) add(state.at.getTime());
  }
  const sorted = [...points].sort((a, b) => a - b);
  let eligible = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i] as number;
    const to = sorted[i + 1] as number;
    const own = stateAt(subject, from);
    if (!own) continue;
    if (rules.requireUnmuted && isMuted(own)) continue;
    if (rules.requireUndeafened && isDeafened(own)) continue;
    let companions = 0;
    for (const o of company) {
      if (!presentAt(o, from)) continue;
      const flags = stateAt(o, from);
      if (flags !== null && !isDeafened(flags)) companions++;
    }
    if (companions >= rules.minCompanions) eligible += to - from;
  }
  return eligible;
}

/**
 * Seconds of `subject`'s whole session (an open one until `nowMs`) that count for karma, under
 * karma's default rules unless others are given.
 */
export function eligibleVoiceSeconds(
  subject: VoiceTimeline,
  others: readonly VoiceTimeline[],
  nowMs: number,
  rules: VoiceRules = DEFAULT_VOICE_RULES,
): number {
  const start = subject.joinedAt.getTime();
  const end = Math.min(subject.leftAt?.getTime() ?? nowMs, nowMs);
  return Math.floor(eligibleVoiceMs(subject, others, start, end, rules) / 1000);
}

export function eligibleVoiceMinutes(
  subject: VoiceTimeline,
  others: readonly VoiceTimeline[],
  nowMs: number,
  rules: VoiceRules = DEFAULT_VOICE_RULES,
): number {
  return Math.floor(eligibleVoiceSeconds(subject, others, nowMs, rules) / 60);
}
