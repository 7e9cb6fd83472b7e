import { allRequired } from '../../platform/http/schema.ts';

/** JSON schemas of the karma, levels, quests and achievements answers (the shared ones: platform/http/schemas.ts). */

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
