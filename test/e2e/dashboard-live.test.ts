import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, DESKTOP, json, PAGE_WIDTH, PHONE, useDashboard } from '../support/browser.ts';

/**
 * The live side of the dashboard in Chromium against `hearth all` in demo mode: an admin adds an
 * external stage, a simulated web player joins, heartbeats and leaves through the API, and the
 * stage's page and the overview follow the count live over their SSE streams, as the overview's
 * message statistics follow a member's message; then a MEE6 file is
 * imported from the Imports page, dry run first. Screenshots at desktop and phone widths.
 */

const PLAYER_ID = 'e2e-player-1';
/** Two members that Hearth has not seen yet: the import raises both. */
const IMPORTED = ['400000000000000101', '400000000000000102'];

describe.skipIf(!chromiumAvailable)('live viewers and level imports in the dashboard', () => {
  const harness = useDashboard();
  let browser: Browser | undefined;
  let base = '';

  const shot = (page: Page, name: string) => harness().shot(page, name);
  const api = async (path: string, body: object, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** The number in the stat card labelled `label`. */
  const card = (page: Page, label: string) =>
    page
      .locator('.stat-card')
      .filter({ has: page.locator('.stat-label', { hasText: new RegExp(`^${label}$`) }) })
      .locator('.stat-value');
  const cardNumber = async (page: Page, label: string) =>
    Number((await card(page, label).textContent())?.replace(/\D/g, '') || Number.NaN);

  beforeAll(() => {
    ({ browser, base } = harness());
  });

  it('adds a stage, follows a viewer live on its page and the overview, and imports MEE6 levels', async () => {
    if (!browser) throw new Error('no browser');
    const desktop = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
    const page = await harness().newPage(desktop);
    await harness().signInAs(page, harness().demoGuild.ownerId);

    // Stages: the form refuses what the API would, then adds an anonymous external stream.
    await page.getByRole('navigation').getByRole('link', { name: 'Stages' }).click();
    await page.getByRole('heading', { name: 'Stages', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add an external stream' }).click();
    const form = page.locator('form.stage-form');
    await form.getByRole('button', { name: 'Add stage' }).click();
    await form.getByText('Give the stage a name of 1 to 100 characters.').waitFor();
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Name').fill('Launch stream');
    await form.getByLabel('Stream id').fill('arn:aws:ivs:e2e:stage/launch');
    await form.getByLabel('Max viewers').fill('25');
    await form.getByLabel('Anonymous viewers').check();
    await form.getByRole('button', { name: 'Add stage' }).click();
    await page.getByRole('status').getByText('Added “Launch stream”.').waitFor();
    const row = page.locator('table.stages-table tbody tr').filter({ hasText: 'Launch stream' });
    await row.waitFor();
    const stageId = await row.getAttribute('data-stage');
    if (!stageId) throw new Error('the new stage has no id');
    expect(await row.locator('.stage-max').textContent()).toContain('25');

    // The same stream id again: the API's 409 is shown under its field.
    await page.getByRole('button', { name: 'Add an external stream' }).click();
    await form.getByLabel('Name').fill('Launch stream again');
    await form.getByLabel('Stream id').fill('arn:aws:ivs:e2e:stage/launch');
    await form.getByRole('button', { name: 'Add stage' }).click();
    await form
      .locator('.field-error')
      .getByText(/^Already taken: /)
      .waitFor();
    expect(await form.getByLabel('Stream id').getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.task-connection.live').waitFor();
    await shot(page, 'stages');

    // The stage's page and the overview, side by side, both streaming.
    await row.getByRole('link', { name: 'Launch stream' }).click();
    await page.waitForURL(`${base}/stages/${stageId}`);
    await page.getByRole('heading', { name: 'Launch stream', level: 1 }).waitFor();
    await page.locator('.task-connection.live').waitFor();
    await expect.poll(() => cardNumber(page, 'Watching now')).toBe(0);
    await page.getByText('Nobody is watching right now').waitFor();
    const overview = await harness().newPage(desktop);
    // The overview's statistics come over their stream: the page never asks GET /stats.
    const statsPolls: string[] = [];
    overview.on('request', (request) => {
      if (/\/api\/v1\/guilds\/\d+\/stats(\?|$)/.test(request.url())) statsPolls.push(request.url());
    });
    await overview.goto(`${base}/overview`);
    await overview.locator('.task-connection.live').waitFor();
    await expect.poll(() => cardNumber(overview, 'Live viewers')).toBeGreaterThanOrEqual(0);
    const before = await cardNumber(overview, 'Live viewers');

    // A member writes in Discord: the overview's messages today rise without a reload or a poll.
    await expect.poll(() => cardNumber(overview, 'Messages today')).toBeGreaterThanOrEqual(0);
    const messagesBefore = await cardNumber(overview, 'Messages today');
    const { simulator, demoGuild } = harness();
    const guild = await json<{ channels: { id: string; type: number }[] }>(
      `${simulator}/_sim/guilds/${demoGuild.id}`,
    );
    const text = guild.channels.find((c) => c.type === 0);
    if (!text) throw new Error('the demo guild has no text channel');
    await json(`${simulator}/_sim/channels/${text.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ authorId: demoGuild.ownerId, content: 'the overview follows this live' }),
    });
    await expect
      .poll(() => cardNumber(overview, 'Messages today'), { timeout: 5_000 })
      .toBeGreaterThan(messagesBefore);
    expect(statsPolls).toEqual([]);
    // The guild's quests: the default catalog is active, and the owner's message completed the
    // daily check-in (the quests refresh as the statistics stream says the guild was active).
    await expect.poll(() => cardNumber(overview, 'Active quests')).toBe(17);
    const checkIn = overview.locator('.guild-quests li[data-quest="daily_check_in"]');
    await checkIn.getByText('Daily Check-in').waitFor();
    await expect
      .poll(
        async () =>
          Number(/^(\d+) of/.exec((await checkIn.locator('.quest-count').textContent()) ?? '')?.[1]),
        {
          timeout: 15_000,
        },
      )
      .toBeGreaterThanOrEqual(1);

    // A web player joins without a token (the stage is anonymous) and heartbeats.
    const joined = await api(`/stages/${stageId}/viewers/join`, { participant_id: PLAYER_ID });
    expect(joined.status).toBe(200);
    const session = joined.body.session_id as string;
    expect(joined.body).toMatchObject({ resumed: false, viewer_count: 1, heartbeat_interval_seconds: 30 });
    await expect.poll(() => cardNumber(page, 'Watching now'), { timeout: 5_000 }).toBe(1);
    await expect.poll(() => cardNumber(overview, 'Live viewers'), { timeout: 5_000 }).toBe(before + 1);
    await overview.locator(`.live-now-list li[data-stage="${stageId}"]`).getByText('1 viewer').waitFor();
    // Who is watching: the participant, by its id.
    await page.locator('table.viewers-table').getByText(PLAYER_ID).waitFor({ timeout: 10_000 });
    for (let beat = 0; beat < 2; beat++) {
      const heartbeat = await api(`/stages/${stageId}/viewers/heartbeat`, { session_id: session });
      expect(heartbeat).toEqual({ status: 200, body: { session_id: session, viewer_count: 1 } });
    }
    // The chart ends with the live count; statistics count the session.
    await page.locator('.chart canvas').waitFor();
    await expect.poll(() => page.locator('.chart-readout').textContent()).toMatch(/: 1 viewer$/);
    await page.getByRole('button', { name: '30 days' }).click();
    expect(await page.getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe('true');
    const views = page.locator('.fact').filter({ has: page.locator('dt', { hasText: /^Views$/ }) });
    await expect.poll(() => views.locator('dd').textContent(), { timeout: 5_000 }).toBe('1');
    await page.getByText(`POST ${base}/api/v1/stages/${stageId}/viewers/join`).waitFor();
    await shot(page, 'stage');
    await shot(overview, 'overview-live');

    // The player leaves: both pages go back down, live.
    const left = await api(`/stages/${stageId}/viewers/leave`, { session_id: session });
    expect(left.body).toMatchObject({ closed: true });
    await expect.poll(() => cardNumber(page, 'Watching now'), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => cardNumber(overview, 'Live viewers'), { timeout: 5_000 }).toBe(before);
    await page.getByText('Nobody is watching right now').waitFor();
    await overview.close();

    // Imports: a small MEE6 leaderboard, dry run first, then the import.
    await page.getByRole('navigation').getByRole('link', { name: 'Import levels' }).click();
    await page.getByRole('heading', { name: 'Import levels', level: 1 }).waitFor();
    const mee6 = {
      admins: [],
      players: [
        { id: IMPORTED[0], username: 'ada', xp: 12_000, level: 18, message_count: 900 },
        { id: IMPORTED[1], username: 'lin', xp: 1_150, level: 5, message_count: 70 },
      ],
    };
    const file = page.getByLabel('File', { exact: true });
    await file.setInputFiles({
      name: 'leaderboard.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(mee6)),
    });
    await page.getByText('Looks like MEE6, from the file.').waitFor();
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    const report = page.locator('.import-report');
    await report.getByRole('heading', { name: 'What the import would change' }).waitFor();
    const fact = (label: string) =>
      report.locator('.fact').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });
    expect(await fact('Members in the file').locator('dd').textContent()).toBe('2');
    expect(await fact('Members raised').locator('dd').textContent()).toBe('2');
    expect(await fact('Karma added').locator('dd').textContent()).toBe('13,150');
    expect(await report.locator('table.plan-table tbody tr').count()).toBe(2);
    await shot(page, 'imports-dry-run');
    await report.getByRole('button', { name: 'Import: raise 2 members' }).click();
    await report.getByRole('heading', { name: 'Import done' }).waitFor();
    await report.getByText('2 members credited with 13,150 karma; 2 levelled up.').waitFor();
    await shot(page, 'imports-done');

    // The same file again pays nothing; a bad file is refused with its place named.
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await report.getByRole('heading', { name: 'What the import would change' }).waitFor();
    expect(await fact('Already imported').locator('dd').textContent()).toBe('2');
    await report.getByText(/^Nothing to import/).waitFor();
    await file.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ players: [{ id: 'not-a-user', xp: 10 }] })),
    });
    await page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The file was refused' });
    await refusal.waitFor();
    expect(await refusal.locator('.refusal').textContent()).toContain('players[0]');
    await shot(page, 'imports-refused');

    // Phone width: the same pages, nothing scrolling sideways.
    const phone = await harness().phoneContext(desktop);
    const small = await harness().newPage(phone);
    for (const [path, name, ready] of [
      ['/stages', 'stages', 'table.stages-table tbody tr[data-stage]'],
      [`/stages/${stageId}`, 'stage', '.chart canvas'],
      ['/imports', 'imports', 'form.import-form'],
      ['/overview', 'overview-live', '.live-now .task-connection.live'],
    ] as const) {
      await small.goto(`${base}${path}`);
      await small.locator(ready).first().waitFor();
      expect(await small.evaluate<number>(PAGE_WIDTH), path).toBeLessThanOrEqual(PHONE.width);
      await shot(small, name);
    }
    await phone.close();
    await desktop.close();
    expect(harness().problems).toEqual([]);
  }, 60_000);
});
