import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../platform/errors.ts';
import { levelProgress, rowForLevel } from '../levels/domain/index.ts';
import { periodFor } from '../quests/domain/index.ts';
import {
  type AdjustmentError,
  adminAdjustment,
  effectiveStreak,
  KARMA_SOURCES,
  type KarmaSource,
  utcDayKey,
} from './domain/index.ts';
import type { KarmaRuntime } from './runtime.ts';
import { withMember } from './transactions.ts';

/** Use cases of the karma ledger: a member's summary, log and history, and admin adjustments. */

export interface KarmaSummary {
  guildId: string;
  userId: string;
  total: number;
  level: number;
  title: string;
  rank: number | null;
  rankedMembers: number;
  currentStreak: number;
  longestStreak: number;
  lastActiveDay: string | null;
  earnedToday: number;
  earnedThisWeek: number;
  bySource: Record<KarmaSource, number>;
  counters: {
    messages: number;
    replies: number;
    attachments: number;
    reactionsGiven: number;
    reactionsReceived: number;
    voiceMinutes: number;
    questsCompleted: number;
    achievements: number;
  };
}

export interface LedgerItem {
  source: KarmaSource;
  sourceId: string;
  delta: number;
  reason: string;
  actorId: string | null;
  createdAt: string;
}

export interface AdjustInput {
  guildId: string;
  userId: string;
  delta: number;
  reason: string;
  actorId: string;
  /** The client's idempotency key; a generated id otherwise (then a retry is a new adjustment). */
  idempotencyKey?: string | undefined;
}

export interface AdjustResult {
  adjustmentId: string;
  /** False when this key was already applied: nothing changed. */
  applied: boolean;
  total: number;
  level: number;
}

const ADJUSTMENT_FIELDS: Record<
  AdjustmentError,
  { kind: 'invalid' | 'conflict'; field: string; message: string }
> = {
  empty_reason: { kind: 'invalid', field: 'reason', message: 'reason must not be empty' },
  reason_too_long: { kind: 'invalid', field: 'reason', message: 'reason is longer than the guild allows' },
  not_integer: { kind: 'invalid', field: 'delta', message: 'delta must be a whole number' },
  zero_delta: { kind: 'invalid', field: 'delta', message: 'delta must not be 0' },
  exceeds_limit: {
    kind: 'invalid',
    field: 'delta',
    message: 'delta exceeds the largest adjustment the guild allows',
  },
  below_zero: { kind: 'conflict', field: 'delta', message: "delta would take the member's karma below 0" },
};

interface SummaryRow {
  total: string;
  current_streak: number;
  longest_streak: number;
  last_active_day: string | null;
  messages: number;
  replies: number;
  attachments: number;
  reactions_given: number;
  reactions_received: number;
  voice_minutes: number;
  quests_completed: number;
  achievements: number;
}

export class KarmaService {
  readonly #runtime: KarmaRuntime;

  constructor(deps: { runtime: KarmaRuntime }) {
    this.#runtime = deps.runtime;
  }

  async summary(guildId: string, userId: string): Promise<KarmaSummary> {
    const db = this.#runtime.db;
    const config = await db.transaction((tx) => this.#runtime.configs.one(tx, guildId));
    const now = this.#runtime.now();
    const [member, sums] = await Promise.all([
      db.query<SummaryRow>(
        `SELECT total, current_streak, longest_streak, last_active_day, messages, replies, attachments,
                reactions_given, reactions_received, voice_minutes, quests_completed,
                cardinality(achievement_keys) AS achievements
         FROM user_karma WHERE guild_id = $1 AND user_id = $2`,
        [guildId, userId],
      ),
      db.query<{ source: KarmaSource; total: string; today: string; week: string }>(
        `SELECT source, sum(delta) AS total,
                coalesce(sum(delta) FILTER (WHERE created_at >= $3), 0) AS today,
                coalesce(sum(delta) FILTER (WHERE created_at >= $4), 0) AS week
         FROM karma_ledger WHERE guild_id = $1 AND user_id = $2 GROUP BY source`,
        [
          guildId,
          userId,
          periodFor('daily', now).startsAt.toISOString(),
          periodFor('weekly', now).startsAt.toISOString(),
        ],
      ),
    ]);
    const row = member.rows[0];
    const total = Number(row?.total ?? 0);
    const progress = levelProgress(config.table, total);
    const rank = await this.#runtime.leaderboard.rank(guildId, userId, total);
    const bySource = Object.fromEntries(KARMA_SOURCES.map((s) => [s, 0])) as Record<KarmaSource, number>;
    let earnedToday = 0;
    let earnedThisWeek = 0;
    for (const sum of sums.rows) {
      bySource[sum.source] = Number(sum.total);
      earnedToday += Number(sum.today);
      earnedThisWeek += Number(sum.week);
    }
    return {
      guildId,
      userId,
      total,
      level: progress.level,
      title: rowForLevel(config.table, progress.level).title,
      rank: rank.rank,
      rankedMembers: rank.total,
      currentStreak: effectiveStreak(row?.last_active_day ?? null, utcDayKey(now), row?.current_streak ?? 0),
      longestStreak: row?.longest_streak ?? 0,
      lastActiveDay: row?.last_active_day ?? null,
      earnedToday,
      earnedThisWeek,
      bySource,
      counters: {
        messages: row?.messages ?? 0,
        replies: row?.replies ?? 0,
        attachments: row?.attachments ?? 0,
        reactionsGiven: row?.reactions_given ?? 0,
        reactionsReceived: row?.reactions_received ?? 0,
        voiceMinutes: row?.voice_minutes ?? 0,
        questsCompleted: row?.quests_completed ?? 0,
        achievements: row?.achievements ?? 0,
      },
    };
  }

  /** The member's ledger, newest first (by when the karma was earned). */
  async logs(
    guildId: string,
    userId: string,
    page: number,
    limit: number,
  ): Promise<{ page: number; limit: number; total: number; items: LedgerItem[] }> {
    const db = this.#runtime.db;
    const [count, rows] = await Promise.all([
      db.query<{ n: string }>('SELECT count(*) AS n FROM karma_ledger WHERE guild_id = $1 AND user_id = $2', [
        guildId,
        userId,
      ]),
      db.query<{
        source: KarmaSource;
        source_id: string;
        delta: number;
        reason: string;
        actor_id: string | null;
        created_at: Date;
      }>(
        `SELECT source, source_id, delta, reason, actor_id, created_at FROM karma_ledger
         WHERE guild_id = $1 AND user_id = $2
         ORDER BY created_at DESC, source DESC, source_id DESC LIMIT $3 OFFSET $4`,
        [guildId, userId, limit, (page - 1) * limit],
      ),
    ]);
    return {
      page,
      limit,
      total: Number(count.rows[0]?.n ?? 0),
      items: rows.rows.map((r) => ({
        source: r.source,
        sourceId: r.source_id,
        delta: r.delta,
        reason: r.reason,
        actorId: r.actor_id,
        createdAt: r.created_at.toISOString(),
      })),
    };
  }

  /** Karma earned per UTC day over [from, to] (inclusive), days without karma included as 0. */
  async history(
    guildId: string,
    userId: string,
    from: string,
    to: string,
  ): Promise<{
    from: string;
    to: string;
    total: number;
    days: { day: string; karma: number; events: number }[];
  }> {
    const { rows } = await this.#runtime.db.query<{ day: string; karma: string; events: string }>(
      `SELECT (created_at AT TIME ZONE 'UTC')::date AS day, sum(delta) AS karma, count(*) AS events
       FROM karma_ledger
       WHERE guild_id = $1 AND user_id = $2 AND created_at >= $3::date AND created_at < $4::date + 1
       GROUP BY 1 ORDER BY 1`,
      [guildId, userId, from, to],
    );
    const byDay = new Map(rows.map((r) => [r.day, r]));
    const days: { day: string; karma: number; events: number }[] = [];
    let total = 0;
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      const row = byDay.get(day);
      const karma = Number(row?.karma ?? 0);
      total += karma;
      days.push({ day, karma, events: Number(row?.events ?? 0) });
    }
    return { from, to, total, days };
  }

  /** An admin's adjustment with a reason; the idempotency key makes a retried request apply once. */
  async adjust(input: AdjustInput): Promise<AdjustResult> {
    const adjustmentId = input.idempotencyKey ?? randomUUID();
    const runtime = this.#runtime;
    const { result, settlement } = await runtime.db.transaction((tx) =>
      withMember(runtime, tx, input.guildId, input.userId, async ({ config, state, pay }) => {
        // Only members Hearth has seen in the guild (`members`): an id of no one must not collect karma.
        if (state.isBot === null) {
          throw new ServiceError('not_found', `user ${input.userId} is not a member of this guild`, {
            reason: 'not_a_member',
            field: 'user_id',
          });
        }
        const decision = adminAdjustment(config.rules, {
          adjustmentId,
          delta: input.delta,
          reason: input.reason,
          currentTotal: state.total,
        });
        if (!decision.ok) {
          const problem = ADJUSTMENT_FIELDS[decision.error];
          throw new ServiceError(problem.kind, problem.message, {
            reason: decision.error,
            field: problem.field,
          });
        }
        const accepted = await pay([
          {
            guildId: input.guildId,
            userId: input.userId,
            ...decision.award,
            actorId: input.actorId,
            at: runtime.now(),
          },
        ]);
        return { applied: accepted.length > 0, state };
      }),
    );
    await runtime.afterCommit(settlement)?.();
    return { adjustmentId, applied: result.applied, total: result.state.total, level: result.state.level };
  }
}
