import type { ErrorBody } from './types.ts';

/**
 * A failed call, with what the dashboard needs to say what failed: the request, the API's
 * stable code and message, and the request id that finds it in the server log.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly field: string | undefined;
  /** `GET /api/v1/...`: shown to the user beside the message. */
  readonly request: string;

  constructor(request: string, status: number, body: Partial<ErrorBody>, requestId: string | undefined) {
    super(body.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.request = request;
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.requestId = body.requestId ?? requestId;
    this.field = body.field;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A file sent as it is (the level import's raw body), with its content type; instead of `body`. */
  upload?: { data: Blob; type: string };
  /** Statuses other than 2xx whose body is still the answer (`/ready` says 503 with its report). */
  okStatuses?: readonly number[];
  signal?: AbortSignal;
}

function isErrorBody(value: unknown): value is Partial<ErrorBody> {
  return typeof value === 'object' && value !== null;
}

/**
 * Calls the API on this origin with the session cookie. The JSON is trusted to match `T`: the
 * types mirror the routes' response schemas, which Fastify enforces on the way out.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const described = `${method} ${path.split('?')[0]}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  // A JSON content type with an empty body is a 400 in Fastify: only say JSON when sending some.
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.upload) headers['content-type'] = options.upload.type;
  const body = options.upload
    ? options.upload.data
    : options.body !== undefined
      ? JSON.stringify(options.body)
      : undefined;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(described, 0, { message: 'network error' }, undefined);
  }
  const requestId = response.headers.get('x-request-id') ?? undefined;
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (response.ok || options.okStatuses?.includes(response.status)) {
    if (parsed === undefined) {
      throw new ApiError(described, response.status, { message: 'the answer is not JSON' }, requestId);
    }
    return parsed as T;
  }
  throw new ApiError(
    described,
    response.status,
    isErrorBody(parsed) ? parsed : { message: response.statusText || `HTTP ${response.status}` },
    requestId,
  );
}
