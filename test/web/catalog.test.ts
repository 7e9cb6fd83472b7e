import { describe, expect, it } from 'vitest';
import {
  catalogText,
  levelTitleText,
  type TranslationFiles,
  type TranslationTree,
} from '../../shared/i18n/catalog.ts';
import en from '../../shared/i18n/en.json' with { type: 'json' };
import ja from '../../shared/i18n/ja.json' with { type: 'json' };
import type { Language } from '../../shared/i18n/languages.ts';
import zhTw from '../../shared/i18n/zh-TW.json' with { type: 'json' };
import { levelTitle, catalogText as pageCatalogText } from '../../web/src/lib/karma.ts';

/** The default catalogs' texts in the reader's language, as both the dashboard and the bot show them. */

const ALL: Record<Language, TranslationTree> = { en, 'zh-TW': zhTw, ja };
const loaded: TranslationFiles = (language) => ALL[language];

describe('catalogText', () => {
  const quest = (language: Language, english: string, chinese: string | null, field?: 'description') =>
    catalogText(loaded, language, 'quests', 'daily_check_in', english, chinese, field);

  it('shows a default still in its English text in the reader’s language', () => {
    expect(quest('ja', 'Daily Check-in', '每日報到')).toBe('デイリーチェックイン');
    expect(quest('ja', 'Send a message today.', null, 'description')).toBe('今日メッセージを 1 件送る。');
    expect(quest('en', 'Daily Check-in', '每日報到')).toBe('Daily Check-in');
    expect(catalogText(loaded, 'ja', 'achievements', 'first_message', 'First Words', null)).toBe(
      'はじめの一言',
    );
  });

  it('keeps a renamed default or a guild’s own item as the admin wrote it', () => {
    expect(quest('ja', 'Morning Hello', null)).toBe('Morning Hello');
    expect(quest('zh-TW', 'Morning Hello', null)).toBe('Morning Hello');
    // The name was kept, the description rewritten: each field is judged on its own.
    expect(quest('ja', 'Say hi in #general.', null, 'description')).toBe('Say hi in #general.');
  });

  it('prefers the guild’s Chinese text in Chinese, even on a renamed default', () => {
    expect(quest('zh-TW', 'Daily Check-in', '打卡')).toBe('打卡');
    expect(quest('zh-TW', 'Morning Hello', '早安')).toBe('早安');
    // Without one, a default still has Hearth's Traditional Chinese.
    expect(quest('zh-TW', 'Daily Check-in', null)).toBe('每日報到');
    expect(quest('ja', 'Morning Hello', '早安')).toBe('Morning Hello');
  });

  it('shows the English text of a key it does not know', () => {
    expect(catalogText(loaded, 'ja', 'quests', 'night_owl', 'Night Owl', null)).toBe('Night Owl');
    expect(catalogText(loaded, 'ja', 'achievements', 'daily_check_in', 'Daily Check-in', null)).toBe(
      'Daily Check-in',
    );
  });

  it('shows English while the English file, which recognises defaults, is not loaded', () => {
    const onlyJapanese: TranslationFiles = (language) => (language === 'ja' ? ja : undefined);
    expect(catalogText(onlyJapanese, 'ja', 'quests', 'daily_check_in', 'Daily Check-in', null)).toBe(
      'Daily Check-in',
    );
  });

  it('translates the default level titles by their English text', () => {
    expect(levelTitleText(loaded, 'ja', 'Newcomer')).toBe('新人');
    expect(levelTitleText(loaded, 'zh-TW', 'Grandmaster')).toBe('宗師');
    expect(levelTitleText(loaded, 'en', 'Legend')).toBe('Legend');
    expect(levelTitleText(loaded, 'ja', 'Squire')).toBe('Squire');
    for (const title of ['constructor', '__proto__', 'toString', 'Lv.5 Hero', '']) {
      expect(levelTitleText(loaded, 'ja', title)).toBe(title);
    }
  });
});

describe('the dashboard’s catalog texts', () => {
  /** The two things the pages' helpers use of i18next. */
  const i18n = (language: string, files: TranslationFiles = loaded) => ({
    language,
    getResourceBundle: (lng: string) => files(lng as Language),
  });
  const checkIn = {
    key: 'daily_check_in',
    name: 'Daily Check-in',
    nameZh: '每日報到',
    description: 'Send a message today.',
    descriptionZh: '今天發送一則訊息。',
  };

  it('reads the loaded files in the page’s language', () => {
    expect(pageCatalogText(i18n('ja'), 'quests', checkIn)).toBe('デイリーチェックイン');
    expect(pageCatalogText(i18n('ja'), 'quests', checkIn, 'description')).toBe('今日メッセージを 1 件送る。');
    expect(pageCatalogText(i18n('zh-TW'), 'quests', checkIn, 'description')).toBe('今天發送一則訊息。');
    expect(pageCatalogText(i18n('en'), 'quests', checkIn)).toBe('Daily Check-in');
    expect(pageCatalogText(i18n('ja'), 'quests', { ...checkIn, name: 'Morning Hello' })).toBe(
      'Morning Hello',
    );
    expect(levelTitle(i18n('ja'), 'Veteran')).toBe('ベテラン');
  });

  it('treats a language it does not speak as English', () => {
    expect(pageCatalogText(i18n('fr'), 'quests', checkIn)).toBe('Daily Check-in');
  });
});
