/**
 * How presence refuses. Every refusal is a ServiceError (platform/errors.ts) but one: its own rate
 * limits, which tell when to come back and have no ServiceError kind; the viewer routes answer them
 * 429 RATE_LIMITED with `retry-after` (http-access.ts `answerLimits`).
 */
import { refuse, type ServiceError } from '../../platform/errors.ts';

export const stageNotFound = (stageId: string): ServiceError =>
  refuse.notFound(`stage ${stageId} not found`, undefined, 'stage_not_found');

export function sessionNotActive(stageId: string, sessionId: string): ServiceError {
  return refuse.conflict(
    `session ${sessionId} is not active on stage ${stageId} (it ended or timed out): join again`,
    'session_id',
    'session_not_active',
  );
}

/** Too many joins from one address, or heartbeats of one session, within a window. */
export class PresenceRateLimited extends Error {
  /** Whole seconds until the window lets the next one through (at least 1). */
  readonly retryAfterSeconds: number;
  constructor(what: string, resetInMs: number) {
    const seconds = Math.max(1, Math.ceil(resetInMs / 1000));
    super(`too many ${what}; retry in ${seconds} s`);
    this.name = 'PresenceRateLimited';
    this.retryAfterSeconds = seconds;
  }
}
