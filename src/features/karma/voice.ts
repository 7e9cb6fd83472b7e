import type { AfterCommit } from '../../pipeline/feature.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { RewardsContext } from '../rewards/context.ts';
import { withMember } from '../rewards/member-transaction.ts';
import { touchStreak } from './domain/activity-book.ts';
import { type KarmaRules, karmaForStreamMinutes, karmaForVoiceMinutes } from './domain/index.ts';
import type { KarmaDirectory, QuestProgress } from './ports.ts';

/**
 * Voice karma, fed by the presence feature: it knows when a member talked with others (not alone,
 * muted or deafened) and calls this with the eligible whole minutes of a span, inside its own
 * transaction. The span's id makes it exactly-once: reporting the same span again pays nothing and
 * counts nothing.
 */
export interface VoiceMinutesInput {
  guildId: string;
  userId: string;
  /** Identifies the span for the ledger (e.g. `${sessionId}:${startMinute}`); the same span, the same id. */
  segmentId: string;
  /** Eligible whole minutes of the span. */
  minutes: number;
  channelId: string;
  /** When the span ended: the day it counts for (streaks, quests). */
  at: Date;
  isBot?: boolean;
  /** When the caller has not judged eligibility itself, these are checked by the guild's voice rules. */
  companions?: number;
  selfMuted?: boolean;
  selfDeafened?: boolean;
  isAfkChannel?: boolean;
}

export interface VoiceMinutesResult {
  /** Karma paid for this span (0 when nothing was due or it was already paid). */
  paid: number;
  /** Run once the caller's transaction has committed (leaderboard, level-up jobs). */
  afterCommit: AfterCommit | undefined;
}

/** A viewing session of an external stream by a member, once it has ended. */
export interface StreamMinutesInput {
  guildId: string;
  userId: string;
  /** The viewing session: the ledger pays it once. */
  sessionId: string;
  /** How long the member watched (join to the last heartbeat or the leave). */
  watchedSeconds: number;
  /** When the session ended. */
  at: Date;
}

/** Voice and stream karma, each call in the caller's transaction (presence's, through its port). */
export class VoiceKarmaService {
  readonly #context: RewardsContext;
  readonly #directory: KarmaDirectory;
  readonly #quests: QuestProgress;

  constructor(deps: { context: RewardsContext; directory: KarmaDirectory; quests: QuestProgress }) {
    this.#context = deps.context;
    this.#directory = deps.directory;
    this.#quests = deps.quests;
  }

  /**
   * The guild's voice rules, for the caller that judges eligibility itself (presence computes who
   * was alone, muted or deafened over a span from the sessions it records).
   */
  async voiceRules(tx: Queryable, guildId: string): Promise<KarmaRules['voice']> {
    return (await this.#context.configs.one(tx, guildId)).rules.voice;
  }

  async awardVoiceMinutes(tx: Queryable, input: VoiceMinutesInput): Promise<VoiceMinutesResult> {
    const context = this.#context;
    const minutes = Math.max(0, Math.floor(input.minutes));
    if (minutes === 0 || input.isBot === true) return { paid: 0, afterCommit: undefined };
    const { result, settlement } = await withMember(
      context,
      tx,
      input.guildId,
      input.userId,
      async ({ config, state, pay }) => {
        const scope = config.usesChannels
          ? ((await this.#directory.channelScopes(tx, [input.channelId])).get(input.channelId) ?? {
              channelId: input.channelId,
              parentId: null,
              categoryId: null,
            })
          : { channelId: input.channelId };
        const decision = karmaForVoiceMinutes(config.rules, {
          ...scope,
          userId: input.userId,
          segmentId: input.segmentId,
          isBot: false,
          roleIds: state.roleIds,
          minutes,
          companions: input.companions ?? config.rules.voice.minCompanions,
          selfMuted: input.selfMuted ?? false,
          selfDeafened: input.selfDeafened ?? false,
          ...(input.isAfkChannel === undefined ? {} : { isAfkChannel: input.isAfkChannel }),
        });
        if (decision.kind === 'skip' && decision.skip !== 'zero') return 0;
        let paid = 0;
        if (decision.kind === 'award') {
          const accepted = await pay([
            { guildId: input.guildId, userId: input.userId, ...decision, at: input.at },
          ]);
          // Already paid: the span was reported before, and it was counted then.
          if (accepted.length === 0) return 0;
          paid = decision.delta;
        }
        state.voiceMinutes += minutes;
        state.lastChannelId = input.channelId;
        touchStreak(state, input.at);
        await this.#quests.progress(
          tx,
          new Map([[input.guildId, config]]),
          [
            {
              state,
              at: input.at,
              delta: { voiceMinutes: minutes, karmaEarned: paid, streakDays: state.currentStreak },
            },
          ],
          context.now(),
        );
        return paid;
      },
    );
    return { paid: result, afterCommit: context.afterCommit(settlement) };
  }

  /**
   * Karma for watching an external stream, when the guild pays for it (`stream.perMinute`, off by
   * default). Only members of the guild earn: a token's user who is not (or no longer) in the
   * guild's member list, or a bot, gets nothing, and no karma row is created for them.
   */
  async awardStreamMinutes(tx: Queryable, input: StreamMinutesInput): Promise<VoiceMinutesResult> {
    const context = this.#context;
    const none = { paid: 0, afterCommit: undefined };
    const minutes = Math.floor(Math.max(0, input.watchedSeconds) / 60);
    if (minutes === 0) return none;
    const config = await context.configs.one(tx, input.guildId);
    if (!config.rules.enabled || config.rules.stream.perMinute === 0) return none;
    if (!(await this.#directory.isCurrentHuman(tx, input.guildId, input.userId))) return none;
    const { result, settlement } = await withMember(
      context,
      tx,
      input.guildId,
      input.userId,
      async ({ config: current, state, pay }) => {
        const decision = karmaForStreamMinutes(current.rules, {
          sessionId: input.sessionId,
          isBot: false,
          roleIds: state.roleIds,
          minutes,
        });
        if (decision.kind !== 'award') return 0;
        const accepted = await pay([
          { guildId: input.guildId, userId: input.userId, ...decision, at: input.at },
        ]);
        return accepted.length === 0 ? 0 : decision.delta;
      },
    );
    return { paid: result, afterCommit: context.afterCommit(settlement) };
  }
}
