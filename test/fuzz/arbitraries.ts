import fc from 'fast-check';
import type { JsonSchema, Operation, Parameter } from '../support/operations.ts';
import {
  BAD_JSON,
  DEEP_JSON,
  hostileJson,
  hostileJsonFor,
  hostileLeafFor,
  hostileText,
  hostileTextFor,
  ODD_METHODS,
  ODD_TYPES,
  types,
} from './hostile.ts';

/**
 * fast-check arbitraries of requests to one operation of the OpenAPI document: a request that fits
 * the operation's schemas (aimed at the seeded community), then at most one part of it replaced by
 * what an attacker or a broken client sends. One change at a time is what finds a 500: a hostile
 * value must pass every other check to reach the code behind them.
 */

export interface FuzzRequest {
  method: string;
  url: string;
  caller: 'anonymous' | 'garbage' | 'member' | 'admin' | 'service' | 'otherAdmin';
  contentType: string | null;
  payload: string | null;
}

/** One value of each arbitrary, in order. */
function all<T>(arbitraries: readonly fc.Arbitrary<T>[]): fc.Arbitrary<T[]> {
  return arbitraries.reduce<fc.Arbitrary<T[]>>(
    (previous, next) => fc.tuple(previous, next).map(([values, value]) => [...values, value]),
    fc.constant([]),
  );
}

/** Values the schema accepts (roughly: enough to get past validation and into the handlers). */
function fittingJson(schema: JsonSchema, known: Record<string, string>, name = ''): fc.Arbitrary<unknown> {
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const kinds = types(schema);
  if (kinds.includes('integer') || kinds.includes('number')) {
    const min = schema.minimum ?? -1_000_000;
    const max = schema.maximum ?? 1_000_000;
    return fc.oneof(fc.constantFrom(min, max), fc.integer({ min: Math.ceil(min), max: Math.floor(max) }));
  }
  if (kinds.includes('boolean')) return fc.boolean();
  if (kinds.includes('array')) {
    return fc.array(schema.items ? fittingJson(schema.items, known, name) : fc.jsonValue({ maxDepth: 2 }), {
      maxLength: Math.min(schema.maxItems ?? 5, 5),
    });
  }
  if (kinds.includes('object') || schema.properties) return fittingObject(schema, known);
  if (schema.format === 'date')
    return fc.constantFrom('2026-11-01', '2026-12-08', '1970-01-01', '2999-12-31');
  if (schema.format === 'date-time')
    return fc.constantFrom('2026-12-01T00:00:00Z', '2026-12-08T10:00:00.000Z', '1970-01-01T00:00:00Z');
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.pattern?.startsWith('^[0-9]') || schema.pattern?.startsWith('^[1-9]')) {
    const seeded = known[name];
    return fc.oneof(...(seeded ? [{ weight: 3, arbitrary: fc.constant(seeded) }] : []), {
      weight: 1,
      arbitrary: fc.bigInt({ min: 1n, max: 999_999_999_999_999_999n }).map(String),
    });
  }
  return fc.string({
    minLength: Math.max(schema.minLength ?? 0, 1),
    maxLength: Math.min(schema.maxLength ?? 30, 30),
  });
}

/** Required fields always, optional ones half of the time. */
function fittingObject(
  schema: JsonSchema,
  known: Record<string, string>,
): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]) =>
    fc
      .tuple(fittingJson(property, known, name), fc.boolean())
      .map(([value, keep]): [string, unknown] | null => (required.has(name) || keep ? [name, value] : null)),
  );
  return all(fields).map((entries) => Object.fromEntries(entries.filter((entry) => entry !== null)));
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Percent-encodes the UTF-8 bytes of any text, lone surrogates included (encodeURIComponent throws on them). */
function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** What one request changes in the well-formed one. */
type Mutation =
  | { kind: 'none' }
  | { kind: 'path'; name: string; value: string }
  | { kind: 'query'; name: string; values: string[] }
  | { kind: 'field'; name: string; value: unknown }
  | { kind: 'body'; type: string | null; text: string | null }
  | { kind: 'method'; method: string }
  | { kind: 'leaf'; base: unknown; path: (string | number)[]; value: unknown };

/** Where the values of a JSON document are (its leaves, empty lists and objects included). */
function leavesOf(value: unknown, path: (string | number)[] = [], found: (string | number)[][] = []) {
  if (found.length >= 500) return found;
  if (Array.isArray(value) && value.length > 0)
    for (const [i, item] of value.entries()) leavesOf(item, [...path, i], found);
  else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0)
    for (const [key, item] of Object.entries(value)) leavesOf(item, [...path, key], found);
  else found.push(path);
  return found;
}

function leafAt(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const key of path) at = (at as Record<string | number, unknown>)[key];
  return at;
}

function withLeaf(value: unknown, path: readonly (string | number)[], leaf: unknown): unknown {
  const copy = structuredClone(value);
  let at = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last === undefined) return leaf;
  at[last] = leaf;
  return copy;
}

function mutations(operation: Operation, bases: readonly unknown[]): fc.Arbitrary<Mutation> {
  const schemaOf = (name: string) => operation.parameters.find((p) => p.name === name)?.schema;
  const path = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  // Known and unknown query parameters: an unknown one must be refused, not ignored into a 500.
  const query = [...operation.parameters.filter((p) => p.in === 'query').map((p) => p.name), 'unknown'];
  const json = Object.values(operation.body ?? {})[0];
  const fieldSchemas = json?.properties ?? {};
  const fields = [...Object.keys(fieldSchemas), 'extra', '__proto__'];
  const options: fc.WeightedArbitrary<Mutation>[] = [
    { weight: 2, arbitrary: fc.constant({ kind: 'none' }) },
    {
      weight: 6,
      arbitrary: fc.constantFrom(...query).chain((name) =>
        fc.record({
          kind: fc.constant('query' as const),
          name: fc.constant(name),
          // Arrays for scalars: the parameter repeated.
          values: fc.oneof(
            { weight: 5, arbitrary: hostileTextFor(schemaOf(name)).map((v) => [v]) },
            {
              weight: 1,
              arbitrary: fc.array(hostileTextFor(schemaOf(name)), { minLength: 2, maxLength: 3 }),
            },
          ),
        }),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('body' as const),
        type: fc.constantFrom<string | null>('application/json', ...ODD_TYPES, null),
        text: fc.oneof(
          fc.constantFrom<string | null>(...BAD_JSON, DEEP_JSON, null),
          hostileText,
          hostileJson.map((v) => JSON.stringify(v) ?? 'null'),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('method' as const), method: fc.constantFrom(...ODD_METHODS) }),
    },
  ];
  if (path.length > 0) {
    options.push({
      weight: 6,
      arbitrary: fc.constantFrom(...path).chain((name) =>
        fc.record({
          kind: fc.constant('path' as const),
          name: fc.constant(name),
          value: hostileTextFor(schemaOf(name)),
        }),
      ),
    });
  }
  // A base first, then one of its leaves: a small example is not drowned by a large document.
  const withLeaves = bases.filter((base) => leavesOf(base).length > 0);
  if (withLeaves.length > 0) {
    options.push({
      weight: 12,
      arbitrary: fc.constantFrom(...withLeaves).chain((base) =>
        fc.constantFrom(...leavesOf(base)).chain((path) =>
          fc.record({
            kind: fc.constant('leaf' as const),
            base: fc.constant(base),
            path: fc.constant(path),
            value: hostileLeafFor(leafAt(base, path)),
          }),
        ),
      ),
    });
  }
  if (operation.body) {
    options.push({
      weight: 8,
      arbitrary: fc.constantFrom(...fields).chain((name) =>
        fc.record({
          kind: fc.constant('field' as const),
          name: fc.constant(name),
          value: hostileJsonFor(fieldSchemas[name]),
        }),
      ),
    });
  }
  return fc.oneof(...options);
}

/**
 * `bases` are valid bodies to start from (the document's example, what the GET of the same path
 * answers): its nested values are mutated one at a time, where generated bodies rarely go.
 */
export function requestsFor(
  operation: Operation,
  known: Record<string, string>,
  bases: readonly unknown[] = [],
): fc.Arbitrary<FuzzRequest> {
  const pathParameters = operation.parameters.filter((p) => p.in === 'path');
  const queryParameters = operation.parameters.filter((p) => p.in === 'query');
  const fittingQuery = all(
    queryParameters.map((parameter: Parameter) =>
      fc
        .tuple(fittingJson(parameter.schema, known, parameter.name), fc.boolean())
        .map(([value, keep]): [string, string] | null =>
          parameter.required || keep || parameter.name === 'guild_id'
            ? [parameter.name, asText(value)]
            : null,
        ),
    ),
  ).map((pairs) => pairs.filter((pair) => pair !== null));
  const json = Object.values(operation.body ?? {})[0];
  const generated = json ? fittingJson(json, known) : fc.constant(undefined);
  const fittingBody =
    bases.length === 0
      ? generated
      : fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...bases) }, { weight: 1, arbitrary: generated });
  // A stream answers with HEAD at once; a GET that passes would hold the request open.
  const ownMethod = operation.stream ? 'HEAD' : operation.method;
  const request = fc
    .record({
      query: fittingQuery,
      body: fittingBody,
      mutation: mutations(operation, bases),
      // Mostly callers the route lets in, so that requests reach its code; who may call what is the
      // auth matrix's question.
      caller: fc.oneof(
        { weight: 6, arbitrary: fc.constant('admin' as const) },
        { weight: 1, arbitrary: fc.constantFrom('member', 'service', 'otherAdmin', 'anonymous', 'garbage') },
      ),
    })
    .map(({ query, body, mutation, caller }) => {
      let url = operation.path;
      for (const parameter of pathParameters) {
        const value =
          mutation.kind === 'path' && mutation.name === parameter.name
            ? mutation.value
            : (known[parameter.name] ?? '1');
        url = url.replace(`{${parameter.name}}`, encode(value));
      }
      let pairs = query;
      if (mutation.kind === 'query') {
        pairs = [
          ...query.filter(([name]) => name !== mutation.name),
          ...mutation.values.map((v): [string, string] => [mutation.name, v]),
        ];
      }
      if (pairs.length > 0) url += `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`;
      const method = mutation.kind === 'method' ? mutation.method : ownMethod;
      let contentType: string | null = null;
      let payload: string | null = null;
      if (body !== undefined) {
        const fields = {
          ...((mutation.kind === 'leaf'
            ? withLeaf(mutation.base, mutation.path, mutation.value)
            : body) as Record<string, unknown>),
        };
        if (mutation.kind === 'field')
          Object.defineProperty(fields, mutation.name, { value: mutation.value, enumerable: true });
        contentType = 'application/json';
        payload = JSON.stringify(fields);
      }
      if (mutation.kind === 'body') {
        contentType = mutation.type;
        payload = mutation.text;
      }
      const sendsBody = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
      return {
        method,
        url,
        caller,
        contentType: sendsBody ? contentType : null,
        payload: sendsBody ? payload : null,
      } satisfies FuzzRequest;
    });
  // fast-check favours the first values of a list: every mutation and every leaf must get its turn.
  return fc.noBias(request);
}
