import { HttpError } from '../../platform/http/errors.ts';

/**
 * An expected refusal by a karma, levels, quests or achievements service. Adapters translate it:
 * HTTP into a 400/404/409 naming the field, Discord into an ephemeral message.
 */
export const KARMA_ERROR_KINDS = ['invalid', 'not_found', 'conflict', 'unavailable'] as const;
export type KarmaErrorKind = (typeof KARMA_ERROR_KINDS)[number];

export class KarmaError extends Error {
  readonly kind: KarmaErrorKind;
  /** A stable reason (`already_claimed`, `below_zero`, ...) for clients and tests. */
  readonly reason: string;
  readonly field: string | undefined;
  constructor(kind: KarmaErrorKind, reason: string, message: string, field?: string) {
    super(message);
    this.name = 'KarmaError';
    this.kind = kind;
    this.reason = reason;
    this.field = field;
  }
}

const HTTP_CODES = {
  invalid: 'VALIDATION_FAILED',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  unavailable: 'UNAVAILABLE',
} as const;

export function toHttpError(error: unknown): unknown {
  if (!(error instanceof KarmaError)) return error;
  return new HttpError(HTTP_CODES[error.kind], error.message, error.field);
}

/** Runs a route body, turning service refusals into HTTP errors. */
export async function http<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toHttpError(error);
  }
}
