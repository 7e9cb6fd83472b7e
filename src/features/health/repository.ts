import { sql } from 'kysely';
import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';

export interface HeartbeatRepository {
  beat(name: string, by: string): Promise<void>;
  lastRun(name: string): Promise<Date | null>;
}

export function createHeartbeatRepository(db: Queryable): HeartbeatRepository {
  const q = kyselyOf(db);
  return {
    async beat(name, by) {
      await q
        .insertInto('ops_heartbeats')
        .values({ name, ran_at: sql`now()`, ran_by: by })
        .onConflict((conflict) =>
          conflict.column('name').doUpdateSet((eb) => ({
            ran_at: sql`now()`,
            ran_by: by,
            runs: eb('ops_heartbeats.runs', '+', '1'),
          })),
        )
        .execute();
    },
    async lastRun(name) {
      const row = await q
        .selectFrom('ops_heartbeats')
        .select('ran_at')
        .where('name', '=', name)
        .executeTakeFirst();
      return row?.ran_at ?? null;
    },
  };
}
