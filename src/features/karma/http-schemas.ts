import { errorResponses } from '../../platform/http/errors.ts';
import { allRequired } from '../../platform/http/schema.ts';

/** JSON schemas shared by the karma, levels, quests and achievements routes. */

export const snowflake = {
  type: 'string',
  pattern: '^[0-9]{1,20}$',
  examples: ['123456789012345678'],
} as const;

export const guildQuery = {
  guild_id: { ...snowflake, description: "the guild; default: the token's only guild" },
} as const;

export const pageQuery = {
  page: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
} as const;

export const bearer = [{ bearerAuth: [] }];

/** Error answers every karma route may give, in the shared error shape. */
export const errors = errorResponses;

export const levelInfo = allRequired({
  type: 'object',
  properties: {
    level: { type: 'integer' },
    title: { type: 'string' },
    requiredKarma: { type: 'integer' },
  },
});

export const progressSchema = allRequired({
  type: 'object',
  description: 'Progress toward the next level (the progress bar)',
  properties: {
    currentRequired: { type: 'integer' },
    nextRequired: { type: ['integer', 'null'] },
    intoLevel: { type: 'integer' },
    remaining: { type: 'integer' },
    fraction: { type: 'number' },
    percent: { type: 'integer' },
  },
});

/** An open object: nested settings documents are described by their zod schemas (docs/karma.md). */
export const openObject = { type: 'object', additionalProperties: true } as const;
