import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { epochMs, pgArray, pgEpochMillis, pgNumbers } from './arrays.ts';

describe('array literals', () => {
  it('leaves ids and plain words bare, quotes the rest, and keeps NULL apart from "null"', () => {
    expect(pgNumbers(['123', 45, -6n])).toBe('{123,45,-6}');
    expect(pgArray(['message', 'given:1:2', null, 'null', 'NULL', '', 'a b', 'x,y', '{z}', 'q"\\'])).toBe(
      '{message,given:1:2,NULL,"null","NULL","","a b","x,y","{z}","q\\"\\\\"}',
    );
    expect(pgEpochMillis([new Date(0), null])).toBe('{0,NULL}');
  });

  it('does not let a malformed id split into two elements', () => {
    expect(pgNumbers(['1,2', '3'])).toBe('{"1,2",3}');
  });
});

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`array literals on ${backend.name}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await backend.create({ migrated: false });
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('round-trip text, ids and instants exactly', async () => {
      const texts = ['message', null, 'null', '', 'a b', 'x,y', '{z}', 'q"\\', '👍', 'é\ttab'];
      const { rows } = await t.db.query<{ v: string | null }>('SELECT unnest($1::text[]) AS v', [
        pgArray(texts),
      ]);
      expect(rows.map((r) => r.v)).toEqual(texts);
      const ids = ['900000000000000001', '0', '-5'];
      const numbers = await t.db.query<{ v: string }>('SELECT unnest($1::bigint[]) AS v', [pgNumbers(ids)]);
      expect(numbers.rows.map((r) => r.v)).toEqual(ids);
      const instants = [new Date('2026-11-24T23:59:59.999Z'), new Date('1970-01-01T00:00:00.001Z'), null];
      const times = await t.db.query<{ v: Date | null }>(
        `SELECT ${epochMs('x')} AS v FROM unnest($1::bigint[]) AS x`,
        [pgEpochMillis(instants)],
      );
      expect(times.rows.map((r) => r.v?.toISOString() ?? null)).toEqual(
        instants.map((d) => d?.toISOString() ?? null),
      );
    });

    it('rejects a malformed id as the database always did', async () => {
      await expect(t.db.query('SELECT unnest($1::bigint[])', [pgNumbers(['1,2'])])).rejects.toThrow();
    });
  });
}
