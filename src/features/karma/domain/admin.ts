import type { KarmaRules } from './rules.ts';
import { award, type KarmaAward, sourceIds } from './sources.ts';

export const ADJUSTMENT_ERRORS = [
  'empty_reason',
  'reason_too_long',
  'not_integer',
  'zero_delta',
  'exceeds_limit',
  'below_zero',
] as const;
export type AdjustmentError = (typeof ADJUSTMENT_ERRORS)[number];

export type AdjustmentResult =
  | Readonly<{ ok: true; award: KarmaAward }>
  | Readonly<{ ok: false; error: AdjustmentError }>;

export type AdminAdjustment = Readonly<{
  /** Idempotency key of the admin action (API request id, interaction id). */
  adjustmentId: string;
  delta: number;
  reason: string;
  /** The member's karma total before the adjustment. */
  currentTotal: number;
}>;

/**
 * An admin's manual change. A reason is mandatory because the ledger is the audit trail; the delta is
 * bounded so a typo cannot wreck the leaderboard; and a removal larger than the member's total is
 * refused rather than clamped, so the admin sees the real numbers instead of a silently smaller change.
 */
export function adminAdjustment(rules: KarmaRules, input: AdminAdjustment): AdjustmentResult {
  const reason = input.reason.trim();
  if (reason.length === 0) return { ok: false, error: 'empty_reason' };
  if (reason.length > rules.admin.maxReasonLength) return { ok: false, error: 'reason_too_long' };
  if (!Number.isSafeInteger(input.delta)) return { ok: false, error: 'not_integer' };
  if (input.delta === 0) return { ok: false, error: 'zero_delta' };
  if (Math.abs(input.delta) > rules.admin.maxDelta) return { ok: false, error: 'exceeds_limit' };
  if (input.currentTotal + input.delta < 0) return { ok: false, error: 'below_zero' };
  return { ok: true, award: award('admin', sourceIds.admin(input.adjustmentId), input.delta, reason) };
}

export type ImportedBalance = Readonly<{ batchId: string; userId: string; karma: number; origin: string }>;

/**
 * A balance migrated from another bot (e.g. a MEE6 leaderboard). Null when there is nothing to credit.
 * History-imported messages do not come through here: they are ordinary `message` rewards.
 */
export function importAward(balance: ImportedBalance): KarmaAward | null {
  if (!Number.isSafeInteger(balance.karma) || balance.karma <= 0) return null;
  return award(
    'import',
    sourceIds.import(balance.batchId, balance.userId),
    balance.karma,
    `import:${balance.origin}`,
  );
}
