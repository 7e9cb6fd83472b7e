/**
 * Test helpers for presence (imported by *.test.ts only), self-contained: a fake clock, fresh
 * guild ids and voice state events. The databases and hot stores the tests run on are in
 * test/support/presence-worlds.ts.
 */
import type { VoiceStateChanged } from '../../pipeline/events.ts';
import type { PresenceDirectory } from './directory.ts';

export const T0 = Date.parse('2026-03-01T12:00:00Z');

export interface Clock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function fakeClock(start = T0): Clock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
  };
}

let guildSeq = 0;
/** A guild id no other test of the file uses, so tests can share one database. */
export function freshGuild(): string {
  guildSeq += 1;
  return String(
    300_000_000_000_000_000n + BigInt(guildSeq) + BigInt(Math.floor(Math.random() * 1e9)) * 1000n,
  );
}

/** A voice state event `seconds` after T0, in a channel or (null) out of voice, unmuted by default. */
export function voice(
  guildId: string,
  userId: string,
  channelId: string | null,
  seconds: number,
  flags: Partial<Pick<VoiceStateChanged, 'selfMute' | 'selfDeaf' | 'mute' | 'deaf' | 'isBot'>> = {},
): VoiceStateChanged {
  return {
    kind: 'voice.state',
    id: null,
    guildId,
    at: new Date(T0 + seconds * 1000),
    source: 'live',
    userId,
    channelId,
    sessionId: `vs-${userId}`,
    selfMute: false,
    selfDeaf: false,
    mute: false,
    deaf: false,
    isBot: false,
    ...flags,
  };
}

/** A guild directory in memory: the channels and member names a test puts in it. */
export function fakeDirectory(): {
  directory: PresenceDirectory;
  channels: Map<string, { name: string; type: number }>;
  /** Display names by `${guildId}:${userId}`. */
  names: Map<string, string>;
} {
  const channels = new Map<string, { name: string; type: number }>();
  const names = new Map<string, string>();
  const pick = <T>(ids: readonly string[], from: (id: string) => T | undefined) =>
    new Map(
      ids.flatMap((id) => {
        const found = from(id);
        return found === undefined ? [] : [[id, found] as const];
      }),
    );
  return {
    directory: {
      channels: async (_q, ids) => pick(ids, (id) => channels.get(id)),
      memberNames: async (_q, guildId, userIds) => pick(userIds, (id) => names.get(`${guildId}:${id}`)),
    },
    channels,
    names,
  };
}
