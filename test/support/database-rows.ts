/**
 * Every row of every table of a database, comparable with another database fed the same events
 * (imported by *.test.ts only). What cannot be equal between two runs is left out or made
 * comparable, each for a stated reason; a table added later is compared whole until it gets a reason
 * of its own.
 */
import type { Db } from '../../src/platform/db/port.ts';

/** Columns left out, by table. */
const LEFT_OUT: Record<string, readonly string[]> = {
  // `now()` when the row was written: the wall clock, not the events.
  guilds: ['updated_at'],
  roles: ['updated_at'],
  channels: ['updated_at'],
  members: ['updated_at'],
  pipeline_events: ['applied_at'],
  guild_settings: ['updated_at'],
  karma_ledger: ['recorded_at'],
  user_karma: ['created_at', 'updated_at'],
  quests: ['updated_at'],
  achievements: ['updated_at'],
  // Identity columns number rows in the order transactions happened to insert them.
  user_quest_progress: ['id', 'created_at', 'updated_at'],
  user_achievements: ['id'],
  level_changes: ['id', 'created_at'],
  // Stages are numbered by identity too (other tables name them by guild and channel instead, below),
  // and dated by presence's own clock, which the product wiring leaves on the wall clock.
  stages: ['id', 'created_at', 'updated_at'],
};

/** Columns set to `now()` when something is deleted: only whether it is deleted can be compared. */
const ONLY_WHETHER_SET: Record<string, readonly string[]> = {
  roles: ['deleted_at'],
  channels: ['deleted_at'],
  stages: ['deleted_at'],
};

/** The migrations' own bookkeeping, not data. */
const NOT_COMPARED = new Set(['hearth_migrations']);

/** A stage by its guild and channel (external id), instead of its identity number. */
const STAGE_KEY = `(SELECT st.guild_id || ':' || st.external_id FROM stages st WHERE st.id = t.stage_id)`;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Each table's rows as sorted JSON lines. */
export type DatabaseRows = Map<string, string[]>;

export async function databaseRows(db: Db): Promise<DatabaseRows> {
  const { rows: columns } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const { table_name: table, column_name: column } of columns) {
    if (NOT_COMPARED.has(table) || LEFT_OUT[table]?.includes(column)) continue;
    const list = tables.get(table) ?? [];
    if (ONLY_WHETHER_SET[table]?.includes(column)) list.push(`(t.${column} IS NOT NULL) AS ${column}`);
    else if (column === 'stage_id') list.push(`${STAGE_KEY} AS stage_id`);
    else list.push(`t.${column}`);
    tables.set(table, list);
  }
  const sessions = await sessionNames(db);
  const result: DatabaseRows = new Map();
  for (const [table, list] of tables) {
    const { rows } = await db.query<Record<string, unknown>>(`SELECT ${list.join(', ')} FROM ${table} t`);
    result.set(
      table,
      rows.map((row) => JSON.stringify(row).replace(UUID, (id) => sessions.get(id) ?? id)).sort(),
    );
  }
  return result;
}

/**
 * Viewer sessions get random ids, which voice karma's ledger keys also carry: each is named by its
 * member, stage and times instead, wherever it appears.
 */
async function sessionNames(db: Db): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT t.id::text AS id,
            concat_ws('/', 'session', t.guild_id, t.user_id, ${STAGE_KEY}, t.joined_at, t.left_at) AS name
     FROM viewer_sessions t`,
  );
  return new Map(rows.map((row) => [row.id, `<${row.name}>`]));
}

/** The rows one side has and the other has not (as many times as they differ), table by table. */
export function differences(expected: DatabaseRows, actual: DatabaseRows, limit = 8): string[] {
  const lines: string[] = [];
  for (const table of new Set([...expected.keys(), ...actual.keys()])) {
    const counts = new Map<string, number>();
    for (const row of expected.get(table) ?? []) counts.set(row, (counts.get(row) ?? 0) + 1);
    for (const row of actual.get(table) ?? []) counts.set(row, (counts.get(row) ?? 0) - 1);
    const differing = [...counts].filter(([, n]) => n !== 0);
    for (const [row, n] of differing.slice(0, limit)) {
      lines.push(
        `${table}: ${n > 0 ? 'only with one writer' : 'only with several'} (x${Math.abs(n)}) ${row}`,
      );
    }
    if (differing.length > limit) lines.push(`${table}: ${differing.length - limit} more rows differ`);
  }
  return lines;
}
