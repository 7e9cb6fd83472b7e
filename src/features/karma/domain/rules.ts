import { z } from 'zod';

/**
 * Per-guild karma rules, stored as JSON in `guild_settings` and validated with this schema. Every field
 * has a default so `{}` is a complete, sensible configuration (MEE6-like message karma).
 */

/** Discord ids are snowflakes: decimal strings. Lenient on length so simulator ids also pass. */
export const snowflakeSchema = z
  .string()
  .regex(/^\d{1,20}$/, 'expected a Discord id (decimal digits)')
  .refine(
    (id) => !/^\d{1,20}$/.test(id) || BigInt(id) <= 9_223_372_036_854_775_807n,
    'expected a Discord id (at most 9223372036854775807)',
  );

/*
 * 0 is allowed so an admin can mute a channel through its multiplier; 10 bounds the damage of a typo
 * (100 instead of 1.00) on a leaderboard that cannot be rolled back without admin adjustments.
 */
const multiplierSchema = z.number().min(0).max(10);

const messageRulesSchema = z
  .object({
    min: z.int().min(0).max(10_000).default(15),
    max: z.int().min(0).max(10_000).default(25),
    cooldownSeconds: z.int().min(0).max(86_400).default(60),
  })
  .refine((m) => m.min <= m.max, { message: 'message.min must not exceed message.max', path: ['max'] });

const reactionRulesSchema = z.object({
  given: z.int().min(0).max(1_000).default(1),
  received: z.int().min(0).max(1_000).default(2),
  /** Fixed windows (aligned to the epoch) so the hot store can key a counter per window with a TTL. */
  windowSeconds: z.int().min(60).max(86_400).default(3_600),
  maxGivenPerWindow: z.int().min(1).max(10_000).default(20),
  maxReceivedPerWindow: z.int().min(1).max(10_000).default(50),
});

const voiceRulesSchema = z.object({
  perMinute: z.int().min(0).max(1_000).default(2),
  /** Other non-bot members needed in the channel: sitting alone in voice earns nothing. */
  minCompanions: z.int().min(0).max(99).default(1),
  requireUnmuted: z.boolean().default(true),
  requireUndeafened: z.boolean().default(true),
});

/**
 * Watching an external stream (a presence stage with web players): karma per whole minute watched,
 * paid when the viewing session ends. Off by default: a guild opts in by setting `perMinute`.
 */
const streamRulesSchema = z.object({
  perMinute: z.int().min(0).max(1_000).default(0),
  /** A tab left open all night earns at most this many minutes per session. */
  maxMinutesPerSession: z.int().min(1).max(1_440).default(240),
});

const adminRulesSchema = z.object({
  maxDelta: z.int().min(1).max(1_000_000_000).default(100_000),
  maxReasonLength: z.int().min(1).max(1_000).default(200),
});

export const karmaRulesSchema = z.object({
  enabled: z.boolean().default(true),
  message: messageRulesSchema.prefault({}),
  reaction: reactionRulesSchema.prefault({}),
  voice: voiceRulesSchema.prefault({}),
  stream: streamRulesSchema.prefault({}),
  admin: adminRulesSchema.prefault({}),
  /** Channel, thread-parent or category ids where nothing is earned. */
  noKarmaChannelIds: z.array(snowflakeSchema).max(500).default([]),
  /** Members holding any of these roles earn nothing, whatever other roles they hold. */
  noKarmaRoleIds: z.array(snowflakeSchema).max(250).default([]),
  /** Keyed by channel, thread-parent or category id; the most specific match wins. */
  channelMultipliers: z.record(snowflakeSchema, multiplierSchema).default({}),
  /** Keyed by role id; a member with several boosted roles gets the highest, never the product. */
  roleMultipliers: z.record(snowflakeSchema, multiplierSchema).default({}),
});

export type KarmaRules = z.output<typeof karmaRulesSchema>;
export type KarmaRulesInput = z.input<typeof karmaRulesSchema>;

export const DEFAULT_KARMA_RULES: KarmaRules = karmaRulesSchema.parse({});

export function parseKarmaRules(input: unknown): KarmaRules {
  return karmaRulesSchema.parse(input);
}
