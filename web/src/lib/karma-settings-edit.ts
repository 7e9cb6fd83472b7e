/**
 * Pure edits of the karma settings forms (tested in test/web): curve presets and the preview's
 * levels, titles, role rewards, multiplier rows, new quests and achievements, and the channel and
 * role choices the pickers offer.
 */
import type {
  AchievementDefinition,
  GuildChannel,
  GuildRole,
  LevelCurve,
  LevelTitle,
  QuestDefinition,
  RoleReward,
} from '../api/types.ts';
import type { MultiplierRow } from './karma-settings.ts';

export type CurveKind = LevelCurve['kind'];
export const CURVE_KINDS: readonly CurveKind[] = ['mee6', 'linear', 'lurkr', 'polynomial'];
export const MAX_LEVEL_LIMIT = 1000;
export const MAX_COEFFICIENTS = 5;
export const MIN_COEFFICIENTS = 2;

/**
 * The curve of a preset, keeping what the admin typed for another preset: switching from linear
 * to polynomial and back finds the step as it was.
 */
export function curveOfKind(kind: CurveKind, previous: readonly LevelCurve[] = []): LevelCurve {
  const earlier = previous.find((curve) => curve.kind === kind);
  if (earlier) return earlier;
  switch (kind) {
    case 'linear':
      return { kind, step: 1000 };
    case 'polynomial':
      // 100 for level 1, then growing like MEE6's in its first levels.
      return { kind, coefficients: [0, 75, 25] };
    default:
      return { kind };
  }
}

/**
 * The levels the preview names in its table (and the chart's screen reader table): the first,
 * a few landmarks and the highest, within the maximum.
 */
export function keyLevels(maxLevel: number): number[] {
  const marks = [1, 5, 10, 25, 50, 100, 250, 500, 1000].filter((level) => level <= maxLevel);
  if (!marks.includes(maxLevel)) marks.push(maxLevel);
  return marks;
}

/** The configuration the preview sends: only what the curve's values depend on. */
export function previewBody(curve: LevelCurve, maxLevel: number): string | undefined {
  const numbers =
    curve.kind === 'linear' ? [curve.step] : curve.kind === 'polynomial' ? curve.coefficients : [];
  if (!Number.isInteger(maxLevel) || maxLevel < 1 || maxLevel > MAX_LEVEL_LIMIT) return undefined;
  if (!numbers.every(Number.isFinite)) return undefined;
  return JSON.stringify({ curve, maxLevel });
}

/** Renaming a title drops its translation key: the key would translate the old name. */
export function renameTitle(tier: LevelTitle, title: string): LevelTitle {
  return { fromLevel: tier.fromLevel, title };
}

/** A new title ten levels above the highest one (or the next free level), within the maximum. */
export function addTitle(titles: readonly LevelTitle[], maxLevel: number): LevelTitle[] {
  const used = new Set(titles.map((tier) => tier.fromLevel));
  const highest = Math.max(0, ...used);
  let level = Math.min(Math.max(1, highest + 10), Math.max(1, maxLevel));
  while (used.has(level) && level > 1) level--;
  while (used.has(level)) level++;
  return [...titles, { fromLevel: level, title: '' }];
}

/** Roles Discord lets Hearth give: not an integration's own (bots, boosts). */
export function assignableRoles(roles: readonly GuildRole[]): GuildRole[] {
  return roles.filter((role) => !role.managed);
}

/** A new role reward: the first free level from five above the highest, the first role left. */
export function addRoleReward(
  rewards: readonly RoleReward[],
  roles: readonly GuildRole[],
  maxLevel: number,
): RoleReward[] | undefined {
  const role =
    assignableRoles(roles).find((r) => !rewards.some((reward) => reward.roleId === r.id)) ??
    assignableRoles(roles)[0];
  if (!role) return undefined;
  const used = new Set(rewards.map((reward) => reward.level));
  let level = Math.min(Math.max(0, ...used) + 5, maxLevel);
  while (used.has(level) && level > 1) level--;
  while (used.has(level) && level < maxLevel) level++;
  if (used.has(level)) return undefined;
  return [...rewards, { level, roleId: role.id }];
}

/** Rewards as members earn them: by level. */
export function sortedRewards(rewards: readonly RoleReward[]): RoleReward[] {
  return [...rewards].sort((a, b) => a.level - b.level);
}

/** A new multiplier row for the first choice no row has yet (x1.5), or nothing when all have one. */
export function addMultiplierRow(rows: readonly MultiplierRow[], choices: readonly { id: string }[]) {
  const free = choices.find((choice) => !rows.some((row) => row.id === choice.id));
  return free ? [...rows, { id: free.id, value: 1.5 }] : undefined;
}

export interface Choice {
  id: string;
  label: string;
}

const CATEGORY = 4;
const THREADS = new Set([10, 11, 12]);
const MESSAGE_CHANNELS = new Set([0, 5]);

/**
 * Channels a rule can name, in Discord's order (each category followed by its channels): no
 * threads, which come and go; categories count for every channel in them.
 */
export function ruleChannels(channels: readonly GuildChannel[]): (GuildChannel & { category: boolean })[] {
  const visible = channels.filter((c) => !THREADS.has(c.type));
  const byPosition = (a: GuildChannel, b: GuildChannel) => a.position - b.position || (a.id < b.id ? -1 : 1);
  const categories = visible.filter((c) => c.type === CATEGORY).sort(byPosition);
  const known = new Set(categories.map((c) => c.id));
  const childrenOf = (parent: string | null) =>
    visible
      .filter(
        (c) =>
          c.type !== CATEGORY &&
          (parent === null ? !c.parentId || !known.has(c.parentId) : c.parentId === parent),
      )
      .sort(byPosition)
      .map((c) => ({ ...c, category: false }));
  return [
    ...childrenOf(null),
    ...categories.flatMap((category) => [{ ...category, category: true }, ...childrenOf(category.id)]),
  ];
}

/** Channels an announcement can be posted in: text and announcement channels. */
export function announcementChannels(channels: readonly GuildChannel[]): GuildChannel[] {
  return ruleChannels(channels).filter((c) => MESSAGE_CHANNELS.has(c.type));
}

/**
 * The choices of a picker, with the ids a setting holds that the list lacks (a deleted channel or
 * role) kept as their bare id, so that saving does not drop them unseen.
 */
export function withUnknown(
  choices: readonly Choice[],
  held: readonly string[],
  unknown: (id: string) => string,
) {
  const known = new Set(choices.map((choice) => choice.id));
  return [...choices, ...held.filter((id) => !known.has(id)).map((id) => ({ id, label: unknown(id) }))];
}

export const QUEST_KEY = /^[a-z][a-z0-9_]{1,47}$/;

export type NewItemProblem = 'key' | 'duplicate' | 'name' | 'description';

/** The add form's own check; the API checks the rest (targets per criterion, bounds). */
export function newItemProblem(
  item: { key: string; name: string; description: string },
  catalog: readonly { key: string }[],
): NewItemProblem | undefined {
  if (!QUEST_KEY.test(item.key)) return 'key';
  if (catalog.some((existing) => existing.key === item.key)) return 'duplicate';
  if (!item.name.trim()) return 'name';
  if (!item.description.trim()) return 'description';
  return undefined;
}

/** A key from a name: "Night Owl" -> "night_owl", for the add form to suggest. */
export function keyFromName(name: string): string {
  const key = name
    .normalize('NFKD')
    // Accents come apart from their letters under NFKD: "é" is "e" and a combining mark.
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 48);
  return key.length >= 2 ? key : '';
}

export function newQuest(
  input: Omit<QuestDefinition, 'active' | 'nameZh' | 'descriptionZh'>,
): QuestDefinition {
  return { ...input, name: input.name.trim(), description: input.description.trim(), active: true };
}

export function newAchievement(
  input: Omit<AchievementDefinition, 'hidden' | 'nameZh' | 'descriptionZh'>,
): AchievementDefinition {
  return { ...input, name: input.name.trim(), description: input.description.trim(), hidden: false };
}

/** Replaces the item at `index` by `edit(item)`; the catalogs are edited row by row. */
export function updateAt<T>(items: readonly T[], index: number, edit: (item: T) => T): T[] {
  return items.map((item, i) => (i === index ? edit(item) : item));
}

export function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_item, i) => i !== index);
}
