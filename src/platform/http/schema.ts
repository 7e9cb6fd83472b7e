/**
 * An answer's object schema with every property required but the `optional` ones. Without
 * `required`, JSON Schema reads every field as optional: the OpenAPI document (and the dashboard's
 * types generated from it) would say a leaderboard may come without its items, and Fastify's
 * serializer would quietly drop a field the handler forgot instead of failing the request.
 */
export function allRequired<const S extends { readonly properties: Readonly<Record<string, unknown>> }>(
  schema: S,
  ...optional: readonly (keyof S['properties'] & string)[]
): S & { readonly required: readonly string[] } {
  return { ...schema, required: Object.keys(schema.properties).filter((key) => !optional.includes(key)) };
}

/** The answer of a Server-Sent Events route, for the OpenAPI document: a stream, not JSON. */
export const eventStreamResponse = {
  description: 'text/event-stream',
  content: { 'text/event-stream': { schema: { type: 'string' } } },
} as const;
