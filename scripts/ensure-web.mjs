#!/usr/bin/env node
// @ts-check
// Runs before `npm start` (prestart) and the browser tests: builds the dashboard into web/dist
// when it is missing or older than its sources, so a newcomer needs nothing but `npm start`.
// A missing Vite (a production install without dev dependencies) does not stop the start: it
// says so, and the server answers / with a page that says how to build. A failing build does.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = path.join(ROOT, 'web');
const BUILT = path.join(WEB, 'dist', 'index.html');
/** What the build reads (shared/ too: languages and translations): a change to any makes web/dist stale. */
const INPUTS = [
  ...['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((p) => path.join(WEB, p)),
  path.join(ROOT, 'shared'),
];

/** @param {string} file @returns {number} the newest modification time under `file` */
function newest(file) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(file).reduce((max, name) => Math.max(max, newest(path.join(file, name))), stat.mtimeMs);
}

/** @returns {string | undefined} why a build is needed, or undefined when web/dist is current */
export function staleReason() {
  if (!existsSync(BUILT)) return 'web/dist is missing';
  const sources = Math.max(...INPUTS.map(newest));
  return sources > statSync(BUILT).mtimeMs
    ? 'the dashboard’s sources changed since the last build'
    : undefined;
}

export async function ensureWeb({ force = false } = {}) {
  const reason = force ? 'forced' : staleReason();
  if (!reason) return { built: false };
  let vite;
  try {
    vite = await import('vite');
  } catch {
    process.stderr.write(
      `hearth: the dashboard is not built (${reason}) and Vite is not installed; install the dev dependencies and run \`npm run build:web\`\n`,
    );
    return { built: false };
  }
  // What npm start serves is a production build, even when a test runner set NODE_ENV=test
  // (Vite would then bundle React's development build, twice the size).
  process.env.NODE_ENV = 'production';
  process.stdout.write(`hearth: building the dashboard (${reason})...\n`);
  const started = performance.now();
  await vite.build({ configFile: path.join(WEB, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  process.stdout.write(`hearth: dashboard built in ${Math.round(performance.now() - started)} ms\n`);
  return { built: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await ensureWeb({ force: process.argv.includes('--force') });
}
