import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the generators (gen-api-types.ts, gen-db-types.ts) share: formatting and writing their file. */

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Formatted by the project's own Biome, so that `npm run format` leaves the file as generated and
 * its diffs read like the rest of the code.
 */
export function biomeFormat(source: string, file: string): string {
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  const result = spawnSync(
    process.execPath,
    [biome, 'format', `--stdin-file-path=${path.relative(ROOT, file)}`],
    { cwd: ROOT, input: source, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`biome format failed: ${result.stderr || result.error}`);
  return result.stdout;
}

/** Whether the module at `moduleUrl` is the script node was asked to run (not imported by a test). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === path.resolve(process.argv[1]);
}

/** Writes `text` to `file` when it differs, and says which. */
export function writeGenerated(file: string, text: string): void {
  let before = '';
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    // First run: nothing to compare with.
  }
  if (before !== text) writeFileSync(file, text);
  console.log(`${path.relative(ROOT, file)} ${before === text ? 'is up to date' : 'written'}`);
}
