import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError, type ServiceErrorKind } from '../errors.ts';
import { ERROR_CODES, type ErrorBody, type ErrorCode, HttpError } from './errors.ts';
import { SNOWFLAKE_FORMAT } from './schemas.ts';
import { isUnavailable } from './unavailable.ts';

/** A service's refusal as the API answers it: the one place that maps kinds to HTTP. */
const CODE_OF_KIND: Record<ServiceErrorKind, ErrorCode> = {
  invalid: 'VALIDATION_FAILED',
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  unavailable: 'UNAVAILABLE',
};

interface AjvIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `body/limit`, `querystring/page`...: names the field the way a client sent it. */
function describeValidation(error: FastifyError): { field: string; message: string } {
  const issue = (error.validation?.[0] ?? {}) as AjvIssue;
  const missing = issue.params?.missingProperty;
  const extra = issue.params?.additionalProperty;
  const fromPath = (issue.instancePath ?? '')
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  const field =
    typeof missing === 'string'
      ? [fromPath, missing].filter(Boolean).join('.')
      : typeof extra === 'string'
        ? [fromPath, extra].filter(Boolean).join('.')
        : fromPath || String(error.validationContext ?? 'body');
  const where = error.validationContext ?? 'request';
  const what =
    typeof missing === 'string'
      ? 'is required'
      : typeof extra === 'string'
        ? 'is not allowed'
        : issue.params?.format === SNOWFLAKE_FORMAT
          ? 'must be a Discord id: decimal digits, at most 9223372036854775807'
          : (issue.message ?? 'is invalid');
  return { field, message: `${where} ${field} ${what}` };
}

function codeForStatus(status: number): ErrorCode {
  const match = (Object.keys(ERROR_CODES) as ErrorCode[]).find(
    (code) => ERROR_CODES[code].status === status && code !== 'VALIDATION_FAILED',
  );
  return match ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let body: ErrorBody;
  if (error instanceof HttpError) {
    body = { statusCode: error.statusCode, code: error.code, message: error.message };
    if (error.field !== undefined) body.field = error.field;
  } else if (error instanceof ServiceError) {
    const code = CODE_OF_KIND[error.kind];
    body = { statusCode: ERROR_CODES[code].status, code, message: error.message };
    if (error.field !== undefined) body.field = error.field;
    if (error.kind === 'unavailable')
      request.log.warn({ err: error }, 'request refused: a part is unavailable');
  } else if (error.validation) {
    const { field, message } = describeValidation(error);
    body = { statusCode: 400, code: 'VALIDATION_FAILED', message, field };
  } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    const code = codeForStatus(error.statusCode);
    const message =
      error.statusCode === 413
        ? 'request body is larger than the limit (BODY_LIMIT_BYTES)'
        : error instanceof SyntaxError
          ? `body is not valid JSON: ${error.message}`
          : error.message;
    body = { statusCode: error.statusCode, code, message };
  } else if (isUnavailable(error)) {
    request.log.warn({ err: error }, 'request refused: a part is unavailable');
    body = {
      statusCode: 503,
      code: 'UNAVAILABLE',
      message: 'a part Hearth needs (database or hot store) is unavailable; try again shortly',
    };
  } else {
    request.log.error({ err: error }, 'request failed');
    const status = error.statusCode === 503 ? 503 : 500;
    body = {
      statusCode: status,
      code: status === 503 ? 'UNAVAILABLE' : 'INTERNAL',
      message:
        status === 503 ? 'service unavailable' : 'internal error; see the server log for this request id',
    };
  }
  body.requestId = request.id;
  if (body.statusCode === 503) reply.header('retry-after', '5');
  return reply.status(body.statusCode).send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const body: ErrorBody = {
    statusCode: 404,
    code: 'NOT_FOUND',
    message: `no route ${request.method} ${request.url.split('?')[0]}`,
    requestId: request.id,
  };
  return reply.status(404).send(body);
}
