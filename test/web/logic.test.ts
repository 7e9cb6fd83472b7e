import { describe, expect, it } from 'vitest';
import type { Stats } from '../../web/src/api/types.ts';
import { matchLanguage, pickLanguage } from '../../web/src/i18n/languages.ts';
import { formatUptime } from '../../web/src/lib/format.ts';
import { isActivePath, type NavEntry, visibleNav } from '../../web/src/lib/nav.ts';
import { channelBars, dailyMessages, daysBetween, overviewNumbers } from '../../web/src/lib/overview.ts';
import { homePath, loginHref, safeNext, signInPath } from '../../web/src/lib/paths.ts';
import { partLabelKey, partSummary } from '../../web/src/lib/system.ts';

const zero = { words: 0, attachments: 0, edits: 0, deletions: 0, reactions: 0 };

describe('the dashboard language', () => {
  it('uses the remembered choice over the browser’s', () => {
    expect(pickLanguage('ja', ['en-US'])).toBe('ja');
  });

  it('ignores a remembered value it does not know', () => {
    expect(pickLanguage('fr', ['zh-TW'])).toBe('zh-TW');
  });

  it('takes the first browser language it speaks', () => {
    expect(pickLanguage(null, ['fr-FR', 'ja-JP', 'en'])).toBe('ja');
    expect(pickLanguage(null, ['de', 'en-GB'])).toBe('en');
  });

  it('reads any Chinese as Traditional Chinese, its only Chinese', () => {
    for (const tag of ['zh-TW', 'zh-Hant-HK', 'zh-HK', 'zh-CN', 'zh'])
      expect(matchLanguage(tag)).toBe('zh-TW');
  });

  it('falls back to English', () => {
    expect(pickLanguage(undefined, [])).toBe('en');
    expect(pickLanguage(null, ['ko-KR'])).toBe('en');
  });
});

describe('sign-in redirects', () => {
  it('only returns to paths on this site', () => {
    expect(safeNext('/overview')).toBe('/overview');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('never loops back into the sign-in page', () => {
    expect(safeNext('/signin?error=discord')).toBe('/');
  });

  it('sends the browser to Discord through the server with where to come back', () => {
    expect(loginHref('/system?x=1')).toBe('/auth/login?redirect=%2Fsystem%3Fx%3D1');
  });

  it('remembers where the user was and that the session expired', () => {
    expect(signInPath('/system', 'expired')).toBe('/signin?next=%2Fsystem&expired=1');
    expect(signInPath('/')).toBe('/signin');
  });

  it('opens the overview for one guild and the picker when there is a choice', () => {
    expect(homePath({ guildId: '1', guilds: [{}] })).toBe('/overview');
    expect(homePath({ guildId: '1', guilds: [{}, {}] })).toBe('/guilds');
    expect(homePath({ guildId: null, guilds: [] })).toBe('/guilds');
  });
});

describe('overview numbers', () => {
  const stats: Stats = {
    guildId: '1',
    from: '2026-02-27',
    to: '2026-03-02',
    totals: { messages: 9, activeMembers: 3, ...zero },
    byDay: [
      { day: '2026-02-28', messages: 4, ...zero },
      { day: '2026-03-02', messages: 5, ...zero },
    ],
    byChannel: [
      { channelId: 'a', name: 'general', messages: 3, ...zero },
      { channelId: 'b', name: 'help', messages: 6, ...zero },
      { channelId: 'c', name: 'quiet', messages: 0, ...zero },
    ],
    byUser: [],
  };

  it('lists every UTC day of a range, across month ends', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([]);
    expect(daysBetween('nonsense', '2026-03-01')).toEqual([]);
  });

  it('fills quiet days with zero so the chart has every day', () => {
    expect(dailyMessages(stats).map((d) => d.messages)).toEqual([0, 4, 0, 5]);
  });

  it('orders channels by messages, drops silent ones and scales bars to the busiest', () => {
    expect(channelBars(stats.byChannel)).toEqual([
      { channelId: 'b', name: 'help', messages: 6, share: 1 },
      { channelId: 'a', name: 'general', messages: 3, share: 0.5 },
    ]);
  });

  it('takes today from the range’s last day and says when nothing happened', () => {
    const numbers = overviewNumbers(stats);
    expect(numbers).toMatchObject({ messagesToday: 5, messagesInRange: 9, activeMembers: 3, empty: false });
    const quiet = overviewNumbers({
      ...stats,
      byDay: [],
      byChannel: [],
      totals: { ...stats.totals, messages: 0 },
    });
    expect(quiet.empty).toBe(true);
    expect(quiet.messagesToday).toBe(0);
    expect(quiet.daily).toHaveLength(4);
  });
});

describe('navigation', () => {
  const pages: NavEntry[] = [
    { path: '/overview', labelKey: 'nav.overview', section: 'community', adminOnly: false },
    { path: '/system', labelKey: 'nav.system', section: 'admin', adminOnly: true },
  ];

  it('shows admin pages to admins only, and no empty section', () => {
    expect(visibleNav(pages, 'admin').map((g) => g.section)).toEqual(['community', 'admin']);
    expect(visibleNav(pages, 'member')).toEqual([{ section: 'community', entries: [pages[0]] }]);
  });

  it('marks a page active on its path and below, not on a longer name', () => {
    expect(isActivePath('/system', '/system')).toBe(true);
    expect(isActivePath('/system', '/system/jobs')).toBe(true);
    expect(isActivePath('/system', '/systems')).toBe(false);
  });
});

describe('system page', () => {
  it('names known parts and leaves unknown ones to their own name', () => {
    expect(partLabelKey('hotStore')).toBe('system.parts.hotStore');
    expect(partLabelKey('toString')).toBeUndefined();
  });

  it('summarises a part’s message and flat details in one line', () => {
    expect(
      partSummary({ message: 'slow', details: { kind: 'pglite', nested: { a: 1 }, up: true } }, 'en'),
    ).toBe('slow · kind: pglite · up: true');
    expect(partSummary({}, 'en')).toBe('');
  });

  it('says uptimes in their largest unit, in the reader’s language', () => {
    expect(formatUptime(42, 'en')).toBe('42 seconds');
    expect(formatUptime(3 * 3600 + 5, 'en')).toBe('3 hours');
    expect(formatUptime(2 * 86_400, 'ja')).toBe('2 日');
  });
});
