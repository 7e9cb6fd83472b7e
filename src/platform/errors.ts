/**
 * The one way a service refuses: a transport-neutral error with a kind (what class of refusal), a
 * stable reason (`already_claimed`, `below_zero`, ...: for clients, translations and tests) and the
 * field at fault. Services and domain adapters throw it and know nothing of HTTP or Discord; the API's
 * error handler (platform/http/error-handler.ts) and the bot's reply (platform/discord/failure.ts)
 * each map it in one place.
 */
export const SERVICE_ERROR_KINDS = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
] as const;
export type ServiceErrorKind = (typeof SERVICE_ERROR_KINDS)[number];

export class ServiceError extends Error {
  readonly kind: ServiceErrorKind;
  /** A stable snake_case reason; defaults to the kind. */
  readonly reason: string;
  /** The input at fault, named as the client sent it (`progress_id`, `body.delta`...). */
  readonly field: string | undefined;
  constructor(
    kind: ServiceErrorKind,
    message: string,
    options: { reason?: string; field?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ServiceError';
    this.kind = kind;
    this.reason = options.reason ?? kind;
    this.field = options.field;
  }
}

/** Shorthands that read as the refusal they raise. */
export const refuse = {
  invalid: (message: string, field?: string, reason?: string) =>
    new ServiceError('invalid', message, { field, ...(reason ? { reason } : {}) }),
  notFound: (message: string, field?: string, reason?: string) =>
    new ServiceError('not_found', message, { field, ...(reason ? { reason } : {}) }),
  conflict: (message: string, field?: string, reason?: string) =>
    new ServiceError('conflict', message, { field, ...(reason ? { reason } : {}) }),
};
