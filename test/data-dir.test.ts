import { describe, expect, it } from 'vitest';
import { runHearth } from './support/process.ts';

/** A DATA_DIR that cannot be written stops the start at once with one line naming it. */
describe('hearth with an unwritable DATA_DIR', () => {
  it.each([
    ['all', ['all']],
    ['migrate', ['migrate']],
    ['token', ['token', '--user', '12345', '--guild', '67890']],
  ])('%s stops with exit code 2 naming DATA_DIR under /proc', async (_name, args) => {
    const started = performance.now();
    const result = await runHearth(args, { DATA_DIR: '/proc/hearth-data', PORT: '0' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^hearth: configuration error: DATA_DIR "\/proc\/hearth-data" is not a directory Hearth can write \(.+\): point DATA_DIR at a writable directory$/,
    );
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
