import { z } from 'zod';
import { allRequired } from '../../platform/http/schema.ts';
import { settingsPatchSchema } from './domain/config.ts';

/**
 * The JSON schema of the settings document the API answers, derived from the zod schemas the
 * service validates and parses with, so the OpenAPI document (and the dashboard's generated types)
 * cannot drift from what is stored. `io: 'output'` describes parsed values: fields with defaults
 * are always present, so they are `required` as `allRequired` would make them.
 */

type JsonSchema = { [key: string]: unknown };

/**
 * Drops `default` (an answer's fields are always there; the defaults are the input's business and
 * would repeat the eleven default titles in the document) and zod's `$schema` marker.
 */
function forAnswers(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAnswers);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'default' || key === '$schema') continue;
    if (key === 'properties' && value && typeof value === 'object') {
      // A map of field names to schemas: a field may be called anything, even "default".
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, forAnswers(schema)]),
      );
    } else {
      out[key] = forAnswers(value);
    }
  }
  return out;
}

const document = forAnswers(
  z.toJSONSchema(settingsPatchSchema, { io: 'output', target: 'draft-7', unrepresentable: 'any' }),
) as {
  properties: Record<
    'karma' | 'levels' | 'announcements' | 'leaderboard' | 'quests' | 'achievements',
    JsonSchema
  >;
};

/** Each section's schema by name (`karma`, `levels`, ...), as answered. */
export const settingsSectionSchemas = document.properties;

/** `GET/PUT /guilds/{guildId}/settings/karma`'s answer: the guild, the version and every section. */
export const settingsResponseSchema = allRequired({
  type: 'object',
  properties: {
    guildId: { type: 'string' },
    version: { type: 'integer', description: 'moves with every change; processes reload on it' },
    ...settingsSectionSchemas,
  },
});
