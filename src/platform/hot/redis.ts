import { Redis, type RedisOptions } from 'ioredis';
import type {
  HitResult,
  HotStore,
  RangeByScoreOptions,
  ScoredMember,
  SetOptions,
  SortOrder,
  TouchLimit,
  TouchResult,
} from './port.ts';
import { touchBatcher } from './redis-touch.ts';
import { expireTtl, integer, nonNegativeInteger, positiveTtl, score } from './validate.ts';

export interface RedisHotStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...` (the value of REDIS_URL). */
  readonly url: string;
  /** Prepended to every key, so several deployments or test runs can share one database. */
  readonly keyPrefix?: string;
  /** Give up on the first connection after this long. Default 2000 ms. */
  readonly connectTimeoutMs?: number;
  /** Reject a command whose reply has not come after this long. Default 1000 ms. */
  readonly commandTimeoutMs?: number;
  /** Connection errors after the first connect (calls reject on their own; this is for logging). */
  readonly onError?: (error: Error) => void;
}

// Lua keeps "create with TTL" and the rate-limit window atomic on any Redis >= 2.6 (PEXPIRE NX needs 7).
const INCR_WITH_TTL = `
local created = redis.call('EXISTS', KEYS[1]) == 0
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if created then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value`;

const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

type ScriptedRedis = Redis & {
  hearthIncrWithTtl(key: string, by: number, ttlMs: number): Promise<number>;
  hearthHit(key: string, windowMs: number): Promise<[number, number]>;
};

function formatScore(value: number): string {
  if (value === Infinity) return '+inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

function parseScore(reply: string): number {
  if (reply === 'inf' || reply === '+inf') return Infinity;
  if (reply === '-inf') return -Infinity;
  return Number(reply);
}

function pairs(reply: readonly string[]): ScoredMember[] {
  const result: ScoredMember[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    result.push({ member: reply[i] as string, score: parseScore(reply[i + 1] as string) });
  }
  return result;
}

/** The URL as it may appear in messages and logs: never with its password. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function assertRedisUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error(`REDIS_URL is not a valid URL (expected redis://host:port/db): ${redactRedisUrl(url)}`);
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// or rediss://, got ${protocol}//`);
  }
}

/** Connects, or fails with a message naming REDIS_URL instead of ioredis's bare "Connection is closed". */
async function connect(client: Redis, url: string, timeoutMs: number): Promise<void> {
  let onError: ((error: Error) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    onError = reject;
    client.on('error', onError);
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const connecting = client.connect();
  connecting.catch(() => {});
  try {
    await Promise.race([connecting, failed]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot connect to Redis at ${redactRedisUrl(url)} (REDIS_URL): ${reason}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    if (onError) client.off('error', onError);
  }
}

/**
 * Redis HotStore. A dead Redis fails calls fast rather than queueing them: no offline queue, no
 * resend of in-flight commands after a reconnect, and a per-command timeout for a Redis that hangs.
 * The client keeps reconnecting in the background, so calls work again once Redis is back.
 */
export async function createRedisHotStore(options: RedisHotStoreOptions): Promise<HotStore> {
  assertRedisUrl(options.url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  // Once false, a lost connection is not re-established (after close, or a failed first connect:
  // ioredis would otherwise keep a half-open client retrying in the background).
  let reconnect = true;
  const clientOptions: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    retryStrategy: (attempt) => (reconnect ? Math.min(attempt * 200, 2000) : null),
    // Commands issued in the same tick leave in one socket write (and the next batch goes as soon
    // as the previous one is answered). Under load, a write per command costs more CPU than Redis
    // itself (bench/presence.ts): batching makes heartbeats and rate-limit hits cheap.
    enableAutoPipelining: true,
    // Batched already (redis-touch.ts), and sent the moment the batch closes.
    autoPipeliningIgnoredCommands: ['hearthTouchMany'],
  };
  if (options.keyPrefix !== undefined) clientOptions.keyPrefix = options.keyPrefix;
  const client = new Redis(options.url, clientOptions) as ScriptedRedis;
  client.defineCommand('hearthIncrWithTtl', { numberOfKeys: 1, lua: INCR_WITH_TTL });
  client.defineCommand('hearthHit', { numberOfKeys: 1, lua: HIT });
  const touch = touchBatcher(client);

  // Always listening: without a listener ioredis prints every connection error to stderr. Errors of
  // the first connect are reported by the throw below, later ones by rejected calls and onError.
  let connected = false;
  client.on('error', (error: Error) => {
    if (connected) options.onError?.(error);
  });
  try {
    await connect(client, options.url, connectTimeoutMs);
  } catch (error) {
    reconnect = false;
    client.disconnect();
    throw error;
  }
  connected = true;

  let closed = false;

  return {
    kind: 'redis',

    get: (key) => client.get(key),

    async set(key: string, value: string, setOptions: SetOptions = {}): Promise<boolean> {
      const ttl = setOptions.ttlMs === undefined ? undefined : positiveTtl(setOptions.ttlMs);
      let reply: 'OK' | null;
      if (ttl === undefined) {
        reply = setOptions.onlyIfAbsent ? await client.set(key, value, 'NX') : await client.set(key, value);
      } else {
        reply = setOptions.onlyIfAbsent
          ? await client.set(key, value, 'PX', ttl, 'NX')
          : await client.set(key, value, 'PX', ttl);
      }
      return reply === 'OK';
    },

    async del(...keys: readonly string[]): Promise<number> {
      return keys.length === 0 ? 0 : client.del(...keys);
    },

    async expire(key: string, ttlMs: number): Promise<boolean> {
      return (await client.pexpire(key, expireTtl(ttlMs))) === 1;
    },

    async ttl(key: string): Promise<number | null> {
      const reply = await client.pttl(key);
      return reply < 0 ? null : reply;
    },

    async incr(key: string, by = 1, ttlMs?: number): Promise<number> {
      integer(by, 'by');
      if (ttlMs === undefined) return client.incrby(key, by);
      return client.hearthIncrWithTtl(key, by, positiveTtl(ttlMs));
    },

    async zadd(key: string, entries: readonly ScoredMember[]): Promise<number> {
      const args: string[] = [];
      for (const entry of entries) args.push(formatScore(score(entry.score)), entry.member);
      return args.length === 0 ? 0 : client.zadd(key, ...args);
    },

    async zincrby(key: string, member: string, by: number): Promise<number> {
      return parseScore(await client.zincrby(key, formatScore(score(by, 'by')), member));
    },

    async zscore(key: string, member: string): Promise<number | null> {
      const reply = await client.zscore(key, member);
      return reply === null ? null : parseScore(reply);
    },

    async zrem(key: string, ...members: readonly string[]): Promise<number> {
      return members.length === 0 ? 0 : client.zrem(key, ...members);
    },

    zcard: (key) => client.zcard(key),

    zrank: (key: string, member: string, order: SortOrder = 'asc') =>
      order === 'asc' ? client.zrank(key, member) : client.zrevrank(key, member),

    async zrange(
      key: string,
      start: number,
      stop: number,
      order: SortOrder = 'asc',
    ): Promise<ScoredMember[]> {
      integer(start, 'start');
      integer(stop, 'stop');
      return pairs(
        order === 'asc'
          ? await client.zrange(key, start, stop, 'WITHSCORES')
          : await client.zrevrange(key, start, stop, 'WITHSCORES'),
      );
    },

    async zrangeByScore(
      key: string,
      min: number,
      max: number,
      rangeOptions: RangeByScoreOptions = {},
    ): Promise<ScoredMember[]> {
      const low = formatScore(score(min, 'min'));
      const high = formatScore(score(max, 'max'));
      const offset = nonNegativeInteger(rangeOptions.offset ?? 0, 'offset');
      // Redis reads a negative LIMIT count as "all".
      const count = rangeOptions.limit === undefined ? -1 : nonNegativeInteger(rangeOptions.limit, 'limit');
      const reply =
        (rangeOptions.order ?? 'asc') === 'asc'
          ? await client.zrangebyscore(key, low, high, 'WITHSCORES', 'LIMIT', offset, count)
          : await client.zrevrangebyscore(key, high, low, 'WITHSCORES', 'LIMIT', offset, count);
      return pairs(reply);
    },

    async zcount(key: string, min: number, max: number): Promise<number> {
      return client.zcount(key, formatScore(score(min, 'min')), formatScore(score(max, 'max')));
    },

    async zremRangeByScore(key: string, min: number, max: number): Promise<number> {
      return client.zremrangebyscore(key, formatScore(score(min, 'min')), formatScore(score(max, 'max')));
    },

    async ztouch(
      key: string,
      member: string,
      value: number,
      countMin: number,
      limit?: TouchLimit,
    ): Promise<TouchResult> {
      const reply = await touch({
        key,
        member,
        score: formatScore(score(value)),
        countMin: formatScore(score(countMin, 'countMin')),
        limitKey: limit ? limit.key : null,
        limit: limit ? nonNegativeInteger(limit.limit, 'limit') : 0,
        windowMs: limit ? positiveTtl(limit.windowMs, 'windowMs') : 0,
      });
      const [present, hits, resetInMs, count] = reply;
      return {
        present: present === 1,
        hit:
          limit && hits >= 0
            ? {
                allowed: hits <= limit.limit,
                count: hits,
                remaining: Math.max(limit.limit - hits, 0),
                resetInMs,
              }
            : null,
        count,
      };
    },

    async hit(key: string, limit: number, windowMs: number): Promise<HitResult> {
      nonNegativeInteger(limit, 'limit');
      const [count, resetInMs] = await client.hearthHit(key, positiveTtl(windowMs, 'windowMs'));
      return { allowed: count <= limit, count, remaining: Math.max(limit - count, 0), resetInMs };
    },

    async ping(): Promise<number> {
      const started = performance.now();
      await client.ping();
      return performance.now() - started;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      reconnect = false;
      if (client.status === 'ready') {
        try {
          await client.quit();
          return;
        } catch {
          // Redis went away mid-quit: fall through and drop the socket.
        }
      }
      client.disconnect();
    },
  };
}
