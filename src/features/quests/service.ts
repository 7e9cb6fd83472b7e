import { ServiceError } from '../../platform/errors.ts';
import type { RewardsContext } from '../rewards/context.ts';
import { questStateOf } from '../rewards/member-repository.ts';
import { withMember } from '../rewards/member-transaction.ts';
import { claim, periodFor, type QuestPeriod, type QuestStatus, questsToAssign } from './domain/index.ts';
import { overlay } from './domain/live-state.ts';
import {
  guildPeriodCounts,
  insertAssigned,
  markClaimed,
  memberPeriodRows,
  memberStats,
  progressById,
} from './repository.ts';

/** Seed 004's quests for a member: the current daily and weekly quests, stats and claims. */

/** What a quest is, as the member's list and the guild's overview both show it. */
export interface QuestTerms {
  key: string;
  name: string;
  nameZh: string | null;
  description: string;
  descriptionZh: string | null;
  criterion: string;
  target: number;
  reward: number;
}

export interface QuestView extends QuestTerms {
  progressId: string;
  progress: number;
  status: QuestStatus;
  claimable: boolean;
  completedAt: string | null;
  claimedAt: string | null;
}

export interface QuestList {
  guildId: string;
  userId: string;
  period: QuestPeriod;
  periodKey: string;
  startsAt: string;
  expiresAt: string;
  quests: QuestView[];
}

export interface ClaimView {
  progressId: string;
  questKey: string;
  status: 'CLAIMED';
  reward: number;
  /** False only if the ledger already held this reward (it is never paid twice). */
  paid: boolean;
  total: number;
  level: number;
}

export interface GuildQuestView extends QuestTerms {
  /** Members who hold the quest this period (assigned on their first visit or activity). */
  members: number;
  inProgress: number;
  /** Completed, claimed or not. */
  completed: number;
  claimed: number;
}

export interface GuildQuests {
  guildId: string;
  at: string;
  periods: {
    period: QuestPeriod;
    periodKey: string;
    startsAt: string;
    expiresAt: string;
    quests: GuildQuestView[];
  }[];
}

const CLAIM_MESSAGES = {
  not_completed: 'the quest is not completed yet',
  already_claimed: 'the reward of this quest was already claimed',
  expired: 'the quest expired before it was claimed',
} as const;

export class QuestsService {
  readonly #context: RewardsContext;

  constructor(deps: { context: RewardsContext }) {
    this.#context = deps.context;
  }

  /**
   * The member's quests of the current period, assigning them first if this is the member's first
   * visit of the period (lazy assignment: no reset job writes rows for everyone). Progress shows the
   * live values the pipeline keeps with the member's karma row.
   */
  async list(guildId: string, userId: string, period: QuestPeriod): Promise<QuestList> {
    const context = this.#context;
    const now = context.now();
    const window = periodFor(period, now);
    const { config, rows, live } = await context.db.transaction(async (tx) => {
      const config = await context.configs.one(tx, guildId);
      let rows = await memberPeriodRows(tx, guildId, userId, window.key);
      const missing = questsToAssign(
        config.quests.filter((q) => q.period === period),
        rows.map((r) => r.row),
        now,
        userId,
      );
      if (missing.length > 0) {
        await insertAssigned(tx, guildId, missing);
        rows = await memberPeriodRows(tx, guildId, userId, window.key);
      }
      return { config, rows, live: await questStateOf(tx, guildId, userId) };
    });
    const definitions = new Map(config.quests.map((q) => [q.key, q]));
    return {
      guildId,
      userId,
      period,
      periodKey: window.key,
      startsAt: window.startsAt.toISOString(),
      expiresAt: window.expiresAt.toISOString(),
      quests: rows.map((stored) => {
        const row = overlay(stored.row, live);
        const definition = definitions.get(row.questKey);
        return {
          progressId: stored.id ?? '',
          key: row.questKey,
          name: definition?.name ?? row.questKey,
          nameZh: definition?.nameZh ?? null,
          description: definition?.description ?? '',
          descriptionZh: definition?.descriptionZh ?? null,
          criterion: row.criterion,
          target: row.target,
          progress: row.progress,
          reward: row.reward,
          status: row.status,
          claimable: row.status === 'COMPLETED' && now.getTime() < row.expiresAt.getTime(),
          completedAt: row.completedAt?.toISOString() ?? null,
          claimedAt: row.claimedAt?.toISOString() ?? null,
        };
      }),
    };
  }

  /** The guild's active quests of the current day and week, with how its members fare on each. */
  async guild(guildId: string): Promise<GuildQuests> {
    const context = this.#context;
    const now = context.now();
    const windows = (['daily', 'weekly'] as const).map((period) => ({
      period,
      window: periodFor(period, now),
    }));
    const config = await context.configs.one(context.db, guildId);
    const counts = await guildPeriodCounts(
      context.db,
      guildId,
      windows.map((w) => w.window.key),
    );
    const byKey = new Map(counts.map((c) => [`${c.periodKey}\u0000${c.questKey}`, c]));
    return {
      guildId,
      at: now.toISOString(),
      periods: windows.map(({ period, window }) => ({
        period,
        periodKey: window.key,
        startsAt: window.startsAt.toISOString(),
        expiresAt: window.expiresAt.toISOString(),
        quests: config.quests
          .filter((q) => q.active && q.period === period)
          .map((q) => {
            const c = byKey.get(`${window.key}\u0000${q.key}`);
            return {
              key: q.key,
              name: q.name,
              nameZh: q.nameZh ?? null,
              description: q.description,
              descriptionZh: q.descriptionZh ?? null,
              criterion: q.criterion,
              target: q.target,
              reward: q.reward,
              members: c?.members ?? 0,
              inProgress: c?.inProgress ?? 0,
              completed: c?.completed ?? 0,
              claimed: c?.claimed ?? 0,
            };
          }),
      })),
    };
  }

  async stats(guildId: string, userId: string) {
    const row = await memberStats(this.#context.db, guildId, userId, this.#context.now());
    const { everCompleted, ...counts } = row;
    return {
      guildId,
      userId,
      ...counts,
      completionRate: row.total === 0 ? 0 : Math.round((everCompleted / row.total) * 1000) / 1000,
    };
  }

  /**
   * Claims a completed quest's reward. The member's row is locked first (the lock order of every
   * karma writer), then the quest row; the reward goes through the ledger keyed by member, quest and
   * period, so concurrent claims, retries and double clicks pay once; the others get a 409.
   */
  async claim(guildId: string, userId: string, progressId: string): Promise<ClaimView> {
    const context = this.#context;
    if (!/^\d{1,19}$/.test(progressId)) throw notFound();
    const owner = await progressById(context.db, progressId, false);
    if (!owner || owner.guildId !== guildId || owner.row.userId !== userId) throw notFound();
    const { result, settlement } = await context.db.transaction((tx) =>
      withMember(context, tx, guildId, userId, async ({ pay, state }) => {
        const stored = await progressById(tx, progressId, true);
        if (!stored) throw notFound();
        const decision = claim(stored.row, context.now());
        if (!decision.ok) {
          throw new ServiceError('conflict', CLAIM_MESSAGES[decision.error], {
            reason: decision.error,
            field: 'progress_id',
          });
        }
        await markClaimed(tx, progressId, context.now());
        const accepted = decision.award
          ? await pay([{ guildId, userId, ...decision.award, at: context.now() }])
          : [];
        return { row: decision.row, paid: accepted.length > 0, state };
      }),
    );
    await context.afterCommit(settlement)?.();
    return {
      progressId,
      questKey: result.row.questKey,
      status: 'CLAIMED',
      reward: result.row.reward,
      paid: result.paid,
      total: result.state.total,
      level: result.state.level,
    };
  }
}

function notFound(): ServiceError {
  return new ServiceError('not_found', 'no such quest of yours', { field: 'progress_id' });
}
