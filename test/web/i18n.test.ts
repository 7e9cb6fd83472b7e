import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/i18n/languages.ts';

const DIR = fileURLToPath(new URL('../../shared/i18n/', import.meta.url));
const PLURAL = /_(zero|one|two|few|many|other)$/;

function load(code: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${DIR}${code}.json`, 'utf8')) as Record<string, unknown>;
}

/** `{a: {b: 'x'}}` -> `[['a.b', 'x']]`; a non-string leaf is reported as such. */
function leaves(tree: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? leaves(value as Record<string, unknown>, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}

/** Plural forms differ by language (English has `_one`, Japanese only `_other`): compare their base. */
function baseKeys(tree: Record<string, unknown>): Set<string> {
  return new Set(leaves(tree).map(([key]) => key.replace(PLURAL, '')));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

const translations = LANGUAGES.map((l) => ({ code: l.code, tree: load(l.code) }));

describe('dashboard translations', () => {
  it('has a file for each language of the switch, and no other', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual(LANGUAGES.map((l) => l.code).sort());
  });

  it('has every key in every language', () => {
    const all = new Set(translations.flatMap((t) => [...baseKeys(t.tree)]));
    for (const { code, tree } of translations) {
      const keys = baseKeys(tree);
      const missing = [...all].filter((k) => !keys.has(k));
      expect(missing, `keys missing in ${code}.json`).toEqual([]);
    }
  });

  it('has the plural forms each language needs', () => {
    for (const { code, tree } of translations) {
      const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
      const keys = new Set(leaves(tree).map(([key]) => key));
      const plurals = new Set([...keys].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const base of plurals) {
        for (const category of categories) {
          expect(keys.has(`${base}_${category}`), `${code}.json needs ${base}_${category}`).toBe(true);
        }
      }
    }
  });

  it('translates every key to a non-empty text with the same placeholders as English', () => {
    const english = new Map(leaves(load('en')).map(([k, v]) => [k.replace(PLURAL, ''), v]));
    for (const { code, tree } of translations) {
      for (const [key, value] of leaves(tree)) {
        expect(typeof value === 'string' && value.trim().length > 0, `${code}: ${key} is empty`).toBe(true);
        const reference = english.get(key.replace(PLURAL, ''));
        if (typeof value === 'string' && typeof reference === 'string') {
          expect(placeholders(value), `${code}: ${key} placeholders`).toEqual(placeholders(reference));
        }
      }
    }
  });
});
