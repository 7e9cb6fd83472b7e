import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/port.ts';
import { refuse } from '../../platform/errors.ts';
import type { HotStore } from '../../platform/hot/port.ts';
import { truncateIp } from './client-address.ts';
import type { PresenceDirectory } from './directory.ts';
import {
  admits,
  clipUserAgent,
  countryFromHeader,
  DEFAULT_MAX_VIEWERS,
  DEFAULT_TTL_SECONDS,
  heartbeatIntervalSeconds,
  isPresent,
  LAST_SEEN_SLACK_MS,
  lastSeenMs,
  type Stage,
  timeoutLeftAt,
  type Viewer,
  viewerKey,
} from './domain/index.ts';
import { PresenceRateLimited, sessionNotActive, stageNotFound } from './errors.ts';
import { type PresenceHot, presenceHot, type RateLimit } from './hot.ts';
import type { PresenceKarma } from './karma.ts';
import { createPresenceReports, type PresenceReports } from './reports.ts';
import * as sessionRepo from './session-repository.ts';
import { createStageCache } from './stage-cache.ts';
import * as stageRepo from './stage-repository.ts';
import { closeSessionsAndPay, payStreamWatching } from './stream-karma.ts';

export interface PresenceSettings {
  /**
   * Heartbeats allowed per session within one TTL of its stage. A player beats every ttl/4, so 4
   * are expected; the margin covers retries. Scaling with the TTL keeps short-TTL stages usable.
   */
  heartbeatsPerTtl: number;
  /** Joins allowed per client address and window: anonymous participant ids cost nothing to invent. */
  joinLimit: RateLimit;
  /**
   * How long a stage's settings are reused before they are read again: in the background, so a
   * heartbeat never waits for PostgreSQL (but for the first of a stage in a process), and a PATCH
   * reaches other processes within about this long.
   */
  stageCacheMs: number;
  /** A set member without an open session is removed only once it is this old (a join writes the set first). */
  ghostGraceMs: number;
}

export const DEFAULT_SETTINGS: PresenceSettings = {
  heartbeatsPerTtl: 10,
  joinLimit: { limit: 30, windowMs: 60_000 },
  stageCacheMs: 10_000,
  ghostGraceMs: 30_000,
};

/** What every presence factory needs; the lead passes the same db and hot store everywhere. */
export interface PresenceDeps {
  db: Db;
  hot: HotStore;
  /** Epoch milliseconds; tests inject a fake clock to cross TTLs without sleeping. */
  now?: () => number;
  settings?: Partial<PresenceSettings>;
  /** Pays voice minutes and stream watching; without it presence records sessions only. */
  karma?: PresenceKarma | undefined;
  /** Names the members watching; without it viewers go unnamed (and `/live` lists no names). */
  directory?: PresenceDirectory | undefined;
}

export interface StageInput {
  guildId: string;
  name: string;
  externalId: string;
  maxViewers?: number;
  isMaster?: boolean;
  ttlSeconds?: number;
  allowAnonymous?: boolean;
}

export interface ClientInfo {
  userAgent?: string | undefined;
  ip?: string | undefined;
  country?: string | readonly string[] | undefined;
}

export interface JoinResult {
  sessionId: string;
  /** The viewer already had an open session on this stage and got it back. */
  resumed: boolean;
  viewerCount: number;
  ttlSeconds: number;
  heartbeatIntervalSeconds: number;
}

export type ChangeListener = (stageId: string) => void;

export interface PresenceService extends PresenceReports {
  readonly now: () => number;
  readonly hot: PresenceHot;
  createStage(input: StageInput): Promise<Stage>;
  /** The live stage; refused (not found) when there is none. */
  getStage(id: string): Promise<Stage>;
  listStages(guildId: string): Promise<Stage[]>;
  updateStage(id: string, patch: stageRepo.StagePatch): Promise<Stage>;
  deleteStage(id: string): Promise<{ closedSessions: number }>;
  join(stage: Stage, viewer: Viewer, client: ClientInfo): Promise<JoinResult>;
  heartbeat(stageId: string, sessionId: string): Promise<{ viewerCount: number }>;
  leave(
    stageId: string,
    sessionId: string,
  ): Promise<{ closed: boolean; watchDurationSeconds: number | null }>;
  count(stage: Pick<Stage, 'id' | 'ttlSeconds'>): Promise<number>;
  /** The count by stage id with cached settings (no table read per call); null once the stage is gone. */
  liveCount(stageId: string): Promise<number | null>;
  /** Called after joins, leaves and deletions handled by this process: live streams push at once. */
  onChange(listener: ChangeListener): () => void;
}

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION
  );
}

export function createPresenceService(deps: PresenceDeps): PresenceService {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const settings: PresenceSettings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const hot = presenceHot(deps.hot);
  const cache = createStageCache({
    load: (id) => stageRepo.findStage(db, id),
    now,
    freshMs: settings.stageCacheMs,
  });
  const listeners = new Set<ChangeListener>();

  const changed = (stageId: string) => {
    for (const listener of listeners) listener(stageId);
  };
  const remember = (stage: Stage) => cache.remember(stage.id, stage);
  const cachedStage = (id: string) => cache.get(id);

  async function getStage(id: string): Promise<Stage> {
    const stage = await stageRepo.findStage(db, id);
    if (!stage) throw stageNotFound(id);
    remember(stage);
    return stage;
  }

  const count = (stage: Pick<Stage, 'id' | 'ttlSeconds'>) => hot.count(stage.id, stage.ttlSeconds, now());

  return {
    now,
    hot,
    async createStage(input) {
      const stage = await stageRepo.insertStage(
        db,
        {
          guildId: input.guildId,
          kind: 'external',
          externalId: input.externalId,
          name: input.name,
          isMaster: input.isMaster ?? false,
          maxViewers: input.maxViewers ?? DEFAULT_MAX_VIEWERS,
          ttlSeconds: input.ttlSeconds ?? DEFAULT_TTL_SECONDS,
          allowAnonymous: input.allowAnonymous ?? false,
        },
        new Date(now()),
      );
      if (!stage) {
        throw refuse.conflict(
          `guild ${input.guildId} already has a stage for ${input.externalId}`,
          'external_id',
          'stage_exists',
        );
      }
      remember(stage);
      return stage;
    },

    getStage,
    listStages: (guildId) => stageRepo.listStages(db, guildId),

    async updateStage(id, patch) {
      const stage = await stageRepo.updateStage(db, id, patch, new Date(now()));
      if (!stage) throw stageNotFound(id);
      remember(stage);
      changed(id);
      return stage;
    },

    async deleteStage(id) {
      const at = now();
      const members = await hot.members(id);
      const { closed, after } = await db.transaction(async (tx) => {
        if (!(await stageRepo.markStageDeleted(tx, id, new Date(at)))) throw stageNotFound(id);
        const open = await sessionRepo.openSessionsOfStages(tx, [id]);
        const lastSeen = new Map(members.map((m) => [m.member, m.score]));
        // A viewer is gone since their last heartbeat, if that is older than now; voice members now.
        const ended = await sessionRepo.closeSessions(
          tx,
          open.map((s) => {
            const score = lastSeen.get(s.id);
            const leftAt = score !== undefined && Number.isFinite(score) && score < at ? score : at;
            return { id: s.id, leftAt: timeoutLeftAt(s.joinedAt, leftAt), reason: 'stage_deleted' as const };
          }),
        );
        return { closed: ended, after: await payStreamWatching(tx, deps.karma, ended) };
      });
      await after?.();
      cache.forget(id);
      await hot.clear(id);
      changed(id);
      return { closedSessions: closed.length };
    },

    async join(stage, viewer, client) {
      if (stage.kind !== 'external') {
        throw refuse.conflict(
          `stage ${stage.id} is a Discord ${stage.kind === 'discord_stage' ? 'stage' : 'voice'} channel: its viewers are the members in it, joined through Discord`,
          undefined,
          'not_joinable',
        );
      }
      const ipPrefix = truncateIp(client.ip);
      // Keyed by the full address: the key lives one window in the hot store and is never stored.
      const limited = await hot.joinAllowed(client.ip ?? 'unknown', settings.joinLimit);
      if (!limited.allowed) throw new PresenceRateLimited('joins', limited.resetInMs);
      const key = viewerKey(viewer);
      const result = (sessionId: string, resumed: boolean, viewerCount: number): JoinResult => ({
        sessionId,
        resumed,
        viewerCount,
        ttlSeconds: stage.ttlSeconds,
        heartbeatIntervalSeconds: heartbeatIntervalSeconds(stage.ttlSeconds),
      });

      // Twice at most: a concurrent join of the same viewer can win the insert, then we resume it.
      for (let attempt = 0; attempt < 2; attempt++) {
        const at = now();
        const open = await sessionRepo.findOpenSession(db, stage.id, key);
        if (open) {
          const hotLast = await hot.score(stage.id, open.id);
          // Unknown to a wiped hot store: judged by the last heartbeat the sweeper copied, with the
          // slack of that copy, so a viewer back after a restart resumes and one back an hour later
          // does not stretch the old session over the hour.
          const last = hotLast ?? lastSeenMs(open);
          const slack = hotLast === null ? LAST_SEEN_SLACK_MS : 0;
          // Present (a reload, a second tab, a double click): resume.
          if (isPresent(last, at - slack, stage.ttlSeconds)) {
            await hot.put(stage.id, [{ member: open.id, score: at }]);
            await hot.markActive(stage.id, at);
            return result(open.id, true, await count(stage));
          }
          // Vanished longer than the TTL ago and the sweeper has not come by yet: end it where it stopped.
          await closeSessionsAndPay(db, deps.karma, [
            { id: open.id, leftAt: timeoutLeftAt(open.joinedAt, last), reason: 'timeout' },
          ]);
          await hot.remove(stage.id, open.id);
        }

        const sessionId = randomUUID();
        await hot.put(stage.id, [{ member: sessionId, score: at }]);
        const present = await count(stage);
        if (!admits(stage, present)) {
          await hot.remove(stage.id, sessionId);
          throw refuse.conflict(
            `stage ${stage.id} is full: ${stage.maxViewers} viewers at most`,
            undefined,
            'stage_full',
          );
        }
        try {
          await sessionRepo.insertWebSession(db, {
            id: sessionId,
            stage,
            userId: 'userId' in viewer ? viewer.userId : null,
            participantId: 'participantId' in viewer ? viewer.participantId : null,
            viewerKey: key,
            joinedAt: new Date(at),
            userAgent: clipUserAgent(client.userAgent),
            ipPrefix,
            country: countryFromHeader(client.country),
          });
        } catch (error) {
          await hot.remove(stage.id, sessionId);
          if (isUniqueViolation(error) && attempt === 0) continue;
          throw error;
        }
        await hot.markActive(stage.id, at);
        changed(stage.id);
        return result(sessionId, false, present);
      }
      throw refuse.conflict(
        'the viewer is joining this stage concurrently; retry',
        undefined,
        'join_in_progress',
      );
    },

    async heartbeat(stageId, sessionId) {
      // The stage from memory (no await once this process knows it), then one hot-store step: the
      // session's limit, the heartbeat and the count (one Redis round trip, no PostgreSQL).
      const known = cache.peek(stageId);
      const stage = known === undefined ? await cachedStage(stageId) : known;
      if (!stage) throw stageNotFound(stageId);
      const touched = await hot.heartbeat(
        stageId,
        sessionId,
        now(),
        stage.ttlSeconds,
        settings.heartbeatsPerTtl,
      );
      if (!touched.present) throw sessionNotActive(stageId, sessionId);
      if (touched.hit && !touched.hit.allowed)
        throw new PresenceRateLimited('heartbeats', touched.hit.resetInMs);
      return { viewerCount: touched.count };
    },

    async leave(stageId, sessionId) {
      const stage = await cachedStage(stageId);
      if (!stage) throw stageNotFound(stageId);
      const [closed] = await closeSessionsAndPay(
        db,
        deps.karma,
        [{ id: sessionId, leftAt: new Date(now()), reason: 'left' }],
        { stageId, source: 'web' },
      );
      await hot.remove(stageId, sessionId);
      if (closed) {
        changed(stageId);
        return { closed: true, watchDurationSeconds: closed.watchDurationSeconds };
      }
      // Leaving twice (a beacon retried, a tab closed after a timeout) is fine; an unknown id is not.
      if (!(await sessionRepo.sessionExists(db, stageId, sessionId))) {
        throw refuse.notFound(
          `session ${sessionId} not found on stage ${stageId}`,
          'session_id',
          'session_not_found',
        );
      }
      return { closed: false, watchDurationSeconds: null };
    },

    count,
    ...createPresenceReports({ db, hot, now, count, directory: deps.directory }),

    async liveCount(stageId) {
      const stage = await cachedStage(stageId);
      return stage ? count(stage) : null;
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
