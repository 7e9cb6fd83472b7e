/**
 * What presence reports, read-only: who is watching now (the `/live` command, the admins' viewer
 * list), statistics, snapshots, session pages and a member's viewing history. Part of the presence
 * service (service.ts), which builds it with its clock and its exact count.
 */
import type { Db } from '../../platform/db/port.ts';
import { refuse } from '../../platform/errors.ts';
import type { PresenceDirectory } from './directory.ts';
import { resolveRange, type Stage, type StageStats, summarizeStats, windowStart } from './domain/index.ts';
import type { PresenceHot } from './hot.ts';
import * as sessionRepo from './session-repository.ts';
import * as snapshotRepo from './snapshot-repository.ts';
import * as stageRepo from './stage-repository.ts';

/** A stage with someone in it, as `/live` shows it. */
export interface LiveStage {
  stage: Stage;
  count: number;
  /** The members watching whom Hearth knows, longest watching first. */
  names: string[];
}

/** One of the viewers a stage's live count counts. */
export interface CurrentViewer extends sessionRepo.CurrentSession {
  /** The member's display name when Hearth knows the member. */
  name: string | null;
  /** Null for Discord voice members, who never heartbeat: present until Discord says they left. */
  lastHeartbeatAt: Date | null;
}

export interface PresenceReports {
  /** The stages of a guild with someone in them, busiest first (`/live`). */
  liveStages(guildId: string): Promise<LiveStage[]>;
  /** Up to `limit` of the viewers a stage's count counts now, latest heartbeat first (voice members first of all). */
  currentViewers(
    stage: Stage,
    limit: number,
  ): Promise<{ at: number; count: number; viewers: CurrentViewer[] }>;
  stats(stage: Stage, from: Date | undefined, to: Date | undefined): Promise<StageStats>;
  snapshots(
    stage: Stage,
    from: Date | undefined,
    to: Date | undefined,
    limit: number,
  ): Promise<{ from: Date; to: Date; rows: snapshotRepo.SnapshotRow[] }>;
  /** A guild's viewers over time: its stages' snapshots summed per slot. */
  guildSnapshots(
    guildId: string,
    from: Date | undefined,
    to: Date | undefined,
    limit: number,
  ): Promise<{ from: Date; to: Date; rows: snapshotRepo.GuildSnapshotRow[] }>;
  sessions(stage: Stage, page: number, limit: number): ReturnType<typeof sessionRepo.listSessions>;
  /** A member's sessions across stages, newest first; `guildIds` null for every guild. */
  history(
    userId: string,
    guildIds: readonly string[] | null,
    page: number,
    limit: number,
  ): ReturnType<typeof sessionRepo.viewerHistory>;
}

export interface ReportsDeps {
  db: Db;
  hot: PresenceHot;
  now: () => number;
  /** The stage's exact live count. */
  count(stage: Pick<Stage, 'id' | 'ttlSeconds'>): Promise<number>;
  directory: PresenceDirectory | undefined;
}

export function createPresenceReports(deps: ReportsDeps): PresenceReports {
  const { db, hot, now, count } = deps;
  const memberNames = async (guildId: string, userIds: readonly string[]) =>
    deps.directory && userIds.length > 0
      ? deps.directory.memberNames(db, guildId, [...new Set(userIds)])
      : new Map<string, string>();

  function rangeOf(from: Date | undefined, to: Date | undefined, at: number) {
    const range = resolveRange(from, to, at);
    if (!range.ok) throw refuse.invalid(range.message, range.field);
    return range;
  }

  return {
    async liveStages(guildId) {
      const stages = await stageRepo.listStages(db, guildId);
      const counted = await Promise.all(stages.map(async (stage) => ({ stage, count: await count(stage) })));
      const live = counted.filter((s) => s.count > 0);
      if (live.length === 0) return [];
      const watching = await sessionRepo.openMemberSessions(db, guildId);
      const names = await memberNames(
        guildId,
        watching.map((w) => w.userId),
      );
      return live
        .map(({ stage, count }) => ({
          stage,
          count,
          names: watching.flatMap((w) => {
            const name = w.stageId === stage.id ? names.get(w.userId) : undefined;
            return name === undefined ? [] : [name];
          }),
        }))
        .sort((a, b) => b.count - a.count || a.stage.name.localeCompare(b.stage.name));
    },

    async currentViewers(stage, limit) {
      const at = now();
      // The same window as the count, so the list and the number agree.
      const present = await hot.recent(stage.id, windowStart(at, stage.ttlSeconds), limit);
      const [viewerCount, sessions] = await Promise.all([
        count(stage),
        sessionRepo.currentSessions(
          db,
          stage.id,
          present.map((m) => m.member),
        ),
      ]);
      const names = await memberNames(
        stage.guildId,
        sessions.flatMap((s) => (s.userId === null ? [] : [s.userId])),
      );
      const byId = new Map(sessions.map((s) => [s.sessionId, s]));
      return {
        at,
        count: viewerCount,
        viewers: present.flatMap((m) => {
          const session = byId.get(m.member);
          if (!session) return [];
          return [
            {
              ...session,
              name: (session.userId === null ? undefined : names.get(session.userId)) ?? null,
              lastHeartbeatAt: Number.isFinite(m.score) ? new Date(m.score) : null,
            },
          ];
        }),
      };
    },

    async stats(stage, from, to) {
      const at = now();
      const range = rangeOf(from, to, at);
      const snapshots = await snapshotRepo.snapshotAggregates(db, stage.id, range.from, range.to);
      const sessions = await sessionRepo.sessionAggregates(db, stage.id, range.from, range.to, new Date(at));
      const live = range.to.getTime() >= at ? await count(stage) : null;
      return summarizeStats({ ...snapshots, ...sessions }, range, live);
    },

    async snapshots(stage, from, to, limit) {
      const range = rangeOf(from, to, now());
      const rows = await snapshotRepo.listSnapshots(db, stage.id, range.from, range.to, limit);
      return { from: range.from, to: range.to, rows };
    },

    async guildSnapshots(guildId, from, to, limit) {
      const range = rangeOf(from, to, now());
      const rows = await snapshotRepo.guildSnapshots(db, guildId, range.from, range.to, limit);
      return { from: range.from, to: range.to, rows };
    },

    sessions: (stage, page, limit) => sessionRepo.listSessions(db, stage.id, page, limit),
    history: (userId, guildIds, page, limit) => sessionRepo.viewerHistory(db, userId, guildIds, page, limit),
  };
}
