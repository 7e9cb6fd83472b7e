import { expect } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/platform/http/errors.ts';
import type { OpenApiDocument } from '../../src/roles/openapi.ts';
import { SEED } from './api-app.ts';

/**
 * The operations of the OpenAPI document as the suites that walk every route (fuzz, auth matrix,
 * outages) need them: parameters, body schema, who may call, and whether the answer is a stream.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  additionalProperties?: boolean | JsonSchema;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export type Access = 'public' | 'member' | 'admin' | 'service';

export interface Operation {
  method: string;
  /** The OpenAPI path, `{name}` for parameters. */
  path: string;
  access: Access;
  parameters: Parameter[];
  /** Media types the body may have, with their schemas. */
  body: Record<string, JsonSchema> | null;
  /** The document's example of a JSON body, when it has one. */
  example: unknown;
  /** A Server-Sent Events stream: the suites call it with HEAD, which answers at once. */
  stream: boolean;
}

interface RawOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema; example?: unknown }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
  'x-hearth-auth'?: Access;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(document: OpenApiDocument): Operation[] {
  if (typeof document === 'string') throw new Error('expected the OpenAPI document as an object');
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, raw] of Object.entries(item as Record<string, RawOperation>)) {
      if (!METHODS.includes(method)) continue;
      const access = raw['x-hearth-auth'];
      if (access === undefined) throw new Error(`${method.toUpperCase()} ${path} has no x-hearth-auth`);
      const content = raw.requestBody?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        access,
        parameters: raw.parameters ?? [],
        body: content
          ? Object.fromEntries(Object.entries(content).map(([type, media]) => [type, media.schema ?? {}]))
          : null,
        example: content?.['application/json']?.example,
        stream: Object.keys(raw.responses?.['200']?.content ?? {}).includes('text/event-stream'),
      });
    }
  }
  // Deleting last, so the seeded resources serve every other operation first.
  return operations.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
}

export function describeOperation(operation: Operation): string {
  return `${operation.method} ${operation.path}`;
}

/** Path parameters that name the seeded community's resources. */
export function seededPathValues(ids: {
  stageId: string;
  progressId: string;
  taskId: string;
}): Record<string, string> {
  return {
    guildId: SEED.guild,
    stageId: ids.stageId,
    userId: SEED.member,
    id: SEED.member,
    progress_id: ids.progressId,
    taskId: ids.taskId,
  };
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
}

/** A value the schema accepts, for required parameters (the seeded guild for guild ids). */
export function validValue(name: string, schema: JsonSchema): string {
  if (name === 'guild_id') return SEED.guild;
  if (schema.enum && schema.enum.length > 0) return String(schema.enum[0]);
  if (schema.default !== undefined) return String(schema.default);
  if (schema.type === 'integer' || schema.type === 'number') return String(schema.minimum ?? 1);
  if (schema.type === 'boolean') return 'false';
  return 'x';
}

/** The documented error shape: status and code agree with the registry, and a request id. */
export function expectErrorShape(status: number, body: unknown, context: string): void {
  const error = body as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    requestId?: unknown;
    field?: unknown;
  };
  expect(error, context).toMatchObject({
    statusCode: status,
    message: expect.any(String),
    requestId: expect.any(String),
  });
  expect(Object.keys(ERROR_CODES), context).toContain(error.code);
  expect(ERROR_CODES[error.code as ErrorCode].status, context).toBe(status);
  if (error.code === 'VALIDATION_FAILED') expect(error.field, context).toEqual(expect.any(String));
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The operation aimed at the seeded guild: its path ids, `guild_id` wherever a route takes one, `{}` as a JSON body. */
export function seededRequest(
  operation: Operation,
  ids: { stageId: string; progressId: string; taskId: string },
): { method: string; url: string; payload?: string; contentType?: string } {
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'query') continue;
    if (parameter.required || parameter.name === 'guild_id')
      query.set(parameter.name, validValue(parameter.name, parameter.schema));
  }
  const path = fillPath(operation.path, seededPathValues(ids));
  const url = query.size > 0 ? `${path}?${query}` : path;
  // A stream answers HEAD at once; a GET would hold the request open.
  const method = operation.stream ? 'HEAD' : operation.method;
  if (!operation.body) return { method, url };
  const [contentType] = Object.keys(operation.body);
  return {
    method,
    url,
    payload: contentType === 'application/json' ? '{}' : '',
    ...(contentType ? { contentType } : {}),
  };
}
