import { describe, expect, it } from 'vitest';
import {
  admits,
  discordStageOf,
  heartbeatIntervalSeconds,
  isPresent,
  sessionDurationSeconds,
  stageKindOfChannel,
  timeoutLeftAt,
  viewerKey,
  windowStart,
} from './stage.ts';

const T0 = Date.parse('2026-03-01T12:00:00Z');

describe('the TTL window', () => {
  it('starts exactly one TTL before now', () => {
    expect(windowStart(T0, 120)).toBe(T0 - 120_000);
  });

  it('counts a viewer whose last heartbeat is exactly one TTL old', () => {
    expect(isPresent(T0 - 120_000, T0, 120)).toBe(true);
  });

  it('stops counting a viewer one millisecond after the TTL passes', () => {
    expect(isPresent(T0 - 120_001, T0, 120)).toBe(false);
  });

  it('counts a voice member (score +Infinity) however late it is', () => {
    expect(isPresent(Infinity, T0 + 10 * 365 * 86_400_000, 10)).toBe(true);
  });

  it('honours a per-stage TTL', () => {
    expect(isPresent(T0 - 15_000, T0, 10)).toBe(false);
    expect(isPresent(T0 - 15_000, T0, 30)).toBe(true);
  });

  it('suggests heartbeating four times per TTL, at least every second', () => {
    expect(heartbeatIntervalSeconds(120)).toBe(30);
    expect(heartbeatIntervalSeconds(10)).toBe(2);
    expect(heartbeatIntervalSeconds(3)).toBe(1);
  });
});

describe('capacity', () => {
  const stage = { isMaster: false, maxViewers: 2 };

  it('admits the newcomer while the count including them stays within max_viewers', () => {
    expect(admits(stage, 1)).toBe(true);
    expect(admits(stage, 2)).toBe(true);
  });

  it('refuses the newcomer who would exceed max_viewers', () => {
    expect(admits(stage, 3)).toBe(false);
  });

  it('refuses everyone on a stage with max_viewers 0', () => {
    expect(admits({ isMaster: false, maxViewers: 0 }, 1)).toBe(false);
  });

  it('exempts master stages from the limit', () => {
    expect(admits({ isMaster: true, maxViewers: 2 }, 10_000)).toBe(true);
  });
});

describe('session durations', () => {
  it('counts whole seconds, rounded', () => {
    expect(sessionDurationSeconds(new Date(T0), new Date(T0 + 90_400))).toBe(90);
    expect(sessionDurationSeconds(new Date(T0), new Date(T0 + 90_500))).toBe(91);
  });

  it('is never negative when a leave predates the join', () => {
    expect(sessionDurationSeconds(new Date(T0), new Date(T0 - 5_000))).toBe(0);
  });

  it('ends a vanished viewer at their last heartbeat', () => {
    expect(timeoutLeftAt(new Date(T0), T0 + 60_000)).toEqual(new Date(T0 + 60_000));
  });

  it('never ends a vanished viewer before they joined', () => {
    expect(timeoutLeftAt(new Date(T0), T0 - 60_000)).toEqual(new Date(T0));
  });
});

describe('viewer identity', () => {
  it('keys members by user id and anonymous viewers by participant id, apart', () => {
    expect(viewerKey({ userId: '42' })).toBe('u:42');
    expect(viewerKey({ participantId: '42' })).toBe('a:42');
  });
});

describe('stage kinds of Discord channels', () => {
  it('makes a stage channel (type 13) a discord_stage', () => {
    expect(stageKindOfChannel(13)).toBe('discord_stage');
  });

  it('makes a voice channel, an unknown type or an unknown channel a discord_voice', () => {
    expect(stageKindOfChannel(2)).toBe('discord_voice');
    expect(stageKindOfChannel(0)).toBe('discord_voice');
    expect(stageKindOfChannel(null)).toBe('discord_voice');
    expect(stageKindOfChannel(undefined)).toBe('discord_voice');
  });

  it('names a stage after its channel, or after the channel id when Hearth does not know the channel', () => {
    expect(discordStageOf('42', { name: 'Town hall', type: 13 })).toEqual({
      kind: 'discord_stage',
      name: 'Town hall',
    });
    expect(discordStageOf('42', undefined)).toEqual({ kind: 'discord_voice', name: 'voice 42' });
  });
});
