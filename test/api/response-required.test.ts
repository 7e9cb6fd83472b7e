import { describe, expect, it } from 'vitest';
import { apiDocument } from '../../src/roles/openapi.ts';

/**
 * Every object an answer describes lists its required fields. Without `required`, JSON Schema reads
 * every field as optional: the OpenAPI document (and the dashboard's types generated from it) would
 * say a leaderboard may come without its items, and Fastify's serializer would quietly drop a field a
 * handler forgot instead of failing the request. Open objects (`additionalProperties` only, no
 * `properties`) are maps and have nothing to require.
 */

type Schema = { readonly [key: string]: unknown };

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The paths (within the document) of object schemas that declare properties but no `required`. */
function objectsWithoutRequired(schema: unknown, at: string, found: string[]): void {
  if (Array.isArray(schema)) {
    schema.forEach((item, i) => {
      objectsWithoutRequired(item, `${at}[${i}]`, found);
    });
    return;
  }
  if (!isSchema(schema)) return;
  const properties = schema.properties;
  if (isSchema(properties) && Object.keys(properties).length > 0 && !Array.isArray(schema.required)) {
    found.push(at);
  }
  for (const [key, value] of Object.entries(schema)) {
    // Examples are data, not schemas.
    if (key === 'examples' || key === 'example') continue;
    objectsWithoutRequired(value, `${at}.${key}`, found);
  }
}

describe('the OpenAPI document', () => {
  it('lists the required fields of every object in every response', async () => {
    const document = await apiDocument();
    if (typeof document === 'string') throw new Error('expected the OpenAPI document as an object');
    const found: string[] = [];
    let responses = 0;
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        if (!isSchema(operation) || !isSchema(operation.responses)) continue;
        for (const [status, response] of Object.entries(operation.responses)) {
          responses++;
          objectsWithoutRequired(response, `${method.toUpperCase()} ${path} ${status}`, found);
        }
      }
    }
    expect(responses).toBeGreaterThan(50);
    expect(found, `response objects without \`required\` (use allRequired): ${found.join('; ')}`).toEqual([]);
  });
});
