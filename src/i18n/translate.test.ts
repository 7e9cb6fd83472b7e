import { describe, expect, it } from 'vitest';
import { commandLocalizations, languageFor } from './discord-locale.ts';
import { catalogText, isMessageKey, levelTitle, translate, translator } from './translate.ts';

describe('translate', () => {
  it('fills placeholders and formats numbers for the language', () => {
    expect(translate('en', 'karma.gave', { amount: 1500, member: '<@1>', total: 12345, level: 7 })).toBe(
      'Gave 1,500 karma to <@1>: now 12,345 karma, level 7.',
    );
    expect(translate('ja', 'rank.position', { rank: 3, total: 1200 })).toBe('1,200 人中 3 位');
    expect(translate('zh-TW', 'rank.title', { name: 'Mika', level: 12 })).toBe('Mika — 等級 12');
  });

  it('picks the plural form by count with Intl.PluralRules', () => {
    expect(translate('en', 'levels.count', { count: 1 })).toBe('1 level');
    expect(translate('en', 'levels.count', { count: 100 })).toBe('100 levels');
    expect(translate('ja', 'levels.count', { count: 1 })).toBe('全 1 レベル');
    expect(translate('zh-TW', 'live.footer', { count: 2, total: 9 })).toBe('2 個舞台共 9 人');
  });

  it('reads the dashboard’s strings behind web:', () => {
    expect(translate('ja', 'web:leaderboard.karma')).toBe('カルマ');
    expect(translate('zh-TW', 'web:profile.quests.claimNamed', { name: '每日報到' })).toBe('領取每日報到');
    expect(translate('en', 'web:leaderboard.ranked', { count: 1, value: 1 })).toBe('1 ranked member');
  });

  it('leaves a missing parameter visible rather than inventing one', () => {
    expect(translate('en', 'rank.title', { name: 'Mika' })).toBe('Mika — level {{level}}');
  });

  it('tells keys from data apart from unknown ones', () => {
    expect(isMessageKey('errors.alreadyClaimed')).toBe(true);
    expect(isMessageKey('levels.count')).toBe(true);
    expect(isMessageKey('errors.noSuchReason')).toBe(false);
    expect(isMessageKey('errors')).toBe(false);
  });

  it('binds a language once for a whole panel', () => {
    const ja = translator('ja');
    expect(ja.language).toBe('ja');
    expect(ja.number(1234567)).toBe('1,234,567');
    expect(translator('ja')).toBe(ja);
  });

  it('shows quest and achievement names and level titles as the dashboard does', () => {
    const checkIn = {
      key: 'daily_check_in',
      name: 'Daily Check-in',
      nameZh: '每日報到',
      description: 'Send a message today.',
      descriptionZh: null,
    };
    expect(catalogText('ja', 'quests', checkIn)).toBe('デイリーチェックイン');
    expect(catalogText('ja', 'quests', checkIn, 'description')).toBe('今日メッセージを 1 件送る。');
    expect(catalogText('zh-TW', 'quests', checkIn)).toBe('每日報到');
    expect(catalogText('zh-TW', 'quests', checkIn, 'description')).toBe('今天發送一則訊息。');
    expect(catalogText('en', 'quests', checkIn)).toBe('Daily Check-in');
    expect(catalogText('ja', 'quests', { ...checkIn, name: 'Morning Hello' })).toBe('Morning Hello');
    expect(catalogText('ja', 'achievements', { key: 'level_5', name: 'Rising Star' })).toBe('期待の新星');
    expect(levelTitle('ja', 'Newcomer')).toBe('新人');
    expect(levelTitle('zh-TW', 'Legend')).toBe('傳奇');
    expect(levelTitle('ja', 'Squire')).toBe('Squire');
  });
});

describe('Discord locales', () => {
  it('maps the member’s client language to one Hearth speaks', () => {
    expect(languageFor('ja')).toBe('ja');
    expect(languageFor('zh-TW')).toBe('zh-TW');
    // Only Traditional Chinese is translated; Simplified readers read it better than English.
    expect(languageFor('zh-CN')).toBe('zh-TW');
    expect(languageFor('en-US')).toBe('en');
    expect(languageFor('en-GB')).toBe('en');
  });

  it('falls back to the server’s language, then English', () => {
    expect(languageFor('fr', 'ja')).toBe('ja');
    expect(languageFor(undefined, 'zh-TW')).toBe('zh-TW');
    expect(languageFor('fr', 'de')).toBe('en');
    expect(languageFor('fr', null)).toBe('en');
    expect(languageFor(null, null)).toBe('en');
    // The member's own language wins over the server's.
    expect(languageFor('en-GB', 'ja')).toBe('en');
  });

  it('gives command pickers the Chinese and Japanese texts', () => {
    expect(commandLocalizations('commands.quests.weekly')).toEqual({
      'zh-TW': '每週',
      'zh-CN': '每週',
      ja: 'ウィークリー',
    });
  });
});
