import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import {
  DEFAULT_LANGUAGE,
  LANGUAGE_STORAGE_KEY,
  type Language,
  pickLanguage,
} from '../../../shared/i18n/languages.ts';

/** A translation file. Languages differ in plural keys (`_one` exists only where the language has it). */
type Messages = Record<string, unknown>;

/** Each language is its own small chunk: a visitor downloads only the one they read. */
const loaders: Record<Language, () => Promise<{ default: Messages }>> = {
  en: () => import('../../../shared/i18n/en.json'),
  'zh-TW': () => import('../../../shared/i18n/zh-TW.json'),
  ja: () => import('../../../shared/i18n/ja.json'),
};

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy modes); the browser's languages still apply.
    return null;
  }
}

async function ensureLoaded(language: Language): Promise<void> {
  if (i18next.hasResourceBundle(language, 'translation')) return;
  const messages = (await loaders[language]()).default;
  i18next.addResourceBundle(language, 'translation', messages, true, true);
}

function applyToDocument(language: Language): void {
  document.documentElement.lang = language;
}

/** Picks the language (remembered, else the browser's) and loads it before the first render. */
export async function initI18n(): Promise<Language> {
  const language = pickLanguage(storedLanguage(), navigator.languages ?? [navigator.language]);
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    resources: {},
    partialBundledLanguages: true,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // English is awaited too, not only as the fallback: it holds the default quests', achievements'
  // and titles' English text, by which the first render tells a default (shown translated) from a
  // guild's own text (shared/i18n/catalog.ts).
  await Promise.all([...new Set([language, DEFAULT_LANGUAGE])].map(ensureLoaded));
  applyToDocument(language);
  return language;
}

/** The header's switch: loads the language, applies it and remembers it in this browser. */
export async function setLanguage(language: Language): Promise<void> {
  // Remembered first: a navigation right after the choice must not lose it.
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembered, still applied.
  }
  await ensureLoaded(language);
  await i18next.changeLanguage(language);
  applyToDocument(language);
}
