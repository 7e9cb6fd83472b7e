import { describe, expect, it } from 'vitest';
import type { ScoredMember } from './port.ts';
import { compareMembers, SortedSet } from './sorted-set.ts';

/** Deterministic Lehmer generator, so a failing sequence can be replayed. */
function lehmer(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

describe('member order', () => {
  it('matches the byte order of UTF-8, which is how Redis compares members', () => {
    const alphabet = ['a', 'B', '0', 'é', '\u07ff', '\ud7ff', '\ue000', '\uffff', '😀', '𝄞', '\u{10ffff}'];
    const random = lehmer(1);
    const word = () =>
      Array.from(
        { length: 1 + Math.floor(random() * 4) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
    for (let i = 0; i < 5000; i++) {
      const a = word();
      const b = word();
      const expected = Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect(Math.sign(compareMembers(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(expected);
    }
  });
});

describe('SortedSet', () => {
  it('moves a member to its new place when its score changes', () => {
    const set = new SortedSet();
    expect(set.set('a', 1)).toBe(true);
    expect(set.set('b', 2)).toBe(true);
    expect(set.set('a', 3)).toBe(false);
    expect(set.slice(0, 2)).toEqual([
      { member: 'b', score: 2 },
      { member: 'a', score: 3 },
    ]);
    expect(set.rank('a')).toBe(1);
  });

  it('stays ordered after scattered removals leave its chunks sparse', () => {
    const set = new SortedSet();
    const names = Array.from({ length: 5000 }, (_, i) => `m${String(i).padStart(5, '0')}`);
    for (const [i, member] of names.entries()) set.set(member, i % 100);
    const kept = names.filter((_, i) => i % 4 === 0);
    for (const [i, member] of names.entries()) if (i % 4 !== 0) set.delete(member);
    const expected = kept
      .map((member) => ({ member, score: Number(member.slice(1)) % 100 }))
      .sort((a, b) => a.score - b.score || compareMembers(a.member, b.member));
    expect(set.slice(0, set.size)).toEqual(expected);
    for (const rank of [0, 1, 600, expected.length - 1]) {
      expect(set.rank((expected[rank] as ScoredMember).member)).toBe(rank);
    }
    set.set('new', 50);
    expect(set.rank('new')).toBe(expected.findIndex((e) => e.score > 50));
  });

  it('stays consistent with a plain sorted model across chunk splits and mass removals', () => {
    const random = lehmer(2024);
    const set = new SortedSet();
    const model = new Map<string, number>();
    const ordered = (): ScoredMember[] =>
      [...model]
        .map(([member, score]) => ({ member, score }))
        .sort((a, b) => a.score - b.score || compareMembers(a.member, b.member));
    const check = () => {
      const expected = ordered();
      expect(set.size).toBe(expected.length);
      expect(set.slice(0, expected.length)).toEqual(expected);
      for (let i = 0; i < 20 && expected.length > 0; i++) {
        const rank = Math.floor(random() * expected.length);
        const entry = expected[rank] as ScoredMember;
        expect(set.rank(entry.member)).toBe(rank);
        expect(set.slice(rank, rank + 3)).toEqual(expected.slice(rank, rank + 3));
        const bound = entry.score;
        expect(set.lowerBound(bound)).toBe(expected.findIndex((e) => e.score >= bound));
        const above = expected.findIndex((e) => e.score > bound);
        expect(set.upperBound(bound)).toBe(above === -1 ? expected.length : above);
      }
    };

    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 3000; i++) {
        const member = `m${Math.floor(random() * 6000)}`;
        const roll = random();
        if (roll < 0.75) {
          const score = Math.floor(random() * 300);
          expect(set.set(member, score)).toBe(!model.has(member));
          model.set(member, score);
        } else {
          expect(set.delete(member)).toBe(model.delete(member));
        }
      }
      check();
      const expected = ordered();
      const start = Math.floor(random() * expected.length);
      const end = start + Math.floor(random() * expected.length * 0.8);
      const removed = expected.slice(start, end);
      expect(set.deleteRange(start, end)).toBe(removed.length);
      for (const entry of removed) model.delete(entry.member);
      check();
    }
    expect(set.deleteRange(0, set.size)).toBe(model.size);
    expect(set.size).toBe(0);
    expect(set.slice(0, 10)).toEqual([]);
    expect(set.lowerBound(0)).toBe(0);
  });
});
