import { describe, expect, it } from 'vitest';
import { RecentAuthors } from './authors.ts';

describe('RecentAuthors', () => {
  it('attributes recent messages and forgets the oldest beyond its bound', () => {
    const authors = new RecentAuthors(4);
    for (let i = 1; i <= 6; i++) authors.remember(`m${i}`, `u${i}`);
    expect(authors.size).toBeLessThanOrEqual(4);
    expect(authors.authorOf('m6')).toBe('u6');
    expect(authors.authorOf('m5')).toBe('u5');
    expect(authors.authorOf('m1')).toBeNull();
    expect(authors.authorOf('unknown')).toBeNull();
  });

  it('always keeps at least the last half of its bound', () => {
    const authors = new RecentAuthors(1000);
    for (let i = 0; i < 10_000; i++) authors.remember(String(i), `u${i % 7}`);
    for (let i = 9_500; i < 10_000; i++) expect(authors.authorOf(String(i))).toBe(`u${i % 7}`);
    expect(authors.size).toBeGreaterThanOrEqual(500);
    expect(authors.size).toBeLessThanOrEqual(1000);
  });
});
