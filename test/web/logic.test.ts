import { describe, expect, it } from 'vitest';
import { matchLanguage, pickLanguage } from '../../shared/i18n/languages.ts';
import type { Stats } from '../../web/src/api/types.ts';
import { formatUptime } from '../../web/src/lib/format.ts';
import {
  fractionOf,
  historyPoints,
  logReason,
  memberName,
  pageCount,
  pageWindow,
  sortAchievements,
} from '../../web/src/lib/karma.ts';
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

describe('the leaderboard and profile logic', () => {
  const entry = (userId: string, displayName: string | null, username: string | null) => ({
    userId,
    displayName,
    username,
  });

  it('names members by display name, then account name, then id', () => {
    expect(memberName(entry('1', 'Mika', 'mika_1'))).toBe('Mika');
    expect(memberName(entry('2', null, 'kenta'))).toBe('kenta');
    expect(memberName(entry('3', null, null))).toBe('3');
  });

  it('counts pages, at least one', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
  });

  it('shows at most seven page buttons, with gaps', () => {
    expect(pageWindow(1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageWindow(1, 20)).toEqual([1, 2, 3, 4, 5, 'gap', 20]);
    expect(pageWindow(10, 20)).toEqual([1, 'gap', 9, 10, 11, 'gap', 20]);
    expect(pageWindow(20, 20)).toEqual([1, 'gap', 16, 17, 18, 19, 20]);
    for (let page = 1; page <= 30; page++) {
      const slots = pageWindow(page, 30);
      expect(slots.length).toBeLessThanOrEqual(7);
      expect(slots).toContain(page);
    }
  });

  it('keeps progress between 0 and 1', () => {
    expect(fractionOf(3, 10)).toBe(0.3);
    expect(fractionOf(25, 20)).toBe(1);
    expect(fractionOf(0, 0)).toBe(1);
  });

  it('fills every day of the karma history', () => {
    const points = historyPoints({
      from: '2026-11-20',
      to: '2026-11-22',
      days: [{ day: '2026-11-21', karma: 40, events: 2 }],
    });
    expect(points).toEqual([
      { day: '2026-11-20', value: 0 },
      { day: '2026-11-21', value: 40 },
      { day: '2026-11-22', value: 0 },
    ]);
  });

  it('leaves out a log reason that only repeats its source', () => {
    expect(logReason({ source: 'message', reason: 'message' })).toBe('');
    expect(logReason({ source: 'quest', reason: 'quest:daily_check_in' })).toBe('quest:daily_check_in');
  });

  it('lists unlocked achievements first, newest first, then the closest to unlocking', () => {
    const a = (key: string, unlocked: boolean, unlockedAt: string | null, fraction: number) => ({
      key,
      unlocked,
      unlockedAt,
      fraction,
    });
    const sorted = sortAchievements([
      a('far', false, null, 0.1),
      a('old', true, '2026-11-01T00:00:00Z', 1),
      a('near', false, null, 0.9),
      a('new', true, '2026-11-20T00:00:00Z', 1),
    ]);
    expect(sorted.map((x) => x.key)).toEqual(['new', 'old', 'near', 'far']);
  });
});
