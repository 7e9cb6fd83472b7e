import type { HitResult, HotStore, ScoredMember } from '../../platform/hot/port.ts';
import { windowStart } from './domain.ts';

/**
 * Presence's hot data, on any HotStore:
 * - `presence:stage:<id>`: sorted set of open session ids -> last heartbeat (epoch ms); voice
 *   members carry +Infinity, since Discord tells us when they leave and they never heartbeat;
 * - `presence:active`: sorted set of stage ids -> last join, the stages the jobs look at;
 * - `presence:rl:*`: rate-limit windows.
 * Nothing here is the record: the sweeper rebuilds it from open sessions in PostgreSQL.
 */
export const ACTIVE_KEY = 'presence:active';
export const stageKey = (stageId: string): string => `presence:stage:${stageId}`;
const heartbeatLimitKey = (sessionId: string): string => `presence:rl:hb:${sessionId}`;
const joinLimitKey = (client: string): string => `presence:rl:join:${client}`;

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface PresenceHot {
  /** Live viewers of a stage at `nowMs`: sessions seen within the TTL, voice members included. */
  count(stageId: string, ttlSeconds: number, nowMs: number): Promise<number>;
  /** Records a heartbeat; returns false when the session was not in the set (ended or unknown). */
  touch(stageId: string, sessionId: string, nowMs: number): Promise<boolean>;
  /** Puts a session in the set with the given score (a heartbeat time, or +Infinity for voice). */
  put(stageId: string, entries: readonly ScoredMember[]): Promise<void>;
  remove(stageId: string, ...sessionIds: readonly string[]): Promise<void>;
  score(stageId: string, sessionId: string): Promise<number | null>;
  members(stageId: string): Promise<ScoredMember[]>;
  clear(stageId: string): Promise<void>;
  markActive(stageId: string, nowMs: number): Promise<void>;
  markInactive(stageId: string): Promise<void>;
  activeStages(): Promise<string[]>;
  heartbeatAllowed(sessionId: string, limit: RateLimit): Promise<HitResult>;
  joinAllowed(client: string, limit: RateLimit): Promise<HitResult>;
}

export function presenceHot(hot: HotStore): PresenceHot {
  return {
    count: (stageId, ttlSeconds, nowMs) =>
      hot.zcount(stageKey(stageId), windowStart(nowMs, ttlSeconds), Infinity),
    async touch(stageId, sessionId, nowMs) {
      const key = stageKey(stageId);
      // Add first, then look at what the add says: a session the sweeper (or a leave) removed meanwhile
      // shows up as new, is taken out again, and is refused. Checking first and adding afterwards
      // would leave a ghost behind when the removal falls between the two.
      const added = await hot.zadd(key, [{ member: sessionId, score: nowMs }]);
      if (added === 0) return true;
      await hot.zrem(key, sessionId);
      return false;
    },
    async put(stageId, entries) {
      await hot.zadd(stageKey(stageId), entries);
    },
    async remove(stageId, ...sessionIds) {
      await hot.zrem(stageKey(stageId), ...sessionIds);
    },
    score: (stageId, sessionId) => hot.zscore(stageKey(stageId), sessionId),
    members: (stageId) => hot.zrange(stageKey(stageId), 0, -1),
    async clear(stageId) {
      await hot.del(stageKey(stageId));
      await hot.zrem(ACTIVE_KEY, stageId);
    },
    async markActive(stageId, nowMs) {
      await hot.zadd(ACTIVE_KEY, [{ member: stageId, score: nowMs }]);
    },
    async markInactive(stageId) {
      await hot.zrem(ACTIVE_KEY, stageId);
    },
    async activeStages() {
      return (await hot.zrange(ACTIVE_KEY, 0, -1)).map((m) => m.member);
    },
    heartbeatAllowed: (sessionId, limit) =>
      hot.hit(heartbeatLimitKey(sessionId), limit.limit, limit.windowMs),
    joinAllowed: (client, limit) => hot.hit(joinLimitKey(client), limit.limit, limit.windowMs),
  };
}
