import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACHIEVEMENTS } from '../features/achievements/domain/index.ts';
import { DEFAULT_TITLE_TIERS } from '../features/levels/domain/index.ts';
import { DEFAULT_QUESTS } from '../features/quests/domain/index.ts';
import { BOT_MESSAGES, DASHBOARD_MESSAGES, LANGUAGES, type Language } from './translate.ts';

/**
 * The bot's translation files, held to the dashboard's rules (test/web/i18n.test.ts): every key in
 * every language, the plural forms each language needs, the same placeholders as English; and to
 * the dashboard's words: where an English text names karma, a level, a quest..., the translation
 * uses the dashboard's term for it, so both sides read the same.
 */

const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { readonly [key: string]: unknown };

function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? leaves(value as Tree, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function get(tree: Tree, key: string): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree);
  if (typeof value !== 'string') throw new Error(`the dashboard has no ${key}`);
  return value;
}

const codes = LANGUAGES.map((l) => l.code);

/** English words and the dashboard key of their translation, which every translation must use. */
const GLOSSARY: [RegExp, string][] = [
  [/\bkarma\b/i, 'leaderboard.karma'],
  [/\blevels?\b/i, 'leaderboard.level'],
  [/\brank\b/i, 'leaderboard.rank'],
  [/\bleaderboard\b/i, 'leaderboard.title'],
  [/\bquests?\b/i, 'profile.log.sources.quest'],
  [/\bachievements?\b/i, 'profile.log.sources.achievement'],
];
const english = new Map(leaves(BOT_MESSAGES.en).map(([k, v]) => [k.replace(PLURAL, ''), v]));

describe('bot translations', () => {
  it('has a file for each of the dashboard’s languages, and no other', () => {
    const dir = fileURLToPath(new URL('./', import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual([...codes].sort());
  });

  it('has every key in every language', () => {
    const base = (code: Language) => new Set(leaves(BOT_MESSAGES[code]).map(([k]) => k.replace(PLURAL, '')));
    const all = new Set(codes.flatMap((code) => [...base(code)]));
    for (const code of codes) {
      const keys = base(code);
      expect(
        [...all].filter((k) => !keys.has(k)),
        `keys missing in src/i18n/${code}.json`,
      ).toEqual([]);
    }
  });

  it('has the plural forms each language needs', () => {
    for (const code of codes) {
      const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
      const keys = new Set(leaves(BOT_MESSAGES[code]).map(([k]) => k));
      const plurals = new Set([...keys].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const base of plurals) {
        for (const category of categories) {
          expect(keys.has(`${base}_${category}`), `${code}.json needs ${base}_${category}`).toBe(true);
        }
      }
    }
  });

  it('translates every key to a non-empty text with the same placeholders as English', () => {
    for (const code of codes) {
      for (const [key, value] of leaves(BOT_MESSAGES[code])) {
        expect(typeof value === 'string' && value.trim().length > 0, `${code}: ${key} is empty`).toBe(true);
        const reference = english.get(key.replace(PLURAL, ''));
        if (typeof value === 'string' && typeof reference === 'string') {
          expect(placeholders(value), `${code}: ${key} placeholders`).toEqual(placeholders(reference));
        }
      }
    }
  });

  it('uses the dashboard’s word wherever the English text names a shared term', () => {
    for (const code of codes.filter((c) => c !== 'en')) {
      for (const [key, value] of leaves(BOT_MESSAGES[code])) {
        const reference = english.get(key.replace(PLURAL, ''));
        if (typeof reference !== 'string' || typeof value !== 'string') continue;
        const words = reference.replace(/\{\{\s*\w+\s*\}\}/g, '');
        for (const [pattern, dashboardKey] of GLOSSARY) {
          if (!pattern.test(words)) continue;
          const term = get(DASHBOARD_MESSAGES[code], dashboardKey);
          expect(value, `${code}: ${key} should say “${term}” as the dashboard does`).toContain(term);
        }
      }
    }
  });

  it('fits Discord’s 100 characters for command and option descriptions', () => {
    for (const code of codes) {
      for (const [key, value] of leaves(BOT_MESSAGES[code])) {
        if (key.startsWith('commands.'))
          expect(String(value).length, `${code}: ${key}`).toBeLessThanOrEqual(100);
      }
    }
  });
});

/**
 * The default catalogs' translations (`catalog.*` in the dashboard's files), which both sides show
 * instead of a default's English text: one for every default in every language, the English file
 * holding the defaults' exact English (how a default still in use is recognised) and the Chinese
 * one the defaults' own Chinese, so neither drifts from `DEFAULTS`.
 */
describe('default catalog translations', () => {
  type Text = { path: string; en: string; zh: string | undefined };
  const texts: Text[] = [
    ...(['quests', 'achievements'] as const).flatMap((kind) =>
      (kind === 'quests' ? DEFAULT_QUESTS : DEFAULT_ACHIEVEMENTS).flatMap((item) => [
        { path: `catalog.${kind}.${item.key}.name`, en: item.name, zh: item.nameZh },
        { path: `catalog.${kind}.${item.key}.description`, en: item.description, zh: item.descriptionZh },
      ]),
    ),
    ...DEFAULT_TITLE_TIERS.map((tier) => ({
      path: `catalog.levelTitles.${tier.title}`,
      en: tier.title,
      zh: undefined,
    })),
  ];
  const find = (code: Language, path: string) => {
    try {
      return get(DASHBOARD_MESSAGES[code], path);
    } catch {
      return undefined;
    }
  };

  it('translates every default quest, achievement and level title in every language', () => {
    for (const code of codes) {
      const missing = texts.filter(({ path }) => !find(code, path)?.trim()).map(({ path }) => path);
      expect(missing, `missing in shared/i18n/${code}.json`).toEqual([]);
    }
  });

  it('holds the defaults’ English and Chinese text as DEFAULTS writes it', () => {
    for (const { path, en, zh } of texts) {
      expect(find('en', path), path).toBe(en);
      if (zh) expect(find('zh-TW', path), path).toBe(zh);
    }
  });

  it('translates nothing but the defaults', () => {
    const expected = new Set(texts.map(({ path }) => path));
    const extra = leaves((DASHBOARD_MESSAGES.en as Tree).catalog as Tree, 'catalog.')
      .map(([key]) => key)
      .filter((key) => !expected.has(key));
    expect(extra).toEqual([]);
  });

  it('uses the dashboard’s words, as the rest of the translations do', () => {
    for (const code of codes.filter((c) => c !== 'en')) {
      for (const { path, en } of texts) {
        for (const [pattern, dashboardKey] of GLOSSARY) {
          if (!pattern.test(en)) continue;
          const term = get(DASHBOARD_MESSAGES[code], dashboardKey);
          expect(find(code, path), `${code}: ${path} should say “${term}”`).toContain(term);
        }
      }
    }
  });
});
