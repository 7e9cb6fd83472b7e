import type { Redis } from 'ioredis';

/**
 * `ztouch` on Redis, batched: the touches issued while the previous batch is out (or within one
 * turn of the event loop) leave as ONE script call. A heartbeat used to be one EVALSHA of its own,
 * and at thousands per second ioredis's per-command work (a Command, a timeout timer, a slot in an
 * auto-pipeline, a reply promise) and Redis's per-script work were a large share of the API's CPU
 * (bench/presence.ts). Each touch still runs in order, exactly as its own script would.
 */

// KEYS: per touch its set and its limit's key (the set again without a limit); ARGV: per touch the
// member, score, countMin, limit and windowMs (0 without a limit). One reply per touch,
// {present, hits (-1 without a limit or member), resetInMs, count}, or the error of that touch
// alone (pcall): a WRONGTYPE key must not fail the other heartbeats that shared its call.
export const TOUCH_MANY = `
local function touch(set, rl, member, score, countMin, limit, windowMs)
  local present = redis.call('ZSCORE', set, member)
  local hits, ttl = -1, -1
  if present then
    if windowMs ~= '0' then
      hits = redis.call('INCR', rl)
      ttl = redis.call('PTTL', rl)
      if ttl < 0 then
        redis.call('PEXPIRE', rl, windowMs)
        ttl = tonumber(windowMs)
      end
    end
    if hits <= tonumber(limit) then redis.call('ZADD', set, 'XX', score, member) end
  end
  return {present and 1 or 0, hits, ttl, redis.call('ZCOUNT', set, countMin, '+inf')}
end
local replies = {}
for i = 1, #KEYS / 2 do
  local a = i * 5 - 5
  local ok, reply = pcall(touch, KEYS[i * 2 - 1], KEYS[i * 2], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5])
  if ok or type(reply) == 'table' then
    replies[i] = reply
  else
    replies[i] = redis.error_reply(tostring(reply))
  end
end
return replies`;

export type TouchReply = [present: number, hits: number, resetInMs: number, count: number];

export type TouchManyRedis = Redis & {
  hearthTouchMany(...args: (string | number)[]): Promise<(TouchReply | Error)[]>;
};

/** What the script needs of one touch, already validated and formatted. */
export interface TouchArgs {
  key: string;
  member: string;
  score: string;
  countMin: string;
  /** Null without a limit. */
  limitKey: string | null;
  limit: number;
  windowMs: number;
}

interface Pending extends TouchArgs {
  resolve(reply: TouchReply): void;
  reject(error: Error): void;
}

/** Enough to keep one script call short for Redis (it blocks everything else while it runs). */
const MAX_BATCH = 128;

/**
 * Defines the script on `client` (which must list `hearthTouchMany` in autoPipeliningIgnoredCommands:
 * the batch is already a pipeline, and a second wait for ioredis's would add a loop turn) and
 * returns the batched touch. Like ioredis's auto-pipelining, one batch is out at a time: touches
 * that come meanwhile leave together as soon as its answer is in, so batches grow with the load.
 */
export function touchBatcher(client: Redis): (args: TouchArgs) => Promise<TouchReply> {
  client.defineCommand('hearthTouchMany', { lua: TOUCH_MANY });
  const redis = client as TouchManyRedis;
  let queue: Pending[] = [];
  let scheduled = false;
  let out = 0;

  function send(batch: Pending[]): void {
    const args: (string | number)[] = [batch.length * 2];
    for (const t of batch) args.push(t.key, t.limitKey ?? t.key);
    for (const t of batch) args.push(t.member, t.score, t.countMin, t.limit, t.windowMs);
    out++;
    redis.hearthTouchMany(...args).then(
      (replies) => {
        for (let i = 0; i < batch.length; i++) {
          const t = batch[i] as Pending;
          const reply = replies[i];
          if (reply instanceof Error) t.reject(reply);
          else if (reply === undefined) t.reject(new Error('ztouch: no reply for this touch'));
          else t.resolve(reply);
        }
        settled();
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error : new Error(String(error));
        for (const t of batch) t.reject(reason);
        settled();
      },
    );
  }
  function settled(): void {
    out--;
    if (out === 0 && queue.length > 0) flush();
  }
  function flush(): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    for (let from = 0; from < batch.length; from += MAX_BATCH) {
      send(from === 0 && batch.length <= MAX_BATCH ? batch : batch.slice(from, from + MAX_BATCH));
    }
  }

  return (args) =>
    new Promise<TouchReply>((resolve, reject) => {
      queue.push({ ...args, resolve, reject });
      if (!scheduled && out === 0) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
