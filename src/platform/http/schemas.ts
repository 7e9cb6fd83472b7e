import { errorResponses } from './errors.ts';

/**
 * The JSON schemas every feature's routes share. The limits here are the API's promise (docs/api.md
 * lists them): a value outside them is a 400 naming the field before a handler runs, never a 500
 * from the database it would have reached.
 */

/** The largest value of PostgreSQL's bigint, where Hearth stores Discord ids. */
export const SNOWFLAKE_MAX = 9_223_372_036_854_775_807n;

/** The `format` of a Discord id; the validators register it (validation.ts). */
export const SNOWFLAKE_FORMAT = 'snowflake';

/** A Discord id: decimal digits whose value fits a bigint (Discord's own ids have 17 to 19 digits). */
export function isSnowflake(value: string): boolean {
  return /^[0-9]{1,20}$/.test(value) && BigInt(value) <= SNOWFLAKE_MAX;
}

export const snowflake = {
  type: 'string',
  pattern: '^[0-9]{1,20}$',
  format: SNOWFLAKE_FORMAT,
  description: 'A Discord id: decimal digits, at most 9223372036854775807',
  examples: ['123456789012345678'],
} as const;

/** An id Hearth gave a row of its own (a stage, a quest progress, an import task). */
export const rowId = { type: 'string', pattern: '^[1-9][0-9]{0,17}$', examples: ['42'] } as const;

export const guildQuery = {
  guild_id: { ...snowflake, description: "the guild; default: the token's only guild" },
} as const;

export const guildParams = {
  type: 'object',
  required: ['guildId'],
  properties: { guildId: snowflake },
} as const;

/** The deepest page any list serves; a keyset cursor (where a list has one) reaches further. */
export const MAX_PAGE = 100_000;

export const page = { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 } as const;

/** A page size between 1 and `max`. */
export function limit(max: number, fallback: number) {
  return { type: 'integer', minimum: 1, maximum: max, default: fallback } as const;
}

export const pageQuery = { page, limit: limit(100, 20) } as const;

export const bearer = [{ bearerAuth: [] }];

/** The error answers of a route, in the shared error shape. */
export const errors = errorResponses;
