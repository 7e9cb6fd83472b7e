import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { eventually } from './eventually.ts';
import { type RunningHearth, runHearth, startHearth, tempDir } from './process.ts';

/**
 * The shared harness of the dashboard's browser tests: one `hearth all` in demo mode (fresh
 * `DATA_DIR`, the simulator's demo community), Debian's Chromium (never a downloaded one), sign-in
 * through the simulator's OAuth, a watch on page and console errors, screenshots at desktop and
 * phone widths under test/e2e/screenshots/, and the page-width and layout-shift probes.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHOTS = fileURLToPath(new URL('../e2e/screenshots/', import.meta.url));
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
const isCi = process.env.CI === 'true' || process.env.CI === '1';

export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable) {
  const message = `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
  if (isCi) throw new Error(`${message}; CI requires it`);
  console.warn(`[hearth tests] ${message}: skipping the dashboard browser tests`);
}

export async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// Browser-side expressions are strings: the tests are type-checked for Node, without the DOM.
/** How wide the page's content is: wider than the viewport means sideways scrolling. */
export const PAGE_WIDTH = 'document.documentElement.scrollWidth';

/** Layout shifts (the CLS score) since the page loaded, recorded by an init script. */
export const RECORD_LAYOUT_SHIFTS = `
  window.__layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
`;
/** The score recorded by RECORD_LAYOUT_SHIFTS (add it with `page.addInitScript` before loading). */
export const LAYOUT_SHIFT = 'window.__layoutShift';

export interface DashboardOptions {
  /** More guilds of the demo's owner, created in the simulator before the test waits for Hearth. */
  extraGuilds?: string[];
}

export interface Dashboard {
  browser: Browser;
  hearth: RunningHearth;
  /** Hearth's address (API and dashboard). */
  base: string;
  /** The simulator's address (its `/_sim` control API). */
  simulator: string;
  dataDir: string;
  demoGuild: { id: string; name: string; ownerId: string };
  /** A service token of the demo's owner, for API calls outside the browser. */
  headers: { authorization: string };
  /** Page errors and console errors seen by every watched page; a test ends expecting none. */
  problems: string[];
  watch(page: Page): Page;
  newPage(context: BrowserContext): Promise<Page>;
  /** A full-page screenshot named `{desktop,phone}-<name>.png` by the page's width. */
  shot(page: Page, name: string): Promise<void>;
  /** A phone-width context, with another context's session when given. */
  phoneContext(from?: BrowserContext): Promise<BrowserContext>;
  /** A new plain member of the demo guild, as the simulator's user; its id. */
  addMember(username: string, globalName: string): Promise<string>;
  /** Signs `page` in as `userId` through the simulator's consent page; lands on `landing`. */
  signInAs(page: Page, userId: string, landing?: string): Promise<void>;
  /** Closes the browser and stops Hearth; Hearth's exit code. */
  stop(): Promise<number | null>;
}

const BUILD_LOCK = path.join(
  tmpdir(),
  `hearth-web-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}`,
);
const BUILD_LOCK_STALE_MS = 120_000;

/**
 * Builds web/dist only when it is missing or older than web/src (about 2 s when it does). Browser
 * test files run in parallel, and two builds at once empty each other's output: a directory made
 * with mkdir (atomic) lets one build while the others wait, then find the build current.
 */
async function ensureWebBuilt(): Promise<void> {
  const deadline = Date.now() + BUILD_LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      const age = Date.now() - (existsSync(BUILD_LOCK) ? statSync(BUILD_LOCK).mtimeMs : Date.now());
      // A lock left by a killed run would block every later one.
      if (age > BUILD_LOCK_STALE_MS || Date.now() > deadline)
        rmSync(BUILD_LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    execFileSync(process.execPath, [`${ROOT}scripts/ensure-web.mjs`], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/**
 * Call in a `describe`: starts the dashboard before its tests and stops it after them, expecting
 * a clean exit. The returned function gives it to the tests, or says that it did not start.
 */
export function useDashboard(options: DashboardOptions = {}): () => Dashboard {
  let dashboard: Dashboard | undefined;
  beforeAll(async () => {
    dashboard = await startDashboard(options);
  }, 45_000);
  afterAll(async () => {
    if (dashboard) expect(await dashboard.stop()).toBe(0);
  });
  return () => {
    if (!dashboard) throw new Error('the dashboard did not start');
    return dashboard;
  };
}

/** Starts Hearth and Chromium together; resolves once Hearth has the guilds and their first messages. */
export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  mkdirSync(SHOTS, { recursive: true });
  await ensureWebBuilt();
  const dataDir = tempDir();
  const [hearth, browser] = await Promise.all([
    startHearth(['all'], { DATA_DIR: dataDir }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
  ]);
  try {
    return await connect(hearth, browser, dataDir, options);
  } catch (error) {
    await browser.close().catch(() => undefined);
    await hearth.stop();
    throw error;
  }
}

async function connect(
  hearth: RunningHearth,
  browser: Browser,
  dataDir: string,
  options: DashboardOptions,
): Promise<Dashboard> {
  const base = hearth.url;
  const simulator = await eventually(async () => /"simulator":"(http:\/\/[^"]+)"/.exec(hearth.output())?.[1]);

  const state = await json<{ guilds: { id: string; name: string; ownerId: string }[] }>(
    `${simulator}/_sim/state`,
  );
  const demo = state.guilds[0];
  if (!demo) throw new Error('the demo simulator has no guild');
  const demoGuild = { id: demo.id, name: demo.name, ownerId: demo.ownerId };
  const extraGuilds = options.extraGuilds ?? [];
  for (const name of extraGuilds) {
    await json(`${simulator}/_sim/guilds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, ownerId: demo.ownerId }),
    });
  }

  // Wait until Hearth has every guild and the demo's first messages, so the pages have content.
  const token = (
    await runHearth(['token', '--user', demo.ownerId, '--guild', demo.id, '--role', 'service'], {
      DATA_DIR: dataDir,
    })
  ).stdout.trim();
  const headers = { authorization: `Bearer ${token}` };
  await eventually(async () => {
    const guilds = await json<unknown[]>(`${base}/api/v1/guilds`, { headers });
    return guilds.length >= 1 + extraGuilds.length ? true : undefined;
  });
  await eventually(async () => {
    const stats = await json<{ totals: { messages: number } }>(`${base}/api/v1/guilds/${demo.id}/stats`, {
      headers,
    });
    return stats.totals.messages > 0 ? true : undefined;
  });

  const problems: string[] = [];
  function watch(page: Page): Page {
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      // HTTP errors are logged by the browser as "Failed to load resource" (a signed-out visit's
      // /auth/me is a 401 by design); what the page does about them is asserted by the steps.
      // Any other error, such as a CSP violation, is a problem.
      if (message.type() === 'error' && !text.startsWith('Failed to load resource')) {
        problems.push(`console: ${text}`);
      }
    });
    return page;
  }

  return {
    browser,
    hearth,
    base,
    simulator,
    dataDir,
    demoGuild,
    headers,
    problems,
    watch,
    async newPage(context) {
      return watch(await context.newPage());
    },
    async shot(page, name) {
      const width = page.viewportSize()?.width ?? 0;
      await page.screenshot({
        path: `${SHOTS}${width <= PHONE.width ? 'phone' : 'desktop'}-${name}.png`,
        fullPage: true,
        animations: 'disabled',
      });
    },
    async phoneContext(from) {
      return browser.newContext({
        viewport: PHONE,
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        ...(from ? { storageState: await from.storageState() } : {}),
      });
    },
    async addMember(username, globalName) {
      const member = await json<{ id: string }>(`${simulator}/_sim/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, globalName }),
      });
      await json(`${simulator}/_sim/guilds/${demoGuild.id}/members/${member.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      return member.id;
    },
    // Starts the flow as the sign-in link would (Playwright cannot rewrite a redirect hop), then
    // asks the simulator's consent page for this user instead of its default user, the owner.
    async signInAs(page, userId, landing = '/overview') {
      const start = await page.request.get(`${base}/auth/login?redirect=%2F`, { maxRedirects: 0 });
      const authorize = start.headers().location;
      if (!authorize) throw new Error('/auth/login did not redirect');
      await page.goto(`${authorize}&login_as=${userId}`);
      await page.waitForURL(`${base}${landing}`);
    },
    async stop() {
      await browser.close().catch(() => undefined);
      return (await hearth.stop()).code;
    },
  };
}
