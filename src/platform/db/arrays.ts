/**
 * PostgreSQL array literals for the `unnest($1::bigint[], ...)` batches of the hot paths. node-postgres
 * turns a JS array into a literal by quoting and regex-escaping every element, which cost the event
 * pipeline about 15 ms of CPU per 4,000-event batch; ids, numbers and ISO timestamps need neither, so
 * these builders join them directly and quote only text that needs it. The literal is sent as text and
 * cast by the statement (`$1::bigint[]`), which both adapters accept.
 */

type Scalar = string | number | bigint | boolean | null | undefined;

/** Elements that may appear unquoted: no separators, quotes, braces, backslashes or spaces. */
const BARE = /^[\w:.+@-]+$/;

function element(value: Scalar): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value !== 'string') return String(value);
  // An unquoted NULL (in any case) would be read as a null element.
  if (BARE.test(value) && (value.length !== 4 || value.toLowerCase() !== 'null')) return value;
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** Any scalar values (null becomes NULL); text is quoted only when it must be. */
export function pgArray(values: readonly Scalar[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += element(values[i]);
  }
  return `${out}}`;
}

const INTEGER = /^-?\d+$/;

/**
 * Ids and counts: joined as they are. Anything else (a malformed id) goes through `pgArray`, so the
 * database rejects it as it would have, instead of a stray comma splitting one element in two.
 */
export function pgNumbers(values: readonly (string | number | bigint)[]): string {
  for (const value of values) {
    const ok =
      typeof value === 'string' ? INTEGER.test(value) : typeof value === 'bigint' || Number.isFinite(value);
    if (!ok) return pgArray(values);
  }
  return `{${values.join(',')}}`;
}

/**
 * Instants as milliseconds since the epoch (null for none), for a `$n::bigint[]` that the statement
 * turns back into timestamps with `epochMs(...)`: formatting and parsing ISO text cost about 1 µs an
 * instant on each side, a batch's ledger and members carry thousands.
 */
export function pgEpochMillis(values: readonly (Date | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const value = values[i];
    out += value ? value.getTime() : 'NULL';
  }
  return `${out}}`;
}

/**
 * SQL for the timestamptz of an epoch-milliseconds column. Exact between the years 1685 and 2255:
 * the interval product is computed in a double, which holds every whole microsecond below 2^53.
 */
export function epochMs(column: string): string {
  return `('epoch'::timestamptz + ${column} * interval '1 millisecond')`;
}
