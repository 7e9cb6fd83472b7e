import {
  type CatalogField,
  type CatalogItem,
  catalogItemText,
  levelTitleText,
} from '../../shared/i18n/catalog.ts';
import webEn from '../../shared/i18n/en.json' with { type: 'json' };
import webJa from '../../shared/i18n/ja.json' with { type: 'json' };
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages.ts';
import webZhTw from '../../shared/i18n/zh-TW.json' with { type: 'json' };
import botEn from './en.json' with { type: 'json' };
import botJa from './ja.json' with { type: 'json' };
import botZhTw from './zh-TW.json' with { type: 'json' };

/**
 * The bot's translations: its own strings (`src/i18n/{en,zh-TW,ja}.json`) and, behind `web:`, the
 * dashboard's (`shared/i18n/*.json`), so a term or sentence both sides show is written once and reads
 * the same in Discord and in the browser. The format is the dashboard's i18next subset: nested keys,
 * `{{name}}` placeholders, `_one`/`_other` plural forms chosen by `count` through `Intl.PluralRules`.
 * A function of its arguments only: no global language, since every interaction has its own.
 */

export { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../shared/i18n/languages.ts';

type Tree = { readonly [key: string]: string | Tree };

type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** `{a: {b_one, b_other}}` -> `'a.b'`: the dotted keys of a JSON file, plural forms folded. */
type Keys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K extends `${infer Base}_${PluralCategory}` ? Base : K}`
    : Keys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type BotKey = Keys<typeof botEn>;
export type DashboardKey = Keys<typeof webEn>;
/** English is the reference for both: a key it lacks fails the type check. */
export type MessageKey = BotKey | `web:${DashboardKey}`;
export type Params = Readonly<Record<string, string | number>>;

export const BOT_MESSAGES: Readonly<Record<Language, Tree>> = { en: botEn, 'zh-TW': botZhTw, ja: botJa };
export const DASHBOARD_MESSAGES: Readonly<Record<Language, Tree>> = {
  en: webEn,
  'zh-TW': webZhTw,
  ja: webJa,
};

const numberFormats = new Map<Language, Intl.NumberFormat>();
const pluralRules = new Map<Language, Intl.PluralRules>();

function cached<T>(map: Map<Language, T>, language: Language, make: () => T): T {
  let value = map.get(language);
  if (!value) {
    value = make();
    map.set(language, value);
  }
  return value;
}

export function formatNumber(language: Language, value: number): string {
  return cached(numberFormats, language, () => new Intl.NumberFormat(language)).format(value);
}

function lookup(tree: Tree, path: readonly string[]): string | Tree | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of path) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return node;
}

/** The text of `key` in one language, its plural form picked by `count`; undefined when missing. */
function find(language: Language, key: MessageKey, count: number | undefined): string | undefined {
  const dashboard = key.startsWith('web:');
  const tree = (dashboard ? DASHBOARD_MESSAGES : BOT_MESSAGES)[language];
  const path = (dashboard ? key.slice(4) : key).split('.');
  const last = path.pop() ?? '';
  const parent = lookup(tree, path);
  if (parent === undefined || typeof parent === 'string') return undefined;
  const candidates =
    count === undefined
      ? [last]
      : [
          `${last}_${cached(pluralRules, language, () => new Intl.PluralRules(language)).select(count)}`,
          `${last}_other`,
          last,
        ];
  for (const candidate of candidates) {
    const text = parent[candidate];
    if (typeof text === 'string') return text;
  }
  return undefined;
}

/**
 * `key` in `language` with its `{{placeholders}}` filled; numbers are formatted for the language
 * ("1,234"). A key missing in a translation falls back to English (a test keeps that from
 * happening), then to the key itself, so a reply is never empty.
 */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const count = typeof params.count === 'number' ? params.count : undefined;
  let lang = language;
  let text = find(language, key, count);
  if (text === undefined) {
    lang = DEFAULT_LANGUAGE;
    text = find(DEFAULT_LANGUAGE, key, count) ?? key;
  }
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}

/** Whether `key` exists (in English, the reference), for keys built from data such as an error's reason. */
export function isMessageKey(key: string): key is MessageKey {
  return find(DEFAULT_LANGUAGE, key as MessageKey, 1) !== undefined;
}

/** A language bound once per interaction, for the panels that take one. */
export interface Translator {
  readonly language: Language;
  t(key: MessageKey, params?: Params): string;
  number(value: number): string;
}

const translators = new Map<Language, Translator>();

export function translator(language: Language): Translator {
  return cached(translators, language, () => ({
    language,
    t: (key, params) => translate(language, key, params),
    number: (value) => formatNumber(language, value),
  }));
}

const dashboardFile = (language: Language) => DASHBOARD_MESSAGES[language];

/**
 * A quest's or achievement's name or description as the dashboard shows it: the guild's Chinese
 * text in `zh-TW`, a default still in its English text in the reader's language (from the
 * dashboard's `catalog` strings), else the guild's English text.
 */
export function catalogText(
  language: Language,
  kind: 'quests' | 'achievements',
  item: CatalogItem,
  field: CatalogField = 'name',
): string {
  return catalogItemText(dashboardFile, language, kind, item, field);
}

/** A level title in the reader's language when it is a default title, else as the guild wrote it. */
export function levelTitle(language: Language, title: string): string {
  return levelTitleText(dashboardFile, language, title);
}
