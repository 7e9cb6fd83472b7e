/**
 * Whether a failure means a part Hearth needs (PostgreSQL, Redis) is down or refusing work, rather
 * than a bug: the API answers those with 503 UNAVAILABLE, which tells a client (and a load balancer)
 * to come back, where a 500 says something is wrong with the request or the code.
 */

/** SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57 operator intervention, 58 system error. */
const OUTAGE_SQLSTATE_CLASSES = new Set(['08', '53', '57', '58']);

const OUTAGE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const OUTAGE_MESSAGES = [
  // node-postgres
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /cannot use a pool after calling end/i,
  /client has encountered a connection error/i,
  /client was closed and is not queryable/i,
  // ioredis
  /stream isn't writeable/i,
  /connection is closed/i,
  /max retries per request/i,
  /command timed out/i,
  // pg-boss, when the API enqueues before any worker has created the queues it works on
  /^queue \S+ does not exist$/i,
];

/** The names of ioredis's errors for a connection it gave up on. */
const OUTAGE_ERROR_NAMES = new Set(['MaxRetriesPerRequestError']);

export function isUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code) && OUTAGE_SQLSTATE_CLASSES.has(code.slice(0, 2))) return true;
    if (OUTAGE_NODE_CODES.has(code)) return true;
  }
  if (OUTAGE_ERROR_NAMES.has(error.name)) return true;
  if (OUTAGE_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isUnavailable(inner, depth + 1))) {
    return true;
  }
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isUnavailable(cause, depth + 1);
}
