import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbBackends } from '../../../test/support/databases.ts';
import { BOB, G, message } from '../../../test/support/rewards-fixtures.ts';
import { createHarness, type Harness } from '../../../test/support/rewards-harness.ts';

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`reward settings on ${backend.name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(await backend.create());
    });
    afterAll(async () => {
      await h?.close();
      await h?.t.dispose();
    });
    beforeEach(async () => {
      await h.reset();
    });

    it('validates settings and names the offending field', async () => {
      const error = await h.services.settings
        .update(G, { levels: { curve: { kind: 'polynomial', coefficients: [0, 0.3] } } }, BOB)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'invalid', field: 'levels.curve.coefficients' });
      const unknown = await h.services.settings
        .update(G, { karma: { message: { min: -1 } } }, BOB)
        .catch((e) => e);
      expect(unknown).toMatchObject({ field: 'karma.message.min' });
    });

    it('applies new settings to the next batch and rewrites the level table', async () => {
      const updated = await h.services.settings.update(
        G,
        { karma: { message: { min: 3, max: 3 } }, levels: { curve: { kind: 'linear', step: 100 } } },
        BOB,
      );
      expect(updated.karma.message).toMatchObject({ min: 3, max: 3 });
      await h.run(message());
      const { rows } = await h.t.db.query<{ delta: number }>(
        "SELECT delta FROM karma_ledger WHERE source = 'message'",
      );
      expect(rows).toEqual([{ delta: 3 }]);
      const table = await h.services.levels.table(G);
      expect(table.levels).toHaveLength(100);
      expect(table.levels[1]).toMatchObject({ level: 2, requiredKarma: 200 });
    });
  });
}
