import type { HitResult, HotStore, ScoredMember, TouchResult } from '../../platform/hot/port.ts';
import { windowStart } from './domain/index.ts';

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
  /**
   * A heartbeat, in one hot-store step (one Redis round trip): counts it against the session's
   * limit, records it when allowed, and answers the stage's count. A session that is not in the
   * set (ended, timed out, unknown) is not written back and costs no rate-limit key.
   */
  heartbeat(
    stageId: string,
    sessionId: string,
    nowMs: number,
    ttlSeconds: number,
    limit: number,
  ): Promise<TouchResult>;
  /** Puts a session in the set with the given score (a heartbeat time, or +Infinity for voice). */
  put(stageId: string, entries: readonly ScoredMember[]): Promise<void>;
  remove(stageId: string, ...sessionIds: readonly string[]): Promise<void>;
  score(stageId: string, sessionId: string): Promise<number | null>;
  members(stageId: string): Promise<ScoredMember[]>;
  /** Up to `limit` sessions seen since `fromMs`, latest heartbeat first (voice members first of all). */
  recent(stageId: string, fromMs: number, limit: number): Promise<ScoredMember[]>;
  clear(stageId: string): Promise<void>;
  markActive(stageId: string, nowMs: number): Promise<void>;
  markInactive(stageId: string): Promise<void>;
  activeStages(): Promise<string[]>;
  joinAllowed(client: string, limit: RateLimit): Promise<HitResult>;
}

export function presenceHot(hot: HotStore): PresenceHot {
  return {
    count: (stageId, ttlSeconds, nowMs) =>
      hot.zcount(stageKey(stageId), windowStart(nowMs, ttlSeconds), Infinity),
    // ztouch updates a member only if it is there, atomically: a session the sweeper (or a leave)
    // removed is never written back, so no ghost can appear between a check and a write.
    heartbeat: (stageId, sessionId, nowMs, ttlSeconds, limit) =>
      hot.ztouch(stageKey(stageId), sessionId, nowMs, windowStart(nowMs, ttlSeconds), {
        key: heartbeatLimitKey(sessionId),
        limit,
        windowMs: ttlSeconds * 1000,
      }),
    async put(stageId, entries) {
      await hot.zadd(stageKey(stageId), entries);
    },
    async remove(stageId, ...sessionIds) {
      await hot.zrem(stageKey(stageId), ...sessionIds);
    },
    score: (stageId, sessionId) => hot.zscore(stageKey(stageId), sessionId),
    members: (stageId) => hot.zrange(stageKey(stageId), 0, -1),
    recent: (stageId, fromMs, limit) =>
      hot.zrangeByScore(stageKey(stageId), fromMs, Number.POSITIVE_INFINITY, { order: 'desc', limit }),
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
    joinAllowed: (client, limit) => hot.hit(joinLimitKey(client), limit.limit, limit.windowMs),
  };
}
