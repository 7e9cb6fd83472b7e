import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifySchemaCompiler } from 'fastify';
import { isSnowflake, SNOWFLAKE_FORMAT } from './schemas.ts';

/**
 * How every route's input is checked, in one place:
 * - Querystrings, path parameters and headers arrive as text, so their numbers and booleans are
 *   converted (Ajv's coercion), but only from plain decimal text: Ajv would read `Infinity`, `1e309`
 *   and `0x10` as numbers, and an infinite number skips its `maximum` check.
 * - Bodies are JSON with types of their own and are never converted: `"7"` is not 7, `true` is not 1,
 *   and an id sent as a JSON number (already rounded by the parser) is refused because it is not text.
 * - No string anywhere may hold NUL: PostgreSQL's text and jsonb cannot store it.
 * The errors read like Ajv's, so the error handler names the field the same way for all of them.
 */

interface Issue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

const DECIMAL_INTEGER = /^-?[0-9]+$/;
const DECIMAL_NUMBER = /^-?[0-9]+(?:\.[0-9]+)?$/;

const common = {
  removeAdditional: false,
  useDefaults: true,
  // One error: with all of them a crafted body could make Ajv work for every property it breaks.
  allErrors: false,
} as const;

const buildCompiler = AjvCompiler();
const compilerOptions = (coerceTypes: false | 'array') => ({
  customOptions: { ...common, coerceTypes },
  onCreate: (ajv: {
    addFormat(name: string, format: { type: 'string'; validate: (v: string) => boolean }): unknown;
  }) => {
    ajv.addFormat(SNOWFLAKE_FORMAT, { type: 'string', validate: isSnowflake });
  },
});
const fromText = buildCompiler({}, compilerOptions('array'));
const fromJson = buildCompiler({}, compilerOptions(false));

function pointer(path: readonly (string | number)[]): string {
  return path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

interface Visit {
  value: unknown;
  key: string | number | null;
  parent: Visit | null;
}

function pathOf(visit: Visit, key?: string): string {
  const parts: (string | number)[] = key === undefined ? [] : [key];
  for (let at: Visit | null = visit; at !== null && at.key !== null; at = at.parent) parts.push(at.key);
  return pointer(parts.reverse());
}

/**
 * The first string (or object key) holding NUL, as a JSON pointer. Walks without recursion and
 * without copying paths, so a body nested a million levels deep costs one step per value.
 */
export function findNul(value: unknown): string | null {
  const stack: Visit[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const visit = stack.pop();
    if (!visit) break;
    const current = visit.value;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return pathOf(visit);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], key: i, parent: visit });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes('\u0000')) return pathOf(visit, key);
        stack.push({ value: item, key, parent: visit });
      }
    }
  }
  return null;
}

function numericTypeOf(schema: unknown): 'integer' | 'number' | null {
  if (schema === null || typeof schema !== 'object') return null;
  const type = (schema as { type?: unknown }).type;
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('integer')) return 'integer';
  if (types.includes('number')) return 'number';
  return null;
}

/** The first property of text input that a number schema would read from something else than decimals. */
function findLooseNumber(schema: unknown, data: unknown): Issue | null {
  if (data === null || typeof data !== 'object') return null;
  const properties = (schema as { properties?: Record<string, unknown> } | null)?.properties;
  if (!properties) return null;
  for (const [name, property] of Object.entries(properties)) {
    const kind = numericTypeOf(property);
    if (!kind) continue;
    const raw = (data as Record<string, unknown>)[name];
    const values = Array.isArray(raw) ? raw : [raw];
    const syntax = kind === 'integer' ? DECIMAL_INTEGER : DECIMAL_NUMBER;
    if (values.some((value) => typeof value === 'string' && !syntax.test(value))) {
      return {
        instancePath: pointer([name]),
        schemaPath: `#/properties/${name}/type`,
        keyword: 'type',
        params: { type: kind },
        message: kind === 'integer' ? 'must be a whole number in decimal digits' : 'must be a decimal number',
      };
    }
  }
  return null;
}

function nulIssue(path: string): Issue {
  return {
    instancePath: path,
    schemaPath: '#',
    keyword: 'nul',
    params: {},
    message: 'must not contain the NUL character (\\u0000)',
  };
}

/** Fastify's validator compiler for every route: text parts coerced strictly, bodies not at all. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, method, url, httpPart }) => {
  const text = httpPart !== 'body';
  const validate = (text ? fromText : fromJson)({ schema, method, url, httpPart }) as Validate;
  return (data: unknown) => {
    const nul = findNul(data);
    if (nul !== null) return { error: [nulIssue(nul)] };
    if (text) {
      const loose = findLooseNumber(schema, data);
      if (loose) return { error: [loose] };
    }
    if (validate(data)) return { value: data };
    return { error: validate.errors as Issue[] };
  };
};
