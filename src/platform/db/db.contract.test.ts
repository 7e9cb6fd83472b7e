import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { openPostgres } from './postgres.ts';

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`Db contract on ${backend.name}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await backend.create();
      await t.db.exec(`
        CREATE TABLE things (id bigint PRIMARY KEY, name text NOT NULL, amount numeric, day date,
          at timestamptz, meta jsonb, tags text[]);
        CREATE TABLE counters (k text PRIMARY KEY, n integer NOT NULL);
      `);
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it('reports its kind', () => {
      expect(t.db.kind).toBe(backend.name);
    });

    it('runs parameterized queries and returns rows in the same shapes on every backend', async () => {
      const snowflake = '1234567890123456789';
      const at = new Date('2026-01-02T03:04:05.678Z');
      const inserted = await t.db.query(
        'INSERT INTO things (id, name, amount, day, at, meta, tags) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        [snowflake, 'one', '12.50', '2026-01-02', at, JSON.stringify({ a: 1 }), ['x', 'y']],
      );
      expect(inserted.rowCount).toBe(1);
      expect(inserted.rows[0]).toEqual({ id: snowflake });
      const { rows } = await t.db.query('SELECT * FROM things WHERE id = $1', [snowflake]);
      expect(rows).toEqual([
        {
          id: snowflake,
          name: 'one',
          amount: '12.50',
          day: '2026-01-02',
          at,
          meta: { a: 1 },
          tags: ['x', 'y'],
        },
      ]);
      const count = await t.db.query<{ n: string; i: number }>(
        'SELECT count(*) AS n, 7::int AS i FROM things',
      );
      expect(count.rows[0]).toEqual({ n: '1', i: 7 });
    });

    it('counts affected rows of updates and deletes', async () => {
      await t.db.query("INSERT INTO counters VALUES ('a', 1), ('b', 2), ('c', 3)");
      const updated = await t.db.query('UPDATE counters SET n = n + 1 WHERE n >= $1', [2]);
      expect(updated.rowCount).toBe(2);
      const conflict = await t.db.query("INSERT INTO counters VALUES ('a', 9) ON CONFLICT (k) DO NOTHING");
      expect(conflict.rowCount).toBe(0);
      const deleted = await t.db.query('DELETE FROM counters');
      expect(deleted.rowCount).toBe(3);
    });

    it('runs several statements in one exec', async () => {
      await t.db.exec("INSERT INTO counters VALUES ('m1', 1); INSERT INTO counters VALUES ('m2', 2);");
      const { rows } = await t.db.query<{ n: string }>(
        "SELECT count(*) AS n FROM counters WHERE k LIKE 'm%'",
      );
      expect(rows[0]?.n).toBe('2');
    });

    it('commits a transaction that resolves', async () => {
      const value = await t.db.transaction(async (tx) => {
        await tx.query("INSERT INTO counters VALUES ('tx-ok', 1)");
        await tx.exec("UPDATE counters SET n = 5 WHERE k = 'tx-ok'");
        return 42;
      });
      expect(value).toBe(42);
      const { rows } = await t.db.query("SELECT n FROM counters WHERE k = 'tx-ok'");
      expect(rows).toEqual([{ n: 5 }]);
    });

    it('rolls back everything a failed transaction wrote', async () => {
      await expect(
        t.db.transaction(async (tx) => {
          await tx.query("INSERT INTO counters VALUES ('tx-fail', 1)");
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const { rows } = await t.db.query("SELECT n FROM counters WHERE k = 'tx-fail'");
      expect(rows).toEqual([]);
      // The connection is usable afterwards.
      expect((await t.db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });

    it('reports constraint violations with the PostgreSQL error code', async () => {
      await t.db.query("INSERT INTO counters VALUES ('dup', 1)");
      await expect(t.db.query("INSERT INTO counters VALUES ('dup', 1)")).rejects.toMatchObject({
        code: '23505',
      });
    });

    it('serializes concurrent transactions without losing updates', async () => {
      await t.db.query("INSERT INTO counters VALUES ('race', 0)");
      await Promise.all(
        Array.from({ length: 20 }, () =>
          t.db.transaction(async (tx) => {
            await tx.query("UPDATE counters SET n = n + 1 WHERE k = 'race'");
          }),
        ),
      );
      const { rows } = await t.db.query("SELECT n FROM counters WHERE k = 'race'");
      expect(rows).toEqual([{ n: 20 }]);
    });

    it('delivers notifications once their transaction commits, never from a rolled back one', async () => {
      const heard: string[] = [];
      const unlisten = await t.db.listen('hearth_contract', (payload) => heard.push(payload));
      await t.db.transaction(async (tx) => {
        await tx.query("SELECT pg_notify('hearth_contract', $1)", ['committed']);
        // Same payload twice in one transaction: PostgreSQL delivers it once.
        await tx.query("SELECT pg_notify('hearth_contract', $1)", ['committed']);
        expect(heard).toEqual([]);
      });
      await expect(
        t.db.transaction(async (tx) => {
          await tx.query("SELECT pg_notify('hearth_contract', $1)", ['rolled back']);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await t.db.query("SELECT pg_notify('hearth_contract', 'after')");
      await expect.poll(() => heard, { timeout: 5_000 }).toEqual(['committed', 'after']);
      await unlisten();
      await t.db.query("SELECT pg_notify('hearth_contract', 'unheard')");
      await t.db.query('SELECT 1');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual(['committed', 'after']);
    });

    it('keeps each channel to its own listeners', async () => {
      const a: string[] = [];
      const b: string[] = [];
      const offA = await t.db.listen('hearth_a', (p) => a.push(p));
      const offB = await t.db.listen('hearth_b', (p) => b.push(p));
      await t.db.query("SELECT pg_notify('hearth_a', '1'), pg_notify('hearth_b', '2')");
      await expect.poll(() => [a, b], { timeout: 5_000 }).toEqual([['1'], ['2']]);
      await offA();
      await offB();
    });

    it('answers a ping with its latency', async () => {
      const ms = await t.db.ping();
      expect(ms).toBeGreaterThanOrEqual(0);
    });
  });
}

describe.skipIf(!dbBackends.find((b) => b.name === 'postgres')?.available)(
  'PostgreSQL notifications across a lost connection',
  () => {
    it('reconnects, listens again and reports the gap', async () => {
      const { url, drop } = await createPostgresDatabase();
      const db = openPostgres({ url, poolMax: 2, applicationName: 'hearth-gap-test', listenRetryMs: 50 });
      try {
        const heard: string[] = [];
        let gaps = 0;
        await db.listen(
          'hearth_gap',
          (p) => heard.push(p),
          () => gaps++,
        );
        const killed = await db.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE application_name = 'hearth-gap-test-listen' AND datname = current_database()`,
        );
        expect(killed.rows[0]?.n).toBe(1);
        await expect.poll(() => gaps, { timeout: 10_000 }).toBe(1);
        await db.query("SELECT pg_notify('hearth_gap', 'back')");
        await expect.poll(() => heard, { timeout: 5_000 }).toEqual(['back']);
      } finally {
        await db.close();
        await drop();
      }
    });
  },
);
