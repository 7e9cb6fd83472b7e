/**
 * Hearth's languages, the dashboard's and the bot's: the seeds' languages, each named in itself for the
 * dashboard's switch.
 */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh-TW', name: '繁體中文' },
  { code: 'ja', name: '日本語' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

export const DEFAULT_LANGUAGE: Language = 'en';

/** Where the header's language switch is remembered. */
export const LANGUAGE_STORAGE_KEY = 'hearth.language';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

/** Maps one browser language tag to ours, or undefined when we do not speak it. */
export function matchLanguage(tag: string): Language | undefined {
  const lower = tag.toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  if (lower === 'ja' || lower.startsWith('ja-')) return 'ja';
  // Only Traditional Chinese is translated; it is also the closest choice for other Chinese
  // readers (zh-CN, zh-Hans), who read it far better than a fallback to English.
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-TW';
  return undefined;
}

/** The remembered choice if valid, else the first browser language we speak, else English. */
export function pickLanguage(stored: string | null | undefined, browser: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browser) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return DEFAULT_LANGUAGE;
}
