import type { Queryable } from '../../platform/db/port.ts';

export interface HeartbeatRepository {
  beat(name: string, by: string): Promise<void>;
  lastRun(name: string): Promise<Date | null>;
}

export function createHeartbeatRepository(db: Queryable): HeartbeatRepository {
  return {
    async beat(name, by) {
      await db.query(
        `INSERT INTO ops_heartbeats (name, ran_at, ran_by) VALUES ($1, now(), $2)
         ON CONFLICT (name) DO UPDATE SET ran_at = now(), ran_by = $2, runs = ops_heartbeats.runs + 1`,
        [name, by],
      );
    },
    async lastRun(name) {
      const { rows } = await db.query<{ ran_at: Date }>('SELECT ran_at FROM ops_heartbeats WHERE name = $1', [
        name,
      ]);
      return rows[0]?.ran_at ?? null;
    },
  };
}
