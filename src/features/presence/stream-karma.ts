/**
 * Watching an external stream into karma: when a member's web session ends (leave, TTL expiry seen
 * by a join or the sweeper, stage deletion), karma is offered its watched minutes in the same
 * transaction as the close, keyed by the session id. Karma decides whether the guild pays for it
 * (`stream.perMinute`, off by default) and whether the viewer is a member; anonymous participants
 * are never paid.
 */
import type { AfterCommit } from '../../pipeline/feature.ts';
import type { Db, Queryable } from '../../platform/db/port.ts';
import { afterEach, type PresenceKarma } from './karma.ts';
import * as repo from './session-repository.ts';

/** Offers karma the watched minutes of the member web sessions among `closed`. */
export async function payStreamWatching(
  tx: Queryable,
  karma: PresenceKarma | undefined,
  closed: readonly repo.ClosedSession[],
): Promise<AfterCommit | undefined> {
  if (!karma) return undefined;
  const members = closed
    .filter((s): s is repo.ClosedSession & { userId: string } => s.source === 'web' && s.userId !== null)
    // One member row locked at a time, in a stable order.
    .sort((a, b) => a.guildId.localeCompare(b.guildId) || a.userId.localeCompare(b.userId));
  const steps: (AfterCommit | undefined)[] = [];
  for (const s of members) {
    steps.push(
      await karma.payStream(tx, {
        guildId: s.guildId,
        userId: s.userId,
        sessionId: s.id,
        watchedSeconds: s.watchDurationSeconds,
        at: s.leftAt,
      }),
    );
  }
  return afterEach(steps);
}

/**
 * Ends sessions and pays their watching in one transaction (a plain statement without karma), then
 * runs karma's after-commit work.
 */
export async function closeSessionsAndPay(
  db: Db,
  karma: PresenceKarma | undefined,
  closes: readonly repo.SessionClose[],
  only: Parameters<typeof repo.closeSessions>[2] = {},
): Promise<repo.ClosedSession[]> {
  if (closes.length === 0) return [];
  if (!karma) return repo.closeSessions(db, closes, only);
  const { closed, after } = await db.transaction(async (tx) => {
    const ended = await repo.closeSessions(tx, closes, only);
    return { closed: ended, after: await payStreamWatching(tx, karma, ended) };
  });
  await after?.();
  return closed;
}
