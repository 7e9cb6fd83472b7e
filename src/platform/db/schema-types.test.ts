import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDbTypes, SCHEMA_FILE } from '../../../scripts/gen-db-types.ts';

/** Where the two texts part, so the failure points at the table that changed. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '')}, generated ${JSON.stringify(b[at] ?? '')}`;
}

describe('the row types of the database', () => {
  // A fresh PGlite runs initdb and every migration: seconds alone, far more on a busy machine.
  it('src/platform/db/schema.gen.ts is what the migrations generate now', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const generated = await generateDbTypes();
    expect(
      committed === generated,
      `schema.gen.ts is stale (a migration changed?): run \`npm run gen:db\` and commit it; ${firstDifference(committed, generated)}`,
    ).toBe(true);
  }, 90_000);
});
