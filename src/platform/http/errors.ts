/**
 * Every error code the API can answer with. Clients may rely on these; docs/api.md lists them and
 * `errors.test.ts` fails when the two drift apart.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    description: 'The request does not match the schema; `field` names the culprit.',
  },
  BAD_REQUEST: { status: 400, description: 'The request is malformed (for example unparsable JSON).' },
  UNAUTHENTICATED: { status: 401, description: 'No token, or a malformed, expired or forged one.' },
  FORBIDDEN: { status: 403, description: 'The token is valid but its role or guilds do not allow this.' },
  NOT_FOUND: { status: 404, description: 'No such route or resource.' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'The route exists but not with this method.' },
  CONFLICT: {
    status: 409,
    description: 'The resource is not in a state that allows this (already running, already claimed...).',
  },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The body is larger than BODY_LIMIT_BYTES.' },
  URI_TOO_LONG: { status: 414, description: 'A path segment is longer than 100 characters.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    description: 'The body has a content type the route does not accept.',
  },
  RATE_LIMITED: { status: 429, description: 'Too many requests; retry after the `retry-after` header.' },
  INTERNAL: {
    status: 500,
    description: 'An unexpected failure; the log has the details under the request id.',
  },
  UNAVAILABLE: { status: 503, description: 'A part Hearth needs is down or the server is shutting down.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  field?: string;
  requestId?: string;
}

/** Thrown by services and routes for an expected failure; the error handler turns it into JSON. */
export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.statusCode = ERROR_CODES[code].status;
    this.field = field;
  }
}

export const errorBodySchema = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(ERROR_CODES) },
    message: { type: 'string' },
    field: { type: 'string' },
    requestId: { type: 'string' },
  },
} as const;

/** The error responses of a route's schema, one per status it may answer with. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorBodySchema]));
}
