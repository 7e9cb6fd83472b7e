/**
 * PostgreSQL type OIDs whose JavaScript shape both adapters pin down, so that rows look the same
 * on PGlite and on node-postgres.
 */
export const PG_TYPES = {
  INT8: 20,
  NUMERIC: 1700,
  DATE: 1082,
} as const;

/** int8 and numeric stay strings (snowflakes and big totals do not fit a double); date stays 'YYYY-MM-DD'. */
export const keepAsText = (value: string): string => value;
