/**
 * The background side of presence: the sweeper that keeps the hot sets and the open sessions in
 * step (so counts and sessions never drift), the 5-minute snapshots, and the 90-day retention.
 * jobs.ts runs these from pg-boss cron schedules; tests call them directly with a clock.
 */
import type { Db } from '../../platform/db/port.ts';
import {
  isPresent,
  LAST_SEEN_SLACK_MS,
  LAST_SEEN_STEP_MS,
  lastSeenMs,
  RETENTION_DAYS,
  retentionCutoff,
  snapshotSlot,
  timeoutLeftAt,
  VOICE_SPAN_MS,
} from './domain/index.ts';
import { presenceHot } from './hot.ts';
import { DEFAULT_SETTINGS, type PresenceDeps } from './service.ts';
import * as sessionRepo from './session-repository.ts';
import * as snapshotRepo from './snapshot-repository.ts';
import * as stageRepo from './stage-repository.ts';
import { closeSessionsAndPay } from './stream-karma.ts';
import { cutVoiceSpans } from './voice-karma.ts';

export interface SweepReport {
  stages: number;
  /** Sessions ended because their viewer stopped heartbeating more than a TTL ago. */
  timedOut: number;
  /** Set members without an open session (a leave whose hot update failed...), removed. */
  ghostsRemoved: number;
  /** Open sessions missing from the hot set (Redis restarted, memory store after a restart), put back. */
  reinstated: number;
  /**
   * Open web sessions missing from the hot set whose last heartbeat copied to PostgreSQL is long
   * past the TTL (their viewer left while the hot store was lost): ended at that heartbeat.
   */
  closedFromLastSeen: number;
  /** Open sessions of stages deleted meanwhile, ended. */
  orphansClosed: number;
  /** Voice sessions whose running karma span (5 minutes or more) was cut and paid. */
  voiceSpansCut: number;
}

export interface RetentionReport {
  sessions: number;
  snapshots: number;
  stages: number;
}

export interface PresenceUpkeep {
  sweep(): Promise<SweepReport>;
  snapshot(): Promise<number>;
  retention(): Promise<RetentionReport>;
}

const RETENTION_BATCH = 5_000;

export interface UpkeepDeps extends PresenceDeps {
  retentionDays?: number;
  /** How long a voice span runs before the sweeper cuts and pays it (default 5 minutes). */
  voiceSpanMs?: number;
}

export function createPresenceUpkeep(deps: UpkeepDeps): PresenceUpkeep {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const hot = presenceHot(deps.hot);
  const ghostGraceMs = deps.settings?.ghostGraceMs ?? DEFAULT_SETTINGS.ghostGraceMs;

  /** Stages that may have viewers: listed as active in the hot store, or with open sessions in PostgreSQL. */
  async function candidateStages(q: Db): Promise<string[]> {
    const [active, open] = await Promise.all([hot.activeStages(), sessionRepo.stagesWithOpenSessions(q)]);
    return [...new Set([...active, ...open])];
  }

  return {
    /**
     * Every minute. Reads the hot set before PostgreSQL, so that a session that ends in between is
     * seen as a ghost (left alone while young) rather than as missing (which would put it back).
     * PostgreSQL is written before the hot set: if the write fails, the next sweep retries it.
     */
    async sweep() {
      const at = now();
      const report: SweepReport = {
        stages: 0,
        timedOut: 0,
        ghostsRemoved: 0,
        reinstated: 0,
        closedFromLastSeen: 0,
        orphansClosed: 0,
        voiceSpansCut: 0,
      };
      const ids = await candidateStages(db);
      const membersByStage = new Map(
        await Promise.all(ids.map(async (id) => [id, await hot.members(id)] as const)),
      );
      const stages = new Map((await stageRepo.findStagesAny(db, ids)).map((s) => [s.id, s]));
      const open = await sessionRepo.openSessionsOfStages(db, ids);
      const openByStage = new Map<string, sessionRepo.OpenSession[]>();
      for (const session of open)
        openByStage.set(session.stageId, [...(openByStage.get(session.stageId) ?? []), session]);

      const closes: sessionRepo.SessionClose[] = [];
      const seen: { id: string; at: Date }[] = [];
      const removals = new Map<string, string[]>();
      const remove = (stageId: string, member: string) =>
        removals.set(stageId, [...(removals.get(stageId) ?? []), member]);

      for (const id of ids) {
        const stage = stages.get(id);
        const sessions = openByStage.get(id) ?? [];
        if (!stage || stage.deleted) {
          for (const s of sessions)
            closes.push({
              id: s.id,
              leftAt: new Date(Math.max(at, s.joinedAt.getTime())),
              reason: 'stage_deleted',
            });
          report.orphansClosed += sessions.length;
          await hot.clear(id);
          continue;
        }
        report.stages++;
        const members = membersByStage.get(id) ?? [];
        const byId = new Map(sessions.map((s) => [s.id, s]));
        const inHot = new Set<string>();
        for (const { member, score } of members) {
          inHot.add(member);
          const session = byId.get(member);
          if (!session) {
            // Voice members are written after their session commits, so one without a session is a ghost now.
            if (score === Infinity || score < at - ghostGraceMs) {
              remove(id, member);
              report.ghostsRemoved++;
            }
          } else if (session.source === 'web' && !isPresent(score, at, stage.ttlSeconds)) {
            closes.push({ id: member, leftAt: timeoutLeftAt(session.joinedAt, score), reason: 'timeout' });
            remove(id, member);
            report.timedOut++;
          } else if (session.source === 'web' && score - lastSeenMs(session) >= LAST_SEEN_STEP_MS) {
            // Copied so that a lost hot store still knows roughly when this viewer was last seen.
            seen.push({ id: member, at: new Date(score) });
          }
        }
        // Open sessions the hot store forgot (a restart on the in-process store, a Redis flush).
        // Voice members are in the channel until Discord says otherwise. A web viewer is put back
        // at its last-seen time, not now: counted only if that is within the TTL (no phantom
        // viewers), kept if it heartbeats again, ended there by the next sweep otherwise. One
        // last seen long before (more than the copy's lag past the TTL) is ended here and now.
        const back: { member: string; score: number }[] = [];
        for (const s of sessions) {
          if (inHot.has(s.id)) continue;
          if (s.source === 'voice') {
            back.push({ member: s.id, score: Infinity });
            continue;
          }
          const last = lastSeenMs(s);
          if (at - last > stage.ttlSeconds * 1000 + LAST_SEEN_SLACK_MS) {
            closes.push({ id: s.id, leftAt: timeoutLeftAt(s.joinedAt, last), reason: 'timeout' });
            report.closedFromLastSeen++;
          } else {
            back.push({ member: s.id, score: Math.min(last, at) });
          }
        }
        if (back.length > 0) {
          await hot.put(id, back);
          report.reinstated += back.length;
        }
      }

      // Members' web sessions are paid their watching in the closing transaction.
      await closeSessionsAndPay(db, deps.karma, closes);
      await sessionRepo.recordLastSeen(db, seen);
      for (const [stageId, members] of removals) await hot.remove(stageId, ...members);
      for (const id of ids) {
        const stage = stages.get(id);
        if (!stage || stage.deleted) continue;
        if ((await hot.members(id)).length === 0) await hot.markInactive(id);
        else await hot.markActive(id, at);
      }
      // Last: a karma failure must not hold up the counts and sessions above.
      if (deps.karma) {
        report.voiceSpansCut = (
          await cutVoiceSpans(db, deps.karma, at, deps.voiceSpanMs ?? VOICE_SPAN_MS)
        ).cut;
      }
      return report;
    },

    /** Every 5 minutes: each active stage's exact count, in one statement. */
    async snapshot() {
      const at = now();
      const ids = await candidateStages(db);
      const stages = (await stageRepo.findStagesAny(db, ids)).filter((s) => !s.deleted);
      const takenAt = snapshotSlot(at);
      const rows = await Promise.all(
        stages.map(async (s) => ({
          stageId: s.id,
          takenAt,
          viewerCount: await hot.count(s.id, s.ttlSeconds, at),
        })),
      );
      return snapshotRepo.insertSnapshots(db, rows);
    },

    /** Daily: what is older than the retention goes, in batches. */
    async retention() {
      const cutoff = retentionCutoff(now(), deps.retentionDays ?? RETENTION_DAYS);
      const report: RetentionReport = { sessions: 0, snapshots: 0, stages: 0 };
      for (;;) {
        const n = await sessionRepo.deleteOldSessions(db, cutoff, RETENTION_BATCH);
        report.sessions += n;
        if (n < RETENTION_BATCH) break;
      }
      for (;;) {
        const n = await snapshotRepo.deleteOldSnapshots(db, cutoff, RETENTION_BATCH);
        report.snapshots += n;
        if (n < RETENTION_BATCH) break;
      }
      report.stages = await stageRepo.purgeDeletedStages(db, cutoff);
      return report;
    },
  };
}

/**
 * Once when a worker starts (before or alongside its schedules): one sweep, so that sessions left
 * open by a shutdown are settled at once rather than at the first cron minute. With the hot store
 * kept (Redis), vanished viewers end at their exact last heartbeat; with it lost (the in-process
 * store), at the last heartbeat the sweeper copied to PostgreSQL (or their join), and none of them
 * is counted again. Safe to run on several workers at once (closing skips ended sessions).
 */
export function closeOrphanedSessions(upkeep: PresenceUpkeep): Promise<SweepReport> {
  return upkeep.sweep();
}
