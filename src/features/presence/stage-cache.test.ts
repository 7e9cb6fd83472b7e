import { describe, expect, it } from 'vitest';
import type { Stage } from './domain/index.ts';
import { createStageCache } from './stage-cache.ts';

const stage = (id: string, name = 'Live'): Stage => ({
  id,
  guildId: '1',
  kind: 'external',
  externalId: `arn:${id}`,
  name,
  isMaster: false,
  maxViewers: 50,
  ttlSeconds: 120,
  allowAnonymous: false,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

function world() {
  let now = 0;
  let name = 'v1';
  const loads: string[] = [];
  let fail = false;
  const cache = createStageCache({
    now: () => now,
    freshMs: 10_000,
    maxEntries: 3,
    load: async (id) => {
      loads.push(id);
      if (fail) throw new Error('database down');
      return id === 'gone' ? null : stage(id, name);
    },
  });
  return {
    cache,
    loads,
    advance: (ms: number) => {
      now += ms;
    },
    rename: (next: string) => {
      name = next;
    },
    failing: (value: boolean) => {
      fail = value;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('stage cache of the heartbeat path', () => {
  it('reads a stage once, then serves it from memory, unknown ones included', async () => {
    const w = world();
    expect(w.cache.peek('1')).toBeUndefined();
    const [a, b] = await Promise.all([w.cache.get('1'), w.cache.get('1')]);
    expect(a?.name).toBe('v1');
    expect(b).toBe(a);
    expect(await w.cache.get('gone')).toBeNull();
    expect(w.cache.peek('gone')).toBeNull();
    expect(w.loads).toEqual(['1', 'gone']);
  });

  it('serves a stale stage at once and refreshes it in the background, once', async () => {
    const w = world();
    await w.cache.get('1');
    w.rename('v2');
    w.advance(10_000);
    expect(w.cache.peek('1')?.name).toBe('v1');
    expect(w.cache.peek('1')?.name).toBe('v1');
    await settle();
    expect(w.cache.peek('1')?.name).toBe('v2');
    expect(w.loads).toEqual(['1', '1']);
  });

  it('keeps the stale copy when a refresh fails, and tries again', async () => {
    const w = world();
    await w.cache.get('1');
    w.failing(true);
    w.advance(10_000);
    expect(w.cache.peek('1')?.name).toBe('v1');
    await settle();
    w.failing(false);
    w.rename('v3');
    expect(w.cache.peek('1')?.name).toBe('v1');
    await settle();
    expect(w.cache.peek('1')?.name).toBe('v3');
  });

  it('holds a bounded number of stages, dropping the one read longest ago', async () => {
    const w = world();
    for (const id of ['1', '2', '3', '4']) await w.cache.get(id);
    expect(w.cache.peek('1')).toBeUndefined();
    expect(w.cache.peek('4')?.id).toBe('4');
    w.cache.forget('4');
    expect(w.cache.peek('4')).toBeUndefined();
  });
});
