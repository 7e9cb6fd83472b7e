import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, SCHEMA_FILE } from '../../scripts/gen-api-types.ts';

/** Where the two texts part, so the failure points at the route that changed. */
function firstDifference(committed: string, generated: string): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: committed ${JSON.stringify(a[at] ?? '')}, generated ${JSON.stringify(b[at] ?? '')}`;
}

describe("the dashboard's API types", () => {
  it('web/src/api/schema.gen.ts is what the route schemas generate now', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const generated = await generateApiTypes();
    expect(
      committed === generated,
      `web/src/api/schema.gen.ts is stale (a route schema changed?): run \`npm run gen:api\` and commit it; ${firstDifference(committed, generated)}`,
    ).toBe(true);
  });
});
