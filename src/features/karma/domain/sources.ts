/**
 * The karma ledger's vocabulary. Every reward the rules produce names the ledger `source` and a
 * `sourceId`; the ledger is unique on (guild_id, source, source_id), so the id decides what counts as
 * "the same reward" and therefore what can never be paid twice.
 */

export const KARMA_SOURCES = [
  'message',
  'reaction',
  'voice',
  'quest',
  'achievement',
  'admin',
  'import',
] as const;
export type KarmaSource = (typeof KARMA_SOURCES)[number];

/** Why an event earned nothing. Stable codes: the pipeline counts them in metrics. */
export const SKIP_REASONS = [
  'disabled',
  'bot',
  'bot_message',
  'bot_reactor',
  'self_reaction',
  'no_karma_channel',
  'no_karma_role',
  'cooldown',
  'cap_reached',
  'alone',
  'muted',
  'deafened',
  'afk_channel',
  'zero',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type KarmaAward = Readonly<{
  kind: 'award';
  source: KarmaSource;
  sourceId: string;
  delta: number;
  reason: string;
}>;

export type KarmaSkip = Readonly<{ kind: 'skip'; skip: SkipReason }>;

export type KarmaResult = KarmaAward | KarmaSkip;

export function award(source: KarmaSource, sourceId: string, delta: number, reason: string): KarmaAward {
  return { kind: 'award', source, sourceId, delta, reason };
}

export function skip(reason: SkipReason): KarmaSkip {
  return { kind: 'skip', skip: reason };
}

export function isAward(result: KarmaResult): result is KarmaAward {
  return result.kind === 'award';
}

/*
 * Source ids. A history import replays messages that live traffic may already have paid, so imported
 * messages use the `message` source with the Discord message id: the overlap then collides on the
 * ledger key instead of paying twice. The `import` source is only for balances migrated in bulk from
 * another bot, keyed by import batch and member.
 */

export const sourceIds = {
  message: (messageId: string): string => messageId,
  /** One reward per (message, reactor), whatever the emoji, so piling emojis on one message pays once. */
  reactionGiven: (messageId: string, reactorId: string): string => `given:${messageId}:${reactorId}`,
  /** The author is paid once per reactor per message; removing and re-adding a reaction pays nothing. */
  reactionReceived: (messageId: string, reactorId: string): string => `received:${messageId}:${reactorId}`,
  /** `segmentId` is chosen by the caller for a span of voice minutes (e.g. session id + first minute). */
  voice: (userId: string, segmentId: string): string => `${userId}:${segmentId}`,
  /**
   * Watching an external stream, once per viewing session. Recorded under the `voice` source (the
   * ledger's sources are fixed by a CHECK); the prefix keeps it apart from voice ids, which start
   * with a user id.
   */
  stream: (sessionId: string): string => `stream:${sessionId}`,
  quest: (userId: string, questKey: string, periodKey: string): string =>
    `${userId}:${questKey}:${periodKey}`,
  achievement: (userId: string, achievementKey: string): string => `${userId}:${achievementKey}`,
  /** The admin action's idempotency key, so a double-clicked adjustment is applied once. */
  admin: (adjustmentId: string): string => adjustmentId,
  import: (batchId: string, userId: string): string => `${batchId}:${userId}`,
} as const;
