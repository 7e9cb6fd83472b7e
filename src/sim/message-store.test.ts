import { describe, expect, it } from 'vitest';
import { MessageStore } from './message-store.ts';
import { snowflakeFromParts } from './snowflake.ts';
import type { SimMessage } from './types.ts';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const idAt = (i: number): string => snowflakeFromParts(T0 + i * 1000, 0, 0, 0);

function store(count: number): { store: MessageStore; ids: string[] } {
  const s = new MessageStore();
  const ids = Array.from({ length: count }, (_, i) => idAt(i));
  const messages: SimMessage[] = ids.map((id) => ({
    id,
    channelId: 'c',
    guildId: 'g',
    authorId: 'u',
    content: id,
    type: 0,
    editedAt: null,
    flags: 0,
  }));
  // Shuffled bulk load must still come out sorted.
  s.insertMany([...messages].reverse());
  return { store: s, ids };
}

const ids = (list: SimMessage[]): string[] => list.map((m) => m.id);

describe('message history paging', () => {
  const { store: s, ids: all } = store(250);

  it('returns the newest messages first without an anchor', () => {
    expect(ids(s.history('c', { limit: 3 }))).toEqual([all[249], all[248], all[247]]);
  });

  it('pages backwards with before (exclusive) down to an empty page', () => {
    expect(ids(s.history('c', { limit: 2, before: all[10] ?? '' }))).toEqual([all[9], all[8]]);
    expect(ids(s.history('c', { limit: 100, before: all[1] ?? '' }))).toEqual([all[0]]);
    expect(s.history('c', { limit: 100, before: all[0] ?? '' })).toEqual([]);
  });

  it('returns the messages right after an after anchor, still newest first', () => {
    expect(ids(s.history('c', { limit: 3, after: all[10] ?? '' }))).toEqual([all[13], all[12], all[11]]);
    expect(s.history('c', { limit: 3, after: all[249] ?? '' })).toEqual([]);
  });

  it('centres around on the anchor, including it', () => {
    expect(ids(s.history('c', { limit: 4, around: all[100] ?? '' }))).toEqual([
      all[102],
      all[101],
      all[100],
      all[99],
    ]);
    expect(ids(s.history('c', { limit: 5, around: all[0] ?? '' }))).toEqual([all[2], all[1], all[0]]);
  });

  it('accepts anchors that are not message ids (a time turned into a snowflake)', () => {
    const between = snowflakeFromParts(T0 + 10_500, 0, 0, 0);
    expect(ids(s.history('c', { limit: 1, before: between }))).toEqual([all[10]]);
    expect(ids(s.history('c', { limit: 1, after: between }))).toEqual([all[11]]);
  });

  it('finds, inserts out of order and removes single messages', () => {
    const local = store(5).store;
    const late = snowflakeFromParts(T0 + 2500, 0, 0, 0);
    local.insert({
      id: late,
      channelId: 'c',
      guildId: 'g',
      authorId: 'u',
      content: '',
      type: 0,
      editedAt: null,
      flags: 0,
    });
    expect(ids(local.history('c', { limit: 3, before: idAt(3) }))).toEqual([late, idAt(2), idAt(1)]);
    expect(local.get('c', late)?.id).toBe(late);
    expect(local.remove('c', late)?.id).toBe(late);
    expect(local.get('c', late)).toBeUndefined();
    expect(local.total).toBe(5);
  });

  it('pages 250k messages quickly', () => {
    const big = store(250_000).store;
    const started = performance.now();
    let before: string | undefined;
    let pages = 0;
    for (;;) {
      const page = big.history('c', before ? { limit: 100, before } : { limit: 100 });
      if (page.length === 0) break;
      before = page[page.length - 1]?.id;
      pages += 1;
    }
    expect(pages).toBe(2500);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
