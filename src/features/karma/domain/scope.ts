import type { KarmaRules } from './rules.ts';
import type { SkipReason } from './sources.ts';

/**
 * Where an event happened. Threads inherit their parent channel's rules and channels their category's,
 * so admins can silence or boost a whole category with one entry.
 */
export type ChannelScope = Readonly<{
  channelId: string;
  parentId?: string | null;
  categoryId?: string | null;
}>;

/** Most specific first: the thread or channel itself, then its parent, then its category. */
export function scopeIds(scope: ChannelScope): string[] {
  const ids = [scope.channelId];
  if (scope.parentId) ids.push(scope.parentId);
  if (scope.categoryId) ids.push(scope.categoryId);
  return ids;
}

export function channelBlocked(rules: KarmaRules, scope: ChannelScope): boolean {
  return scopeIds(scope).some((id) => rules.noKarmaChannelIds.includes(id));
}

export function roleBlocked(rules: KarmaRules, roleIds: readonly string[]): boolean {
  return roleIds.some((id) => rules.noKarmaRoleIds.includes(id));
}

export function channelMultiplier(rules: KarmaRules, scope: ChannelScope): number {
  for (const id of scopeIds(scope)) {
    const multiplier = rules.channelMultipliers[id];
    if (multiplier !== undefined) return multiplier;
  }
  return 1;
}

/**
 * The highest multiplier among the member's roles, 1 when none is configured. Highest rather than the
 * product: collecting several booster roles must not compound (2 x 2 x 1.5 = 6x), the result does not
 * depend on role order, and admins can predict it from one number. Dampening roles (< 1) only apply to
 * members without a boosted role; to silence someone use `noKarmaRoleIds`, which always wins.
 */
export function roleMultiplier(rules: KarmaRules, roleIds: readonly string[]): number {
  let best: number | undefined;
  for (const id of roleIds) {
    const multiplier = rules.roleMultipliers[id];
    if (multiplier !== undefined && (best === undefined || multiplier > best)) best = multiplier;
  }
  return best ?? 1;
}

/** The common gates every earning path checks, in the order that gives the most useful skip reason. */
export function gate(
  rules: KarmaRules,
  scope: ChannelScope,
  earner: Readonly<{ isBot: boolean; roleIds: readonly string[] }>,
): SkipReason | null {
  if (!rules.enabled) return 'disabled';
  if (earner.isBot) return 'bot';
  if (channelBlocked(rules, scope)) return 'no_karma_channel';
  if (roleBlocked(rules, earner.roleIds)) return 'no_karma_role';
  return null;
}

/** Rounded to whole karma: the ledger stores integers and totals must add up exactly. */
export function scaled(
  base: number,
  rules: KarmaRules,
  scope: ChannelScope,
  roleIds: readonly string[],
): number {
  return Math.round(base * channelMultiplier(rules, scope) * roleMultiplier(rules, roleIds));
}
