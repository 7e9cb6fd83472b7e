import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  DESKTOP,
  LAYOUT_SHIFT,
  PAGE_WIDTH,
  PHONE,
  RECORD_LAYOUT_SHIFTS,
  useDashboard,
} from '../support/browser.ts';

/**
 * The karma settings pages in Chromium against `hearth all` in demo mode, as the demo's owner (an
 * admin): earning rules saved, a refused value shown at its field, the level curve's preview
 * following the form, a role reward added, a quest's reward changed, everything still there after
 * a reload; every tab at desktop and phone widths (test/e2e/screenshots/*-karma-settings-*.png).
 */

interface Settings {
  karma: {
    message: { min: number; max: number };
    noKarmaChannelIds: string[];
    channelMultipliers: Record<string, number>;
  };
  levels: { curve: { kind: string; step?: number }; roleRewards: { level: number; roleId: string }[] };
  quests: { key: string; reward: number }[];
}

describe.skipIf(!chromiumAvailable)('the karma settings pages in Chromium', () => {
  const harness = useDashboard();

  it('edits rules, the curve, role rewards and quests, section by section', async () => {
    const dashboard = harness();
    const { browser, base, demoGuild, problems, shot } = dashboard;
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
    const page = await dashboard.newPage(context);
    await dashboard.signInAs(page, demoGuild.ownerId);
    const stored = async () =>
      (await (
        await page.request.get(`${base}/api/v1/guilds/${demoGuild.id}/settings/karma`)
      ).json()) as Settings;
    const form = (name: string): Locator => page.locator(`form[data-form="${name}"]`);
    const status = (name: string): Locator => form(name).getByRole('status');

    // From the menu; a fresh load keeps still while the settings, channels and roles arrive.
    await page.getByRole('navigation').getByRole('link', { name: 'Karma settings' }).click();
    await page.waitForURL(`${base}/settings/karma`);
    await page.addInitScript(RECORD_LAYOUT_SHIFTS);
    await page.reload();
    await page.getByRole('heading', { name: 'Karma settings', level: 1 }).waitFor();
    const rules = form('karma');
    await rules.getByRole('button', { name: 'Add channel', exact: true }).waitFor();
    await page.waitForTimeout(300);
    expect(await page.evaluate<number>(LAYOUT_SHIFT)).toBeLessThan(0.1);
    expect(await page.getByRole('tab', { name: 'Rules' }).getAttribute('aria-selected')).toBe('true');

    // Rules: amounts, a no-karma channel and a channel multiplier; unsaved until saved.
    await rules.getByLabel('Karma per message, at least').fill('5');
    await rules.getByLabel('Karma per message, at most').fill('12');
    await status('karma').getByText('Unsaved changes').waitFor();
    await page.getByRole('tab', { name: /Rules.*unsaved changes/ }).waitFor();
    await rules.getByRole('button', { name: 'Add channel', exact: true }).click();
    const chip = rules.locator('.chip').first();
    const mutedChannel = ((await chip.locator('span').first().textContent()) ?? '').trim();
    expect(mutedChannel).toMatch(/^(#|Category: )/);
    await rules.getByRole('button', { name: 'Add channel multiplier' }).click();
    await rules.getByLabel(/^Multiplier for /).fill('2');
    await rules.getByRole('button', { name: 'Save earning rules' }).click();
    await status('karma')
      .getByText(/^Saved at /)
      .waitFor();
    const afterRules = await stored();
    expect(afterRules.karma.message).toMatchObject({ min: 5, max: 12 });
    expect(afterRules.karma.noKarmaChannelIds).toHaveLength(1);
    expect(Object.values(afterRules.karma.channelMultipliers)).toEqual([2]);

    // A value the API refuses: its message under the field it names, nothing saved.
    await rules.getByLabel('Karma per message, at least').fill('30');
    await rules.getByRole('button', { name: 'Save earning rules' }).click();
    const refusal = rules.locator('.field-error', { hasText: 'Not accepted: karma.message.max' });
    await refusal.waitFor();
    expect(await rules.getByLabel('Karma per message, at most').getAttribute('aria-invalid')).toBe('true');
    const announce = form('announcements');
    await announce.getByLabel('In one channel').check();
    await announce.getByRole('button', { name: 'Save announcements' }).click();
    await announce.locator('.field-error', { hasText: 'announcements.channelId' }).waitFor();
    expect(await announce.getByLabel('Channel', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'karma-settings-rules');

    // Unsaved drafts: leaving asks first (a link to another page; closing or reloading the tab).
    const unloadAsks = () =>
      page.evaluate<boolean>(`(() => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      })()`);
    expect(await unloadAsks()).toBe(true);
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('navigation').getByRole('link', { name: 'Leaderboard' }).click();
    await expect
      .poll(() => asked)
      .toEqual(['You have unsaved changes in the karma settings. Leave this page and lose them?']);
    expect(new URL(page.url()).pathname).toBe('/settings/karma');
    expect(await rules.getByLabel('Karma per message, at least').inputValue()).toBe('30');
    await rules.getByRole('button', { name: 'Discard changes' }).click();
    await announce.getByRole('button', { name: 'Discard changes' }).click();
    expect(await unloadAsks()).toBe(false);
    expect(await rules.getByLabel('Karma per message, at least').inputValue()).toBe('5');
    expect((await stored()).karma.message.min).toBe(5);

    // Levels, with the keyboard from the tabs: the preview follows the curve as it is typed.
    await page.getByRole('tab', { name: 'Rules' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(`${base}/settings/karma?tab=levels`);
    const levels = form('levels');
    const level10 = levels.locator('table.key-levels tr[data-level="10"] td.draft-value');
    await expect.poll(() => level10.textContent()).toBe('4,675');
    await levels.locator('.curve-chart canvas').waitFor();
    await levels.getByLabel(/^Linear/).check();
    await expect.poll(() => level10.textContent()).toBe('10,000');
    await levels.getByLabel('Karma per level', { exact: true }).fill('250');
    await expect.poll(() => level10.textContent()).toBe('2,500');
    await levels.getByRole('button', { name: 'Save levels' }).click();
    await status('levels')
      .getByText(/^Saved at /)
      .waitFor();
    expect((await stored()).levels.curve).toEqual({ kind: 'linear', step: 250 });
    await shot(page, 'karma-settings-levels');

    // Role rewards: one more, on a free level.
    await page.getByRole('tab', { name: 'Role rewards' }).click();
    const rewards = form('roleRewards');
    await rewards.getByRole('button', { name: 'Add role reward' }).click();
    const row = rewards.locator('.edit-row').last();
    await row.getByLabel('Level', { exact: true }).fill('20');
    const role = await row.getByLabel('Role', { exact: true }).inputValue();
    await rewards.getByRole('button', { name: 'Save role rewards' }).click();
    await status('roleRewards')
      .getByText(/^Saved at /)
      .waitFor();
    expect((await stored()).levels.roleRewards).toContainEqual({ level: 20, roleId: role });
    await shot(page, 'karma-settings-rewards');

    // Quests: the Daily Check-in pays more.
    await page.getByRole('tab', { name: 'Quests' }).click();
    const quests = form('quests');
    await quests.getByLabel('Karma for Daily Check-in').fill('25');
    await quests.getByRole('button', { name: 'Save quests' }).click();
    await status('quests')
      .getByText(/^Saved at /)
      .waitFor();
    expect((await stored()).quests.find((q) => q.key === 'daily_check_in')?.reward).toBe(25);
    await shot(page, 'karma-settings-quests');
    await page.getByRole('tab', { name: 'Achievements' }).click();
    await form('achievements').getByLabel('Threshold of First Words').waitFor();
    await shot(page, 'karma-settings-achievements');

    // A reload shows what was saved, tab by tab.
    await page.goto(`${base}/settings/karma?tab=quests`);
    expect(await form('quests').getByLabel('Karma for Daily Check-in').inputValue()).toBe('25');
    await page.getByRole('tab', { name: 'Rules' }).click();
    expect(await form('karma').getByLabel('Karma per message, at least').inputValue()).toBe('5');
    expect(await form('karma').getByLabel('Karma per message, at most').inputValue()).toBe('12');
    await form('karma')
      .getByRole('button', { name: `Remove ${mutedChannel} from No-karma channels` })
      .waitFor();
    await page.getByRole('tab', { name: 'Levels' }).click();
    expect(
      await form('levels')
        .getByLabel(/^Linear/)
        .isChecked(),
    ).toBe(true);
    expect(await form('levels').getByLabel('Karma per level', { exact: true }).inputValue()).toBe('250');
    await page.getByRole('tab', { name: 'Role rewards' }).click();
    await form('roleRewards').locator('.edit-row[data-reward-level="20"]').waitFor();

    // Every tab at phone width: nothing scrolls sideways.
    const phone = await dashboard.phoneContext(context);
    const small = await dashboard.newPage(phone);
    const tabs: [string, string, (p: Page) => Locator][] = [
      ['rules', 'Save earning rules', (p) => p.locator('form[data-form="karma"] .chip').first()],
      ['levels', 'Save levels', (p) => p.locator('.curve-chart canvas')],
      ['rewards', 'Save role rewards', (p) => p.locator('.edit-row').first()],
      ['quests', 'Save quests', (p) => p.locator('.catalog-row').first()],
      ['achievements', 'Save achievements', (p) => p.locator('.catalog-row').first()],
    ];
    for (const [tab, save, ready] of tabs) {
      await small.goto(`${base}/settings/karma${tab === 'rules' ? '' : `?tab=${tab}`}`);
      await small.getByRole('button', { name: save }).waitFor();
      await ready(small).waitFor();
      expect(await small.evaluate<number>(PAGE_WIDTH), tab).toBeLessThanOrEqual(PHONE.width);
      await shot(small, `karma-settings-${tab}`);
    }
    // Another language: the same page, translated.
    await small.getByLabel('Language').selectOption('ja');
    await small.getByRole('heading', { name: 'カルマ設定', level: 1 }).waitFor();
    await small.getByRole('button', { name: '実績を保存' }).waitFor();
    await shot(small, 'karma-settings-achievements-ja');
    await small.getByLabel('言語').selectOption('zh-TW');
    await small.getByRole('tab', { name: '規則' }).click();
    await small.getByRole('button', { name: '儲存積分規則' }).waitFor();
    expect(await small.evaluate<number>(PAGE_WIDTH)).toBeLessThanOrEqual(PHONE.width);
    await shot(small, 'karma-settings-rules-zh-TW');
    await small.getByLabel('語言').selectOption('en');
    await phone.close();
    await context.close();
    expect(problems).toEqual([]);
  }, 50_000);
});
