import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  DESKTOP,
  json,
  PAGE_WIDTH,
  PHONE,
  RECORD_LAYOUT_SHIFTS,
  useDashboard,
} from '../support/browser.ts';

/**
 * The dashboard in a real browser (Debian's Chromium, never a downloaded one) against
 * `hearth all` in demo mode: sign in through the simulator's OAuth, pick a guild, read the
 * overview, switch guilds, open System, switch languages, sign out; screenshots of every page at
 * desktop and phone widths go to test/e2e/screenshots/ for a person to look at. An admin runs a
 * history import of the demo guild from its page and follows it to 100 %.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type LeaderboardRow = { rank: number; userId: string; username: string | null; displayName: string | null };

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!chromiumAvailable)('the web dashboard in Chromium', () => {
  // A second guild of the demo's owner, so the sign-in has a choice to make.
  const harness = useDashboard({ extraGuilds: ['Aurora Lounge'] });
  let browser: Browser | undefined;
  let base = '';
  let simulator = '';
  let demoGuild = { id: '', name: '' };
  let problems: string[] = [];

  const newPage = (context: BrowserContext): Promise<Page> => harness().newPage(context);
  const shot = (page: Page, name: string): Promise<void> => harness().shot(page, name);
  const addMember = (username: string, globalName: string): Promise<string> =>
    harness().addMember(username, globalName);
  const signInAs = (page: Page, userId: string): Promise<void> => harness().signInAs(page, userId);

  beforeAll(() => {
    ({ browser, base, simulator, demoGuild, problems } = harness());
  });

  it('signs in, shows the community live, runs admin pages in three languages, and signs out', async () => {
    if (!browser) throw new Error('no browser');
    const desktop = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
    const page = await newPage(desktop);

    // Signed out: every page leads to sign-in.
    await page.goto(`${base}/`);
    await page.waitForURL(/\/signin/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to Hearth');
    await shot(page, 'signin');

    // A sign-in refused on Discord comes back with ?error= and says so.
    await page.goto(`${base}/signin?error=access_denied`);
    await page.getByRole('alert').getByText('The sign-in was cancelled on Discord.').waitFor();
    await shot(page, 'signin-error');

    // The simulator approves at once as the demo's owner (an admin); two guilds: the picker.
    await page.getByRole('link', { name: 'Sign in with Discord' }).click();
    await page.waitForURL(`${base}/guilds`);
    await page.getByRole('heading', { name: 'Choose a server' }).waitFor();
    expect(await page.locator('.guild-choice').count()).toBe(2);
    await shot(page, 'guilds');

    await page.getByRole('button', { name: new RegExp(demoGuild.name) }).click();
    await page.waitForURL(`${base}/overview`);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    const card = (label: string) =>
      page
        .locator('.stat-card')
        .filter({ has: page.locator('.stat-label', { hasText: new RegExp(`^${label}$`) }) })
        .locator('.stat-value');
    await expect
      .poll(async () => Number((await card('Members').textContent())?.replace(/\D/g, '')), {
        timeout: 10_000,
      })
      .toBeGreaterThan(100);
    await expect
      .poll(async () => Number((await card('Messages today').textContent())?.replace(/\D/g, '')))
      .toBeGreaterThan(0);
    await expect
      .poll(async () => Number((await card('Active members').textContent())?.replace(/\D/g, '')))
      .toBeGreaterThan(0);
    await page.locator('.chart canvas').first().waitFor();
    expect(await page.locator('.channel-bars li').count()).toBeGreaterThan(0);
    await page.getByText(/^Updated /).waitFor();
    await shot(page, 'overview');

    // Live: the numbers refresh on their own (every 10 s) as the simulator's members write.
    const firstUpdate = await page.getByText(/^Updated /).textContent();
    await expect
      .poll(() => page.getByText(/^Updated /).textContent(), { timeout: 15_000 })
      .not.toBe(firstUpdate);

    // A fresh load of the overview does not jump around while its data arrives.
    await page.addInitScript(RECORD_LAYOUT_SHIFTS);
    await page.reload();
    await page.locator('.chart canvas').first().waitFor();
    await page.waitForTimeout(500);
    const shift = await page.evaluate<number>('window.__layoutShift');
    expect(shift).toBeLessThan(0.1);

    // The header's switcher: the other guild has no messages, and says so.
    await page.getByRole('button', { name: /Switch server/ }).click();
    await page.getByRole('button', { name: /Aurora Lounge/ }).click();
    await page.getByText('No messages in the last 30 days').first().waitFor();
    await shot(page, 'overview-empty');
    await page.getByRole('button', { name: /Switch server/ }).click();
    await page.getByRole('button', { name: new RegExp(demoGuild.name) }).click();
    await page.locator('.chart canvas').first().waitFor();

    // Leaderboard: the demo's live traffic pays karma within seconds, so members are ranked.
    await page.getByRole('navigation').getByRole('link', { name: 'Leaderboard' }).click();
    await page.waitForURL(`${base}/leaderboard`);
    await page.getByRole('heading', { name: 'Leaderboard', level: 1 }).waitFor();
    const ranks = page.locator('table.board tbody tr td.rank');
    await expect.poll(() => ranks.count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const rankNumbers = (await ranks.allTextContents()).map(Number);
    expect(rankNumbers.slice(0, 2)).toEqual([1, 2]);
    const karma = (await page.locator('table.board tbody td.karma').allTextContents()).map((k) =>
      Number(k.replace(/\D/g, '')),
    );
    expect(karma[0]).toBeGreaterThan(0);
    expect(karma).toEqual([...karma].sort((a, b) => b - a));
    await page.getByText(/ranked members?$/).waitFor();
    // Every member's bar toward their next level, from the level table the API applies.
    const firstBar = page.locator('table.board tbody tr').first().getByRole('progressbar');
    expect(await firstBar.getAttribute('aria-valuetext')).toMatch(/karma to level \d+|Highest level reached/);
    await shot(page, 'leaderboard');
    // Paging, with the keyboard: ten a page, and the demo ranks more members than that within
    // seconds; the second page goes on below the first one's ranks.
    const pager = page.getByRole('navigation', { name: 'Leaderboard pages' });
    await pager.waitFor({ timeout: 20_000 });
    await pager.getByRole('button', { name: 'Page 2' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => Number(await ranks.first().textContent())).toBe(11);
    expect(await pager.getByRole('button', { name: 'Page 2' }).getAttribute('aria-current')).toBe('page');
    await shot(page, 'leaderboard-page-2');
    // Search by name goes to the API: a member from page 2 is found with their real rank (not 1),
    // and the page resets to 1. Ranks move with the demo's traffic, so the API is asked alongside.
    const wanted = (await page.locator('table.board tbody .member-name').nth(1).textContent()) ?? '';
    expect(wanted).not.toBe('');
    const search = page.getByLabel('Search members by name');
    await search.focus();
    await page.keyboard.type(wanted);
    const found = page.locator('table.board tbody tr').filter({
      has: page.locator('.member-name', { hasText: new RegExp(`^${escapeRegExp(wanted)}$`) }),
    });
    const rankOf = async () => {
      const res = await page.request.get(`${base}/api/v1/levels/leaderboard?limit=100`);
      const items = ((await res.json()) as { items: LeaderboardRow[] }).items;
      return items.find((i) => (i.displayName ?? i.username ?? i.userId) === wanted)?.rank;
    };
    await expect
      .poll(
        async () => {
          const shown = Number(await found.first().locator('td.rank').textContent({ timeout: 2_000 }));
          return shown > 1 && shown === (await rankOf());
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    expect(await page.getByText(/members? match(es)?$/).count()).toBe(1);
    expect(await found.first().getByRole('progressbar').getAttribute('aria-valuetext')).toMatch(
      /karma to level \d+|Highest level reached/,
    );
    await shot(page, 'leaderboard-search');
    await search.fill('no such member 42');
    await page.getByText('No member matches “no such member 42”.').waitFor();
    await search.fill('');
    await expect.poll(async () => Number(await ranks.first().textContent())).toBe(1);
    await pager.getByRole('button', { name: 'Page 2' }).click();
    await expect.poll(async () => Number(await ranks.first().textContent())).toBe(11);
    await pager.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(async () => Number(await ranks.first().textContent())).toBe(1);

    // System (admins): every part of /ready with its state and latency, and the API docs.
    await page.getByRole('navigation').getByRole('link', { name: 'System' }).click();
    await page.waitForURL(`${base}/system`);
    await page.getByText('All parts are working').waitFor();
    const rows = page.locator('table.parts tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Database\s*Up/),
        expect.stringMatching(/^Discord bot\s*Up/),
      ]),
    );
    expect(await page.getByRole('link', { name: 'Open the API documentation' }).getAttribute('href')).toBe(
      '/docs',
    );
    await shot(page, 'system');
    await page.goto(`${base}/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await shot(page, 'not-found');
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    await page.waitForURL(`${base}/guilds`);
    await page.goto(`${base}/system`);
    await page.getByText('All parts are working').waitFor();

    // Languages: the header's switch, remembered across reloads.
    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('heading', { name: 'システム', level: 1 }).waitFor();
    await page.getByText('すべてのコンポーネントが正常です').waitFor();
    await shot(page, 'system-ja');
    await page.getByRole('navigation').getByRole('link', { name: '概要' }).click();
    await page.getByRole('heading', { name: '概要', level: 1 }).waitFor();
    await page.locator('.chart canvas').first().waitFor();
    await shot(page, 'overview-ja');

    await page.getByLabel('言語').selectOption('zh-TW');
    await page.getByRole('heading', { name: '總覽', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '總覽', level: 1 }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('zh-TW');
    await page.locator('.chart canvas').first().waitFor();
    await shot(page, 'overview-zh-TW');
    await page.getByRole('navigation').getByRole('link', { name: '系統' }).click();
    await page.getByText('所有元件運作正常').waitFor();
    await shot(page, 'system-zh-TW');
    await page.getByLabel('語言').selectOption('en');
    await page.getByRole('heading', { name: 'System', level: 1 }).waitFor();

    // Phone width: same session, every page.
    const phone = await harness().phoneContext(desktop);
    const small = await newPage(phone);
    await small.goto(`${base}/overview`);
    await small.locator('.chart canvas').first().waitFor();
    await expect
      .poll(async () =>
        Number((await small.locator('.stat-value').first().textContent())?.replace(/\D/g, '')),
      )
      .toBeGreaterThan(0);
    // Nothing wider than the screen: no sideways scrolling of the page.
    expect(await small.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(PHONE.width);
    await shot(small, 'overview');
    await small.goto(`${base}/system`);
    await small.getByText('All parts are working').waitFor();
    await small.locator('table.parts tbody tr').nth(3).waitFor();
    expect(await small.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(PHONE.width);
    await shot(small, 'system');
    await small.goto(`${base}/leaderboard`);
    await small.locator('table.board tbody td.rank').nth(1).waitFor();
    expect(await small.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(PHONE.width);
    await shot(small, 'leaderboard');
    await small.goto(`${base}/guilds`);
    await small.getByRole('heading', { name: 'Choose a server' }).waitFor();
    await shot(small, 'guilds');
    await small.getByRole('button', { name: /Switch server/ }).click();
    await small.getByRole('link', { name: 'All servers' }).last().waitFor();
    await shot(small, 'guild-menu');
    await small.keyboard.press('Escape');
    await small.goto(`${base}/no-such-page`);
    await small.getByRole('heading', { name: 'Page not found' }).waitFor();
    await shot(small, 'not-found');
    await small.getByLabel('Language').selectOption('ja');
    await small.getByRole('heading', { name: 'ページが見つかりません' }).waitFor();
    await small.goto(`${base}/overview`);
    await small.getByRole('heading', { name: '概要', level: 1 }).waitFor();
    await small.locator('.chart canvas').first().waitFor();
    await shot(small, 'overview-ja');
    await small.goto(`${base}/signin?error=discord`);
    await small
      .getByRole('alert')
      .getByText('Discord でのサインインが完了しませんでした', { exact: false })
      .waitFor();
    await shot(small, 'signin-error-ja');
    await small.getByLabel('言語').selectOption('en');
    await small.getByRole('heading', { name: 'Sign in to Hearth' }).waitFor();
    await small.goto(`${base}/signin`);
    await small.getByRole('link', { name: 'Sign in with Discord' }).waitFor();
    await shot(small, 'signin');
    // The dark theme follows the system's setting.
    await small.emulateMedia({ colorScheme: 'dark' });
    await small.goto(`${base}/overview`);
    await small.locator('.chart canvas').first().waitFor();
    await shot(small, 'overview-dark');
    await phone.close();

    // Keyboard: the skip link is the first stop and reaches the page's heading.
    await page.goto(`${base}/overview`);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement?.id')).toBe('page-title');

    // Sign out: back at sign-in, and the pages are closed again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin\?signedOut=1/);
    await page.getByText('You are signed out.').waitFor();
    expect((await page.request.get(`${base}/auth/me`)).status()).toBe(401);
    await page.goto(`${base}/system`);
    await page.waitForURL(/\/signin\?next=%2Fsystem/);
    await desktop.close();

    expect(problems).toEqual([]);
  }, 90_000);

  it('starts a history import from the admin page and follows it live to 100 %', async () => {
    if (!browser) throw new Error('no browser');
    const desktop = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
    const page = await newPage(desktop);
    // The demo's owner (the simulator's default user) is an admin; two guilds, so the picker first.
    await page.goto(`${base}/signin`);
    await page.getByRole('link', { name: 'Sign in with Discord' }).click();
    await page.waitForURL(`${base}/guilds`);
    await page.getByRole('button', { name: new RegExp(demoGuild.name) }).click();
    await page.waitForURL(`${base}/overview`);
    await page.getByRole('navigation').getByRole('link', { name: 'History import' }).click();
    await page.waitForURL(`${base}/history`);
    await page.getByRole('heading', { name: 'History import', level: 1 }).waitFor();

    // Nothing imported yet: the list says so, the form is there, karma is paid by default.
    await page.getByText('No imports yet').waitFor();
    const start = page.getByRole('button', { name: 'Start import' });
    const karma = page.getByLabel('Pay karma for imported messages');
    expect(await karma.isChecked()).toBe(true);
    expect(await page.getByLabel('All channels, with their threads').isChecked()).toBe(true);
    await shot(page, 'history-empty');
    // A fresh load does not jump while the list arrives and decides what the top shows.
    await page.addInitScript(RECORD_LAYOUT_SHIFTS);
    await page.reload();
    await page.getByText('No imports yet').waitFor();
    await page.waitForTimeout(500);
    expect(await page.evaluate<number>('window.__layoutShift')).toBeLessThan(0.1);

    // Picking channels: the guild's channels load into the form; picking none is refused here,
    // since the API would read an empty list as "all".
    await page.getByLabel('Only the channels I pick, with their threads').check();
    await page.getByRole('checkbox', { name: '#general' }).waitFor();
    expect(await page.locator('.channel-options li').count()).toBeGreaterThan(5);
    await start.click();
    await page.getByText('Pick at least one channel, or choose all channels.').waitFor();
    await page.getByRole('checkbox', { name: '#general' }).check();
    await page.getByText(/^1 of \d+ selected$/).waitFor();
    await expect.poll(() => page.getByText('Pick at least one channel').count()).toBe(0);
    await page.getByLabel('All channels, with their threads').check();

    // A 400 is shown at the field the API names.
    const since = page.getByLabel('From (UTC day, optional)');
    const until = page.getByLabel('Up to (UTC day, included, optional)');
    await since.fill('2026-03-02');
    await until.fill('2026-03-01');
    await start.click();
    await page.locator('.field-error').getByText('Not accepted: since must be before until').waitFor();
    expect(await since.getAttribute('aria-invalid')).toBe('true');
    await since.fill('');
    await until.fill('');

    // A 409 (another import already runs) says so above the form.
    const startRoute = `${base}/api/v1/fetch/*/start`;
    await page.route(startRoute, (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 409,
          code: 'CONFLICT',
          message: 'guild already has a history import running (task 41); cancel it or wait for it to end',
          requestId: 'e2e-history-409',
        }),
      }),
    );
    await start.click();
    const conflict = page.getByRole('alert').filter({ hasText: 'one is already running' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('task 41');
    await page.unroute(startRoute);

    // The real thing: all channels. The panel follows the task over its SSE stream.
    const startedAt = Date.now();
    await start.click();
    const live = page.locator('.live-task');
    await live.waitFor();
    await expect.poll(() => conflict.count()).toBe(0);
    const title = (await live.getByRole('heading', { level: 2 }).textContent()) ?? '';
    const taskId = /#(\d+)/.exec(title)?.[1];
    if (!taskId) throw new Error(`no task id in "${title}"`);
    const bar = live.getByRole('progressbar', { name: `Progress of import #${taskId}` });
    await live.getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
    // A worker takes it (its queue is polled each second), then pages come: two waits, so that a
    // task left unrun and one that runs without progress fail differently.
    await live.locator('.task-status[data-status="running"]').waitFor({ timeout: 15_000 });
    // Part way: messages counted, a rate, channels being read.
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000, interval: 250 })
      .toBeGreaterThan(0);
    const fact = (label: string) =>
      live
        .locator('.fact')
        .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
        .locator('dd');
    await expect.poll(async () => (await fact('Rate').textContent()) ?? '').toMatch(/ msg\/s$/);
    await shot(page, 'history-running');
    // The list's row follows too.
    const row = page.locator(`table.tasks tbody tr[data-task="${taskId}"]`);
    await row.locator('[data-status="running"], [data-status="pending"]').waitFor();

    // To the end: 100 % and completed, in the panel and in the list.
    await expect
      .poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 50_000, interval: 500 })
      .toBe(100);
    await live.locator('.task-status[data-status="completed"]').waitFor({ timeout: 10_000 });
    console.info(`[hearth tests] demo history import: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    expect(await live.locator('.live-percent').textContent()).toBe('100%');
    await live.getByText('Done: every channel has been read.').waitFor();
    const processed = Number((await fact('Messages processed').textContent())?.replace(/\D/g, ''));
    expect(processed).toBeGreaterThan(4000);
    await row.getByText('Completed', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await row.locator('.task-requester').textContent()).toContain('You');

    // Its channels: each read one done, the channel the bot cannot see skipped with its error.
    await row.getByRole('button', { name: `Show the channels of import #${taskId}` }).click();
    const detail = page.locator('.task-detail');
    await detail.getByRole('heading', { name: `Import #${taskId}: channels` }).waitFor();
    const channelRows = detail.locator('table.task-channels tbody tr');
    await expect.poll(() => channelRows.count()).toBeGreaterThan(5);
    expect(await detail.locator('tbody tr[data-status="done"]').count()).toBeGreaterThan(5);
    const skipped = detail.locator('tbody tr[data-status="skipped"]');
    expect(await skipped.count()).toBeGreaterThan(0);
    expect(await skipped.first().getByText('Skipped', { exact: true }).count()).toBe(1);
    expect(await skipped.first().locator('td.details').textContent()).not.toBe('—');
    await shot(page, 'history');
    // Closing it takes the keyboard back to the row's button.
    await detail.getByRole('button', { name: 'Close' }).click();
    await expect
      .poll(() => page.evaluate<string | null>('document.activeElement?.getAttribute("aria-label") ?? null'))
      .toBe(`Show the channels of import #${taskId}`);

    // Another one, with the stream failing: the panel polls instead, and the import is cancelled
    // after a confirmation (keyboard first: "keep importing" is where the focus lands).
    const streamRoute = `${base}/api/v1/history/*/tasks/*/stream`;
    await page.route(streamRoute, (route) => route.abort());
    await live.getByRole('button', { name: 'Start another import' }).click();
    await start.click();
    await page.getByText('Live updates interrupted; checking every 2 s').waitFor({ timeout: 10_000 });
    const second = page.locator('.live-task');
    const secondId = /#(\d+)/.exec(
      (await second.getByRole('heading', { level: 2 }).textContent()) ?? '',
    )?.[1];
    expect(secondId).not.toBe(taskId);
    await second.getByRole('button', { name: 'Cancel import' }).click();
    await page.getByText(`Stop import #${secondId}? What it has already counted stays counted.`).waitFor();
    await expect
      .poll(() => page.evaluate<string>('document.activeElement?.textContent'))
      .toBe('Keep importing');
    await shot(page, 'history-cancel');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate<string>('document.activeElement?.textContent'))
      .toBe('Cancel import');
    await second.getByRole('button', { name: 'Cancel import' }).click();
    await second.getByRole('button', { name: 'Stop the import' }).click();
    await second.locator('.task-status[data-status="cancelled"]').waitFor();
    await page
      .locator(`table.tasks tbody tr[data-task="${secondId}"]`)
      .getByText('Cancelled', { exact: true })
      .waitFor({ timeout: 10_000 });
    await page.unroute(streamRoute);

    // Phone width, and the other languages.
    const phone = await harness().phoneContext(desktop);
    const small = await newPage(phone);
    await small.goto(`${base}/history`);
    await small.getByRole('button', { name: 'Start import' }).waitFor();
    await small.locator(`table.tasks tbody tr[data-task="${taskId}"]`).waitFor();
    expect(await small.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(PHONE.width);
    await shot(small, 'history');
    await small.getByRole('button', { name: `Show the channels of import #${taskId}` }).click();
    await small.locator('.task-detail tbody tr[data-status="done"]').first().waitFor();
    expect(await small.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(PHONE.width);
    await shot(small, 'history-channels');
    await small.getByLabel('Language').selectOption('ja');
    await small.getByRole('heading', { name: '履歴インポート', level: 1 }).waitFor();
    await small.getByRole('button', { name: 'インポートを開始' }).waitFor();
    expect(await small.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(PHONE.width);
    await shot(small, 'history-ja');
    await small.getByLabel('言語').selectOption('zh-TW');
    await small.getByRole('heading', { name: '歷史匯入', level: 1 }).waitFor();
    await small.getByText('已完成').first().waitFor();
    await shot(small, 'history-zh-TW');
    await small.getByLabel('語言').selectOption('en');
    await phone.close();
    await desktop.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('hides admin pages from members and keeps them out of System', async () => {
    if (!browser) throw new Error('no browser');
    // A plain member of the demo guild, signed in through the simulator's `login_as`.
    const memberId = await addMember('mika', 'Mika');
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'ja-JP' });
    const page = await newPage(context);
    // The browser's language (ja-JP) is the first choice when none is remembered.
    await page.goto(`${base}/signin`);
    await page.getByRole('link', { name: 'Discord でサインイン' }).waitFor();
    await signInAs(page, memberId);
    await page.getByRole('heading', { name: '概要', level: 1 }).waitFor();
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual([
      '概要',
      'ランキング',
      'マイプロフィール',
    ]);
    await shot(page, 'overview-member-ja');
    await page.goto(`${base}/system`);
    await page.getByText('このページはサーバーの管理者向けです。').waitFor();
    await page.goto(`${base}/history`);
    await page.getByRole('heading', { name: '履歴インポート', level: 1 }).waitFor();
    await page.getByText('このページはサーバーの管理者向けです。').waitFor();
    expect(await page.getByRole('button', { name: 'インポートを開始' }).count()).toBe(0);

    // A failed request says what failed, with the request id, and can be retried. The statistics
    // come over their stream (`/stats/live`) first: it fails too, so the page falls back to polling
    // `/stats`, whose failure is shown.
    const stats = `${base}/api/v1/guilds/*/stats**`;
    await page.route(stats, (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 500,
          code: 'INTERNAL',
          message: 'internal error; see the server log for this request id',
          requestId: 'e2e-request-42',
        }),
      }),
    );
    await page.goto(`${base}/overview`);
    const failure = page.getByRole('alert');
    await failure.getByText('統計を読み込めませんでした').waitFor({ timeout: 15_000 });
    expect(await failure.textContent()).toContain('e2e-request-42');
    expect(await failure.textContent()).toMatch(/GET \/api\/v1\/guilds\/\d+\/stats/);
    await shot(page, 'overview-error-ja');
    await page.unroute(stats);
    await failure.getByRole('button', { name: '再試行' }).click();
    await page.locator('.chart canvas').first().waitFor();

    // A session that ends while the page is open leads to sign-in, which says why.
    await page.route(stats, (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 401,
          code: 'UNAUTHENTICATED',
          message: 'token expired',
          requestId: 'x',
        }),
      }),
    );
    await page.reload();
    await page.waitForURL(/\/signin\?next=%2Foverview&expired=1/);
    await page.getByText('セッションの有効期限が切れました。').waitFor();
    await context.close();
    expect(problems).toEqual([]);
  }, 30_000);

  it('shows a member their karma, and pays a completed quest they claim', async () => {
    if (!browser) throw new Error('no browser');
    const memberId = await addMember('rin', 'Rin');
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
    const page = await newPage(context);
    await signInAs(page, memberId);

    // Nothing yet: the profile says so rather than drawing empty charts.
    await page.getByRole('navigation').getByRole('link', { name: 'My profile' }).click();
    await page.waitForURL(`${base}/profile`);
    await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
    await page.getByText('No karma yet: write a message to earn your first.').waitFor();
    await shot(page, 'profile-empty');

    // A first message today pays karma and completes the "Daily Check-in" quest.
    // #general: a text channel the bot sees (the generator also makes channels hidden from it).
    const guild = await json<{ channels: { id: string; name: string; type: number }[] }>(
      `${simulator}/_sim/guilds/${demoGuild.id}`,
    );
    const channel = guild.channels.find((c) => c.type === 0 && c.name === 'general');
    if (!channel) throw new Error('the demo guild has no text channel');
    await json(`${simulator}/_sim/channels/${channel.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ authorId: memberId, content: 'Good morning, everyone!' }),
    });
    const claim = page.getByRole('button', { name: 'Claim Daily Check-in' });
    // The page polls every 10 s; a reload shows the message's effect at once.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: 'Daily quests' }).waitFor();
          await page.locator('.quest-list .quest-name').first().waitFor();
          return claim.count();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(1);
    const karmaCard = page
      .locator('.stat-card')
      .filter({ has: page.locator('.stat-label', { hasText: /^Karma$/ }) })
      .locator('.stat-value');
    const karmaOf = async () => Number((await karmaCard.textContent())?.replace(/\D/g, ''));
    await expect.poll(karmaOf).toBeGreaterThan(0);
    const before = await karmaOf();
    await page.locator('.chart canvas').first().waitFor();
    expect(await page.locator('table.log tbody tr').count()).toBeGreaterThan(0);
    await page.locator('.achievement.unlocked').first().waitFor();

    // A refused claim (409) shows the API's message beside the quest and pays nothing.
    const claimRoute = `${base}/api/v1/quests/*/claim`;
    await page.route(claimRoute, (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 409,
          code: 'CONFLICT',
          message: 'this quest is already claimed',
          requestId: 'e2e-claim-409',
        }),
      }),
    );
    await claim.click();
    await page.getByRole('alert').getByText('Could not claim: this quest is already claimed').waitFor();
    await page.unroute(claimRoute);

    // The real claim, from the keyboard: the karma goes up by the reward and the quest says so.
    await claim.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Claimed Daily Check-in: +10 karma.').waitFor();
    await expect.poll(karmaOf).toBeGreaterThanOrEqual(before + 10);
    await expect.poll(() => claim.count()).toBe(0);
    await page
      .locator('.quest')
      .filter({ hasText: 'Daily Check-in' })
      .getByText('Claimed', { exact: true })
      .waitFor();
    await shot(page, 'profile');

    // Claiming again is a 409 from the API itself.
    const daily = await page.request.get(`${base}/api/v1/quests/daily`);
    const checkIn = ((await daily.json()) as { quests: { key: string; progressId: string }[] }).quests.find(
      (q) => q.key === 'daily_check_in',
    );
    expect((await page.request.post(`${base}/api/v1/quests/${checkIn?.progressId}/claim`)).status()).toBe(
      409,
    );

    // The member on the leaderboard, marked as themselves.
    await page.getByRole('navigation').getByRole('link', { name: 'Leaderboard' }).click();
    await page.getByRole('heading', { name: 'Leaderboard', level: 1 }).waitFor();
    await page.locator('table.board tbody td.rank').nth(1).waitFor();

    // Phone width, and the other languages.
    const phone = await harness().phoneContext(context);
    const small = await newPage(phone);
    await small.goto(`${base}/profile`);
    await small.locator('.chart canvas').first().waitFor();
    await small.locator('table.log tbody tr td.delta').first().waitFor();
    await small.locator('.achievement.unlocked').first().waitFor();
    expect(await small.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(PHONE.width);
    await shot(small, 'profile');
    await small.getByLabel('Language').selectOption('zh-TW');
    await small.getByRole('heading', { name: '我的檔案', level: 1 }).waitFor();
    await small.getByText('每日報到').first().waitFor();
    await shot(small, 'profile-zh-TW');
    await small.getByLabel('語言').selectOption('ja');
    await small.getByRole('heading', { name: 'マイプロフィール', level: 1 }).waitFor();
    // A default quest still in its English text is shown in Japanese.
    await small.getByText('デイリーチェックイン').first().waitFor();
    await small.goto(`${base}/leaderboard`);
    await small.getByRole('heading', { name: 'ランキング', level: 1 }).waitFor();
    await small.locator('table.board tbody td.rank').nth(1).waitFor();
    expect(await small.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(PHONE.width);
    await shot(small, 'leaderboard-ja');
    await small.getByLabel('言語').selectOption('en');
    await phone.close();
    await context.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('keeps the first page’s JavaScript within 250 KB gzipped', () => {
    const result = JSON.parse(
      execFileSync(process.execPath, [`${ROOT}scripts/web-budget.mjs`, '--json'], { cwd: ROOT }).toString(),
    ) as { gzip: number; budget: number };
    console.info(`[hearth tests] first page JavaScript: ${(result.gzip / 1024).toFixed(1)} KB gzipped`);
    expect(result.gzip).toBeLessThanOrEqual(result.budget);
  });
});
