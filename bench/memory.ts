/**
 * The bot's resident memory with a 100,000-member guild: `hearth bot` (bounded caches, members
 * streamed to PostgreSQL) against a baseline in the same run, discord.js with its default caches
 * loading the same members.
 *
 *   npm run bench:memory -- [--members 100000]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { startSimProcess } from './sim-process.ts';
import { argNumber, fmt, scratchDatabase } from './support.ts';

const BIN = fileURLToPath(new URL('../bin/hearth.js', import.meta.url));
const PLAIN = fileURLToPath(new URL('./plain-bot.ts', import.meta.url));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function settle(pid: number): Promise<number> {
  // Let garbage collection and sweepers catch up, then take the higher of two readings.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const a = rssMb(pid);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return Math.max(a, rssMb(pid));
}

const members = argNumber('members', 100_000);
const sim = await startSimProcess([
  '--no-rate-limits',
  '--guild-size',
  String(members),
  '--history',
  '100',
  '--days',
  '1',
]);
const env = { ...process.env, DISCORD_TOKEN: sim.token, DISCORD_API_URL: sim.apiUrl, LOG_LEVEL: 'warn' };

// Hearth
const database = await scratchDatabase();
const migrated = spawn(process.execPath, [BIN, 'migrate'], {
  env: { ...env, DATABASE_URL: database.url },
  stdio: 'ignore',
});
await new Promise((resolve) => migrated.once('exit', resolve));
// The bot hands large guilds' member lists to a worker (REST, paged), so both run, as in production.
const hearth = spawn(process.execPath, [BIN, 'bot'], {
  env: { ...env, DATABASE_URL: database.url },
  stdio: 'ignore',
});
const worker = spawn(process.execPath, [BIN, 'worker'], {
  env: { ...env, DATABASE_URL: database.url },
  stdio: 'ignore',
});
const db = openPostgres({ url: database.url, poolMax: 1 });
const started = performance.now();
for (;;) {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM members');
  if ((rows[0]?.n ?? 0) >= members) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const hearthLoadMs = performance.now() - started;
const hearthRss = await settle(hearth.pid ?? 0);
hearth.kill('SIGTERM');
worker.kill('SIGTERM');
await new Promise((resolve) => hearth.once('exit', resolve));
await new Promise((resolve) => worker.once('exit', resolve));
await db.close();
await database.drop();

// Baseline
const plain = spawn(process.execPath, [PLAIN], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const plainStarted = performance.now();
await new Promise<void>((resolve) =>
  plain.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve()),
);
const plainLoadMs = performance.now() - plainStarted;
const plainRss = await settle(plain.pid ?? 0);
plain.kill('SIGTERM');
await sim.stop();

console.log(`bot memory with a ${fmt(members)}-member guild (RSS after members are loaded and settled)`);
console.log(
  `  hearth bot (bounded caches; a worker stores the members in PostgreSQL): ${fmt(hearthRss)} MB, members stored in ${fmt(Math.round(hearthLoadMs))} ms`,
);
console.log(
  `  baseline discord.js (default caches, members.fetch): ${fmt(plainRss)} MB, members cached in ${fmt(Math.round(plainLoadMs))} ms`,
);
console.log(`  ratio: ${(hearthRss / plainRss).toFixed(2)} of the baseline's memory`);
process.exit(0);
