/**
 * Pure logic of the karma settings pages (tested in test/web without a DOM): the forms' drafts,
 * the section each form saves, whether a draft differs from what is stored, the form's own
 * refusals, and where an API 400's `field` is shown.
 */
import type {
  AchievementDefinition,
  AnnouncementSettings,
  KarmaRulesSettings,
  KarmaSettings,
  KarmaSettingsPatch,
  LevelSettings,
  QuestDefinition,
} from '../api/types.ts';

/** A channel or role and its multiplier, as the editor lists them (the API keeps a record). */
export interface MultiplierRow {
  id: string;
  value: number;
}

export type KarmaDraft = Omit<KarmaRulesSettings, 'channelMultipliers' | 'roleMultipliers'> & {
  channelMultipliers: MultiplierRow[];
  roleMultipliers: MultiplierRow[];
};
export type LevelsDraft = Pick<LevelSettings, 'curve' | 'maxLevel' | 'titles'>;
export type RoleRewardsDraft = Pick<LevelSettings, 'roleRewards' | 'roleRewardMode'>;

/** What each form edits. Two forms share the `levels` section: each saves only its own fields. */
export interface Drafts {
  karma: KarmaDraft;
  announcements: AnnouncementSettings;
  leaderboard: KarmaSettings['leaderboard'];
  levels: LevelsDraft;
  roleRewards: RoleRewardsDraft;
  quests: QuestDefinition[];
  achievements: AchievementDefinition[];
}
export type FormName = keyof Drafts;
export const FORM_NAMES: readonly FormName[] = [
  'karma',
  'announcements',
  'leaderboard',
  'levels',
  'roleRewards',
  'quests',
  'achievements',
];

const rowsOf = (record: Record<string, number>): MultiplierRow[] =>
  Object.entries(record).map(([id, value]) => ({ id, value }));
const recordOf = (rows: readonly MultiplierRow[]): Record<string, number> =>
  Object.fromEntries(rows.map((row) => [row.id, row.value]));

/** A form's draft as the stored settings give it: what the form shows before any edit. */
export function draftOf<F extends FormName>(form: F, settings: KarmaSettings): Drafts[F] {
  const drafts: { [K in FormName]: () => Drafts[K] } = {
    karma: () => ({
      ...settings.karma,
      channelMultipliers: rowsOf(settings.karma.channelMultipliers),
      roleMultipliers: rowsOf(settings.karma.roleMultipliers),
    }),
    announcements: () => settings.announcements,
    leaderboard: () => settings.leaderboard,
    levels: () => ({
      curve: settings.levels.curve,
      maxLevel: settings.levels.maxLevel,
      titles: settings.levels.titles,
    }),
    roleRewards: () => ({
      roleRewards: settings.levels.roleRewards,
      roleRewardMode: settings.levels.roleRewardMode,
    }),
    quests: () => settings.quests,
    achievements: () => settings.achievements,
  };
  return drafts[form]();
}

/**
 * The PUT body that saves a form: its section only. A form that edits part of `levels` sends the
 * stored section with its own fields laid over it, so the other form's unsaved edits stay unsaved.
 */
export function patchOf<F extends FormName>(
  form: F,
  draft: Drafts[F],
  settings: KarmaSettings,
): KarmaSettingsPatch {
  switch (form) {
    case 'karma': {
      const karma = draft as KarmaDraft;
      return {
        karma: {
          ...karma,
          channelMultipliers: recordOf(karma.channelMultipliers),
          roleMultipliers: recordOf(karma.roleMultipliers),
        },
      };
    }
    case 'announcements': {
      const { channelId, ...rest } = draft as AnnouncementSettings;
      // An empty choice is no channel; the API refuses "" as an id.
      return { announcements: channelId ? { ...rest, channelId } : rest };
    }
    case 'leaderboard':
      return { leaderboard: draft as Drafts['leaderboard'] };
    case 'levels':
    case 'roleRewards':
      return { levels: { ...settings.levels, ...(draft as LevelsDraft | RoleRewardsDraft) } };
    case 'quests':
      return { quests: draft as QuestDefinition[] };
    default:
      return { achievements: draft as AchievementDefinition[] };
  }
}

/** The API section a form saves: where the answer's `field` paths start. */
export function sectionOf(form: FormName): keyof KarmaSettingsPatch {
  return form === 'roleRewards' ? 'levels' : form;
}

/** Deep equality of JSON values; object key order does not matter (records of multipliers). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, i) => sameValue(value, b[i]));
  }
  const left = Object.entries(a).filter(([, v]) => v !== undefined);
  const right = new Map(Object.entries(b).filter(([, v]) => v !== undefined));
  return left.length === right.size && left.every(([key, value]) => sameValue(value, right.get(key)));
}

/** Whether saving the draft would change anything (compared as the bodies the API would get). */
export function isDirty<F extends FormName>(
  form: F,
  draft: Drafts[F] | undefined,
  settings: KarmaSettings,
): boolean {
  if (draft === undefined) return false;
  return !sameValue(patchOf(form, draft, settings), patchOf(form, draftOf(form, settings), settings));
}

/**
 * The first number a body holds that is not a number (a field left empty or half typed), as a
 * field path like the API's (`karma.message.min`); the form refuses to send it.
 */
export function firstInvalidNumber(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path.join('.');
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = firstInvalidNumber(inner, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Where a refusal's `field` is shown: the longest of the form's field patterns (`*` stands for
 * one segment: a row index or id) that the field starts with, as a concrete path; undefined
 * when none matches, and the form shows the message above its Save button instead.
 *
 *   placeFieldError('quests.3.key', ['quests.*.target', 'quests.*']) === 'quests.3'
 */
export function placeFieldError(field: string | undefined, patterns: readonly string[]): string | undefined {
  if (!field) return undefined;
  const segments = field.split('.');
  let best: string[] | undefined;
  for (const pattern of patterns) {
    const parts = pattern.split('.');
    if (parts.length > segments.length) continue;
    if (!parts.every((part, i) => part === '*' || part === segments[i])) continue;
    if (!best || parts.length > best.length) best = segments.slice(0, parts.length);
  }
  return best?.join('.');
}

/** The settings document's field paths each form shows an error at (see `placeFieldError`). */
export const FIELD_PATTERNS: { [F in FormName]: readonly string[] } = {
  karma: [
    'karma.enabled',
    ...['min', 'max', 'cooldownSeconds'].map((f) => `karma.message.${f}`),
    ...['given', 'received', 'windowSeconds', 'maxGivenPerWindow', 'maxReceivedPerWindow'].map(
      (f) => `karma.reaction.${f}`,
    ),
    ...['perMinute', 'minCompanions', 'requireUnmuted', 'requireUndeafened'].map((f) => `karma.voice.${f}`),
    ...['perMinute', 'maxMinutesPerSession'].map((f) => `karma.stream.${f}`),
    'karma.noKarmaChannelIds',
    'karma.noKarmaRoleIds',
    'karma.channelMultipliers',
    'karma.channelMultipliers.*',
    'karma.roleMultipliers',
    'karma.roleMultipliers.*',
  ],
  announcements: ['mode', 'channelId', 'template', 'minLevel'].map((f) => `announcements.${f}`),
  leaderboard: ['leaderboard.public'],
  levels: [
    'levels.curve',
    'levels.curve.kind',
    'levels.curve.step',
    'levels.curve.coefficients',
    'levels.maxLevel',
    'levels.titles',
    'levels.titles.*',
    'levels.titles.*.fromLevel',
    'levels.titles.*.title',
  ],
  roleRewards: [
    'levels.roleRewards',
    'levels.roleRewards.*',
    'levels.roleRewards.*.level',
    'levels.roleRewards.*.roleId',
    'levels.roleRewardMode',
  ],
  quests: ['quests.*', 'quests.*.target', 'quests.*.reward', 'quests.*.active'],
  achievements: [
    'achievements.*',
    'achievements.*.criterion.atLeast',
    'achievements.*.karmaReward',
    'achievements.*.hidden',
  ],
};

/** A preview's refusal names fields of the level configuration alone (`curve.step`). */
export function previewField(field: string | undefined): string | undefined {
  return field ? `levels.${field}` : undefined;
}
