import { createMemoryHotStore } from './memory.ts';
import type { HotStore } from './port.ts';
import { createRedisHotStore } from './redis.ts';

export { createMemoryHotStore, type MemoryHotStore, type MemoryHotStoreOptions } from './memory.ts';
export type {
  HitResult,
  HotStore,
  HotStoreKind,
  RangeByScoreOptions,
  ScoredMember,
  SetOptions,
  SortOrder,
} from './port.ts';
export { createRedisHotStore, type RedisHotStoreOptions, redactRedisUrl } from './redis.ts';

export interface HotStoreConfig {
  /** REDIS_URL. Unset or empty: the in-process store (one process only, lost on restart, which is fine for hot data). */
  readonly redisUrl?: string | undefined;
  readonly keyPrefix?: string;
  readonly onError?: (error: Error) => void;
}

/** Chooses the adapter; with a URL it connects first and rejects, naming REDIS_URL, when Redis is unreachable. */
export async function createHotStore(config: HotStoreConfig = {}): Promise<HotStore> {
  if (!config.redisUrl) return createMemoryHotStore();
  return createRedisHotStore({
    url: config.redisUrl,
    ...(config.keyPrefix === undefined ? {} : { keyPrefix: config.keyPrefix }),
    ...(config.onError === undefined ? {} : { onError: config.onError }),
  });
}
