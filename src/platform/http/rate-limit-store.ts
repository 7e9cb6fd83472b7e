import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { HotStore } from '../hot/port.ts';

/**
 * Backs the API rate limiter with the HotStore, so that N API processes behind a load balancer
 * share one budget per client when REDIS_URL is set.
 */
export function hotStoreRateLimit(hot: HotStore, prefix = 'ratelimit:api'): FastifyRateLimitStoreCtor {
  const make = (scope: string): FastifyRateLimitStore => ({
    incr(key, callback, timeWindow, max) {
      hot.hit(`${prefix}:${scope}:${key}`, max, timeWindow).then(
        (result) => callback(null, { current: result.count, ttl: result.resetInMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
    child(routeOptions) {
      return make(`${routeOptions.method}:${routeOptions.path}`);
    },
  });
  return class HotStoreRateLimit {
    constructor() {
      // biome-ignore lint/correctness/noConstructorReturn: @fastify/rate-limit instantiates stores with `new`.
      return make('global');
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
