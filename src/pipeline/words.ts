/**
 * Counts words the way a reader would, in any script. Chinese and Japanese (the seeds' languages)
 * have no spaces between words, so whitespace splitting would count a whole sentence as one word;
 * Intl.Segmenter knows their word boundaries. ASCII text, the common case, takes a fast path.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point.
const ASCII = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*/g;

export function countWords(text: string): number {
  if (text.length === 0) return 0;
  if (ASCII.test(text)) return text.match(ASCII_WORD)?.length ?? 0;
  let words = 0;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) words++;
  return words;
}
