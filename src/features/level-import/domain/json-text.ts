import { fail } from './rows.ts';

/**
 * JSON.parse with an error that says where. V8's messages give a position only for some mistakes
 * ("Unexpected token 'x', ..." has none), so on failure a small syntax scanner finds the offset of
 * the first error and the message names its line and column.
 */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error))
      // V8 quotes a snippet of the text and appends a position; the place is given separately.
      .replace(/, (?:\.\.\.)?".*$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '');
    const offset = jsonErrorOffset(text);
    if (offset === null) return fail('bad_json', 'file', `not valid JSON (${reason})`);
    const { line, column } = lineColumn(text, offset);
    return fail('bad_json', `line ${line}, column ${column}`, `not valid JSON (${reason})`);
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';

/** The offset of the first syntax error in `text`; null when it is valid (or nested too deep to scan). */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const n = text.length;
  const space = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return;
      i++;
    }
  };
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c === 92) {
        const escaped = text[i + 1];
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (escaped !== undefined && ESCAPES.includes(escaped)) {
          i += 2;
        } else {
          return false;
        }
        continue;
      }
      i++;
    }
    return false;
  };
  const value = (): boolean => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return true;
      }
      for (;;) {
        space();
        if (text[i] !== '"' || !string()) return false;
        space();
        if (text[i] !== ':') return false;
        i++;
        if (!value()) return false;
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] !== '}') return false;
        i++;
        return true;
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return true;
      }
      for (;;) {
        if (!value()) return false;
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] !== ']') return false;
        i++;
        return true;
      }
    }
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (!number) return false;
    i += number[0].length;
    return true;
  };
  try {
    if (!value()) return i;
    space();
    return i < n ? i : null;
  } catch {
    // A stack overflow on absurd nesting: the caller reports the error without a place.
    return null;
  }
}
