import { describe, expect, it } from 'vitest';
import { countWords } from './words.ts';

describe('countWords', () => {
  it.each([
    ['', 0],
    ['hello', 1],
    ['hello world, how are you?', 5],
    ["don't stop", 2],
    ['   ', 0],
    ['!!! ???', 0],
    ['gg 2 ez', 3],
  ])('counts %j as %i words', (text, n) => {
    expect(countWords(text)).toBe(n);
  });

  it('counts Chinese words without spaces', () => {
    expect(countWords('我們今天一起去看電影')).toBeGreaterThanOrEqual(4);
  });

  it('counts Japanese words without spaces', () => {
    expect(countWords('今日はいい天気ですね')).toBeGreaterThanOrEqual(4);
  });

  it('counts mixed scripts and ignores emoji and punctuation', () => {
    expect(countWords('Hello 世界 👋!')).toBe(2);
  });
});
