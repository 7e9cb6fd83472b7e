import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../platform/errors.ts';
import { levelProgress, rowForLevel } from '../levels/domain/index.ts';
import { periodFor } from '../quests/domain/index.ts';
import type { RewardsContext } from '../rewards/context.ts';
import { countEntries, entriesPage, karmaPerDay, sumsBySource } from '../rewards/ledger-repository.ts';
import { readMember } from '../rewards/member-repository.ts';
import { withMember } from '../rewards/member-transaction.ts';
import {
  type AdjustmentError,
  adminAdjustment,
  effectiveStreak,
  KARMA_SOURCES,
  type KarmaSource,
  utcDayKey,
} from './domain/index.ts';

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

export class KarmaService {
  readonly #context: RewardsContext;

  constructor(deps: { context: RewardsContext }) {
    this.#context = deps.context;
  }

  async summary(guildId: string, userId: string): Promise<KarmaSummary> {
    const context = this.#context;
    const config = await context.db.transaction((tx) => context.configs.one(tx, guildId));
    const now = context.now();
    const [row, sums] = await Promise.all([
      readMember(context.db, guildId, userId),
      sumsBySource(
        context.db,
        guildId,
        userId,
        periodFor('daily', now).startsAt,
        periodFor('weekly', now).startsAt,
      ),
    ]);
    const total = row?.total ?? 0;
    const progress = levelProgress(config.table, total);
    const rank = await context.leaderboard.rank(guildId, userId, total);
    const bySource = Object.fromEntries(KARMA_SOURCES.map((s) => [s, 0])) as Record<KarmaSource, number>;
    let earnedToday = 0;
    let earnedThisWeek = 0;
    for (const sum of sums) {
      bySource[sum.source] = sum.total;
      earnedToday += sum.today;
      earnedThisWeek += sum.week;
    }
    return {
      guildId,
      userId,
      total,
      level: progress.level,
      title: rowForLevel(config.table, progress.level).title,
      rank: rank.rank,
      rankedMembers: rank.total,
      currentStreak: effectiveStreak(row?.lastActiveDay ?? null, utcDayKey(now), row?.currentStreak ?? 0),
      longestStreak: row?.longestStreak ?? 0,
      lastActiveDay: row?.lastActiveDay ?? null,
      earnedToday,
      earnedThisWeek,
      bySource,
      counters: {
        messages: row?.messages ?? 0,
        replies: row?.replies ?? 0,
        attachments: row?.attachments ?? 0,
        reactionsGiven: row?.reactionsGiven ?? 0,
        reactionsReceived: row?.reactionsReceived ?? 0,
        voiceMinutes: row?.voiceMinutes ?? 0,
        questsCompleted: row?.questsCompleted ?? 0,
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
    const db = this.#context.db;
    const [total, rows] = await Promise.all([
      countEntries(db, guildId, userId),
      entriesPage(db, guildId, userId, limit, (page - 1) * limit),
    ]);
    return {
      page,
      limit,
      total,
      items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
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
    const rows = await karmaPerDay(this.#context.db, guildId, userId, from, to);
    const byDay = new Map(rows.map((r) => [r.day, r]));
    const days: { day: string; karma: number; events: number }[] = [];
    let total = 0;
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      const row = byDay.get(day);
      const karma = row?.karma ?? 0;
      total += karma;
      days.push({ day, karma, events: row?.events ?? 0 });
    }
    return { from, to, total, days };
  }

  /** An admin's adjustment with a reason; the idempotency key makes a retried request apply once. */
  async adjust(input: AdjustInput): Promise<AdjustResult> {
    const adjustmentId = input.idempotencyKey ?? randomUUID();
    const context = this.#context;
    const { result, settlement } = await context.db.transaction((tx) =>
      withMember(context, tx, input.guildId, input.userId, async ({ config, state, pay }) => {
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
            at: context.now(),
          },
        ]);
        return { applied: accepted.length > 0, state };
      }),
    );
    await context.afterCommit(settlement)?.();
    return { adjustmentId, applied: result.applied, total: result.state.total, level: result.state.level };
  }
}
