import { describe, expect, it } from 'vitest';
import {
  eligibleVoiceMinutes,
  eligibleVoiceSeconds,
  isDeafened,
  isMuted,
  planVoiceSessions,
  sameFlags,
  type VoiceFlags,
  type VoiceObservation,
  type VoiceSessionRecord,
  type VoiceTimeline,
  voiceStep,
} from './voice.ts';

const T0 = Date.parse('2026-03-01T20:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const quiet: VoiceFlags = { selfMute: false, selfDeaf: false, mute: false, deaf: false };
const muted: VoiceFlags = { ...quiet, selfMute: true };
const deafened: VoiceFlags = { ...quiet, selfMute: true, selfDeaf: true };

describe('voice flags', () => {
  it('calls a member muted when they or a moderator muted them', () => {
    expect(isMuted(quiet)).toBe(false);
    expect(isMuted({ ...quiet, selfMute: true })).toBe(true);
    expect(isMuted({ ...quiet, mute: true })).toBe(true);
  });

  it('calls a member deafened when they or a moderator deafened them', () => {
    expect(isDeafened(quiet)).toBe(false);
    expect(isDeafened({ ...quiet, selfDeaf: true })).toBe(true);
    expect(isDeafened({ ...quiet, deaf: true })).toBe(true);
  });

  it('compares all four flags', () => {
    expect(sameFlags(quiet, { ...quiet })).toBe(true);
    for (const key of ['selfMute', 'selfDeaf', 'mute', 'deaf'] as const) {
      expect(sameFlags(quiet, { ...quiet, [key]: true })).toBe(false);
    }
  });
});

describe('voice steps', () => {
  it('opens a session when a member joins a channel', () => {
    expect(voiceStep(null, { channelId: 'c1', flags: quiet })).toEqual({ type: 'open', channelId: 'c1' });
  });

  it('does nothing for a leave of a member who was not in voice', () => {
    expect(voiceStep(null, { channelId: null, flags: quiet })).toEqual({ type: 'none' });
  });

  it('closes the session when the member leaves', () => {
    expect(voiceStep({ channelId: 'c1', flags: quiet }, { channelId: null, flags: quiet })).toEqual({
      type: 'close',
    });
  });

  it('moves the session when the member switches channels', () => {
    expect(voiceStep({ channelId: 'c1', flags: quiet }, { channelId: 'c2', flags: quiet })).toEqual({
      type: 'move',
      channelId: 'c2',
    });
  });

  it('records a mute or deafen change in the same channel', () => {
    expect(voiceStep({ channelId: 'c1', flags: quiet }, { channelId: 'c1', flags: muted })).toEqual({
      type: 'flags',
    });
  });

  it('changes nothing when the same state arrives again', () => {
    expect(voiceStep({ channelId: 'c1', flags: muted }, { channelId: 'c1', flags: { ...muted } })).toEqual({
      type: 'none',
    });
  });
});

function obs(
  userId: string,
  channelId: string | null,
  seconds: number,
  flags: VoiceFlags = quiet,
): VoiceObservation {
  return { guildId: 'g', userId, channelId, at: at(seconds), isBot: false, ...flags };
}

function ids() {
  let n = 0;
  return () => `s${++n}`;
}

function openRecord(
  userId: string,
  channelId: string,
  seconds: number,
  flags: VoiceFlags = quiet,
): VoiceSessionRecord {
  return {
    id: `old-${userId}`,
    isNew: false,
    guildId: 'g',
    userId,
    channelId,
    joinedAt: at(seconds),
    states: [{ at: at(seconds), ...flags }],
    leftAt: null,
    endReason: null,
  };
}

describe('planning voice sessions', () => {
  it('opens a new session with its first state on join', () => {
    expect(planVoiceSessions([], [obs('u1', 'c1', 0)], ids())).toEqual([
      {
        id: 's1',
        isNew: true,
        guildId: 'g',
        userId: 'u1',
        channelId: 'c1',
        joinedAt: at(0),
        states: [{ at: at(0), ...quiet }],
        leftAt: null,
        endReason: null,
      },
    ]);
  });

  it('touches nothing when the state equals the open session (redelivery)', () => {
    expect(planVoiceSessions([openRecord('u1', 'c1', 0)], [obs('u1', 'c1', 60)], ids())).toEqual([]);
  });

  it('opens one session when the same join arrives twice in a batch', () => {
    const touched = planVoiceSessions([], [obs('u1', 'c1', 0), obs('u1', 'c1', 0)], ids());
    expect(touched).toHaveLength(1);
  });

  it('closes the open session on leave with reason left', () => {
    const [closed] = planVoiceSessions([openRecord('u1', 'c1', 0)], [obs('u1', null, 90)], ids());
    expect(closed).toMatchObject({ id: 'old-u1', isNew: false, leftAt: at(90), endReason: 'left' });
  });

  it('closes one session and opens another on a move, at the same instant', () => {
    const touched = planVoiceSessions([openRecord('u1', 'c1', 0)], [obs('u1', 'c2', 120)], ids());
    expect(touched).toEqual([
      expect.objectContaining({ id: 'old-u1', leftAt: at(120), endReason: 'moved' }),
      expect.objectContaining({ id: 's1', isNew: true, channelId: 'c2', joinedAt: at(120), leftAt: null }),
    ]);
  });

  it('appends a mute change to the open session', () => {
    const [record] = planVoiceSessions([openRecord('u1', 'c1', 0)], [obs('u1', 'c1', 30, muted)], ids());
    expect(record?.states).toEqual([
      { at: at(0), ...quiet },
      { at: at(30), ...muted },
    ]);
    expect(record?.leftAt).toBeNull();
  });

  it('records a member who came and went within one batch as a closed new session', () => {
    const [record] = planVoiceSessions([], [obs('u1', 'c1', 0), obs('u1', null, 10)], ids());
    expect(record).toMatchObject({ isNew: true, joinedAt: at(0), leftAt: at(10), endReason: 'left' });
  });

  it('follows join, move, mute and leave in order', () => {
    const touched = planVoiceSessions(
      [],
      [obs('u1', 'c1', 0), obs('u1', 'c2', 60), obs('u1', 'c2', 90, muted), obs('u1', null, 120, muted)],
      ids(),
    );
    expect(touched.map((r) => [r.channelId, r.joinedAt, r.leftAt, r.endReason, r.states.length])).toEqual([
      ['c1', at(0), at(60), 'moved', 1],
      ['c2', at(60), at(120), 'left', 2],
    ]);
  });

  it('ignores bots', () => {
    expect(planVoiceSessions([], [{ ...obs('bot', 'c1', 0), isBot: true }], ids())).toEqual([]);
  });

  it('keeps members and guilds apart', () => {
    const touched = planVoiceSessions(
      [],
      [obs('u1', 'c1', 0), obs('u2', 'c1', 0), { ...obs('u1', 'c9', 0), guildId: 'other' }],
      ids(),
    );
    expect(touched.map((r) => `${r.guildId}/${r.userId}/${r.channelId}`)).toEqual([
      'g/u1/c1',
      'g/u2/c1',
      'other/u1/c9',
    ]);
  });

  it('never dates a leave before the state it follows (late or skewed events)', () => {
    const [closed] = planVoiceSessions([openRecord('u1', 'c1', 100)], [obs('u1', null, 50)], ids());
    expect(closed?.leftAt).toEqual(at(100));
    const [moved, opened] = planVoiceSessions([openRecord('u2', 'c1', 100)], [obs('u2', 'c2', 50)], ids());
    expect(moved?.leftAt).toEqual(at(100));
    expect(opened?.joinedAt).toEqual(at(100));
  });

  it('does not mutate the open sessions it was given', () => {
    const open = openRecord('u1', 'c1', 0);
    planVoiceSessions([open], [obs('u1', 'c1', 30, muted)], ids());
    expect(open.states).toHaveLength(1);
  });
});

function timeline(
  userId: string,
  from: number,
  to: number | null,
  states: [number, VoiceFlags][] = [[from, quiet]],
) {
  return {
    userId,
    joinedAt: at(from),
    leftAt: to === null ? null : at(to),
    states: states.map(([s, flags]) => ({ at: at(s), ...flags })),
  } satisfies VoiceTimeline;
}

describe('karma-eligible voice time', () => {
  const now = T0 + 24 * 3600 * 1000;

  it('counts nothing for a member alone in the channel', () => {
    expect(eligibleVoiceSeconds(timeline('me', 0, 3600), [], now)).toBe(0);
  });

  it('counts the time spent with someone else', () => {
    expect(eligibleVoiceSeconds(timeline('me', 0, 3600), [timeline('you', 600, 1800)], now)).toBe(1200);
  });

  it('does not count muted time', () => {
    const me = timeline('me', 0, 3600, [
      [0, quiet],
      [600, muted],
      [1200, quiet],
    ]);
    expect(eligibleVoiceSeconds(me, [timeline('you', 0, 3600)], now)).toBe(3000);
  });

  it('does not count deafened time, nor server-muted time', () => {
    const me = timeline('me', 0, 3600, [
      [0, deafened],
      [1800, { ...quiet, mute: true }],
    ]);
    expect(eligibleVoiceSeconds(me, [timeline('you', 0, 3600)], now)).toBe(0);
  });

  it('does not count company that is deafened (nobody listens)', () => {
    const you = timeline('you', 0, 3600, [
      [0, deafened],
      [3000, quiet],
    ]);
    expect(eligibleVoiceSeconds(timeline('me', 0, 3600), [you], now)).toBe(600);
  });

  it('counts overlapping company once', () => {
    expect(
      eligibleVoiceSeconds(timeline('me', 0, 3600), [timeline('a', 0, 2000), timeline('b', 1000, 3600)], now),
    ).toBe(3600);
  });

  it('ignores other sessions of the same member', () => {
    expect(eligibleVoiceSeconds(timeline('me', 0, 3600), [timeline('me', 0, 3600)], now)).toBe(0);
  });

  it('counts an open session until now', () => {
    const openNow = T0 + 900_000;
    expect(eligibleVoiceSeconds(timeline('me', 0, null), [timeline('you', 0, null)], openNow)).toBe(900);
  });

  it('answers zero for a session that has not begun by now', () => {
    expect(eligibleVoiceSeconds(timeline('me', 100, null), [timeline('you', 0, null)], T0)).toBe(0);
  });

  it('converts to whole minutes, rounding down', () => {
    expect(eligibleVoiceMinutes(timeline('me', 0, 179), [timeline('you', 0, 179)], now)).toBe(2);
  });
});
