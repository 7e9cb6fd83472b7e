/**
 * The owner of `viewer_stats_snapshots`: every 5 minutes, each active stage's exact count. Written
 * by the snapshot job, read for statistics and charts, and removed by retention.
 */
import { kyselyOf } from '../../platform/db/kysely.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { ViewerStatsSnapshots } from '../../platform/db/schema.gen.ts';
import type { RawStageStats } from './domain/index.ts';

export interface SnapshotRow {
  stageId: string;
  takenAt: Date;
  viewerCount: number;
}

/**
 * The insert's `unnest` columns in order, each with the array type its values travel as. tsc checks
 * the names against the generated schema; snapshot-repository.test.ts checks the types against the
 * real table.
 */
export const SNAPSHOT_COLUMNS = [
  ['stage_id', 'bigint'],
  ['taken_at', 'timestamptz'],
  ['viewer_count', 'integer'],
] as const satisfies readonly (readonly [keyof ViewerStatsSnapshots, string])[];

/** Raw SQL on purpose: every active stage in one statement from `unnest` arrays, composed once. */
export const INSERT_SNAPSHOTS = `INSERT INTO viewer_stats_snapshots (${SNAPSHOT_COLUMNS.map(([name]) => name).join(', ')})
     SELECT * FROM unnest(${SNAPSHOT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
     ON CONFLICT (stage_id, taken_at) DO NOTHING`;

/** One statement for every active stage; a retried job for the same slot writes nothing new. */
export async function insertSnapshots(q: Queryable, snapshots: readonly SnapshotRow[]): Promise<number> {
  if (snapshots.length === 0) return 0;
  const { rowCount } = await q.query(INSERT_SNAPSHOTS, [
    snapshots.map((s) => s.stageId),
    snapshots.map((s) => s.takenAt.toISOString()),
    snapshots.map((s) => s.viewerCount),
  ]);
  return rowCount;
}

export async function listSnapshots(
  q: Queryable,
  stageId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<SnapshotRow[]> {
  const rows = await kyselyOf(q)
    .selectFrom('viewer_stats_snapshots')
    .select(['taken_at', 'viewer_count'])
    .where('stage_id', '=', stageId)
    .where('taken_at', '>=', from)
    .where('taken_at', '<=', to)
    .orderBy('taken_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ stageId, takenAt: r.taken_at, viewerCount: r.viewer_count }));
}

/** A stage's snapshots in a range, as RawStageStats counts them. */
export type SnapshotAggregates = Pick<RawStageStats, 'snapshotCount' | 'snapshotPeak' | 'snapshotSum'>;

/**
 * Aggregates of the snapshots taken in [from, to], both ends included: `to` defaults to now, and a
 * snapshot filed under the current slot may be dated now.
 */
export async function snapshotAggregates(
  q: Queryable,
  stageId: string,
  from: Date,
  to: Date,
): Promise<SnapshotAggregates> {
  const snap = await kyselyOf(q)
    .selectFrom('viewer_stats_snapshots')
    .select((eb) => [
      eb.cast<number>(eb.fn.countAll(), 'integer').as('n'),
      eb.fn.max('viewer_count').as('peak'),
      eb.cast<string | null>(eb.fn.sum('viewer_count'), 'bigint').as('total'),
    ])
    .where('stage_id', '=', stageId)
    .where('taken_at', '>=', from)
    .where('taken_at', '<=', to)
    .executeTakeFirst();
  return {
    snapshotCount: snap?.n ?? 0,
    snapshotPeak: snap?.peak ?? null,
    snapshotSum: Number(snap?.total ?? 0),
  };
}

export interface GuildSnapshotRow {
  takenAt: Date;
  /** The sum over the guild's stages of their counts in this 5-minute slot. */
  viewerCount: number;
}

/**
 * The guild's viewers per snapshot slot. Deleted stages still count: their snapshots are the
 * guild's past audience until retention removes them. A slot with no row had no stage with
 * viewers (the snapshot job writes stages that may have viewers only).
 */
export async function guildSnapshots(
  q: Queryable,
  guildId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<GuildSnapshotRow[]> {
  const rows = await kyselyOf(q)
    .selectFrom('viewer_stats_snapshots as s')
    .innerJoin('stages as st', 'st.id', 's.stage_id')
    .select((eb) => [
      's.taken_at',
      eb.cast<number>(eb.fn.sum('s.viewer_count'), 'integer').as('viewer_count'),
    ])
    .where('st.guild_id', '=', guildId)
    .where('s.taken_at', '>=', from)
    .where('s.taken_at', '<=', to)
    .groupBy('s.taken_at')
    .orderBy('s.taken_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ takenAt: r.taken_at, viewerCount: r.viewer_count }));
}

/** Retention, in bounded batches so that a first run over a large backlog never holds long locks. */
export async function deleteOldSnapshots(q: Queryable, cutoff: Date, batch: number): Promise<number> {
  const result = await kyselyOf(q)
    .deleteFrom('viewer_stats_snapshots')
    .where((eb) =>
      eb(
        eb.refTuple('stage_id', 'taken_at'),
        'in',
        eb
          .selectFrom('viewer_stats_snapshots')
          .select(['stage_id', 'taken_at'])
          .where('taken_at', '<', cutoff)
          .limit(batch)
          .$asTuple('stage_id', 'taken_at'),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
