/**
 * Default titles and privileges. Seed 004 fixes 100 `user_levels` rows with a title and privileges
 * (visible only to the member) but names none, so these are Hearth's defaults; guilds override them.
 * Titles change every ten levels. Their translations are the dashboard's `catalog.levelTitles`
 * strings, keyed by the English title, which is what every API answer and Discord reply carries.
 */

/** `key` may be explicitly undefined because zod outputs optional fields that way. */
export type TitleTier = Readonly<{ fromLevel: number; title: string; key?: string | undefined }>;

export const DEFAULT_TITLE_TIERS: readonly TitleTier[] = [
  { fromLevel: 1, title: 'Newcomer', key: 'levels.title.newcomer' },
  { fromLevel: 10, title: 'Regular', key: 'levels.title.regular' },
  { fromLevel: 20, title: 'Contributor', key: 'levels.title.contributor' },
  { fromLevel: 30, title: 'Enthusiast', key: 'levels.title.enthusiast' },
  { fromLevel: 40, title: 'Veteran', key: 'levels.title.veteran' },
  { fromLevel: 50, title: 'Expert', key: 'levels.title.expert' },
  { fromLevel: 60, title: 'Elite', key: 'levels.title.elite' },
  { fromLevel: 70, title: 'Master', key: 'levels.title.master' },
  { fromLevel: 80, title: 'Grandmaster', key: 'levels.title.grandmaster' },
  { fromLevel: 90, title: 'Champion', key: 'levels.title.champion' },
  { fromLevel: 100, title: 'Legend', key: 'levels.title.legend' },
];

/**
 * Privileges are stable keys that adapters turn into Discord permissions (through role rewards) or
 * Hearth features. A level holds every privilege unlocked at or below it.
 */
export const PRIVILEGES = [
  'attach_files',
  'embed_links',
  'use_external_emojis',
  'use_external_stickers',
  'create_threads',
  'send_voice_messages',
  'custom_rank_card',
  'create_polls',
  'create_events',
  'priority_speaker',
  'hall_of_fame',
] as const;
export type Privilege = (typeof PRIVILEGES)[number];

export type PrivilegeUnlock = Readonly<{ level: number; privileges: readonly string[] }>;

/**
 * Early unlocks are the ones spam and raid accounts abuse (files, links), so they come after a few
 * minutes of genuine chat; later ones are perks.
 */
export const DEFAULT_PRIVILEGE_UNLOCKS: readonly PrivilegeUnlock[] = [
  { level: 3, privileges: ['attach_files', 'embed_links'] },
  { level: 5, privileges: ['use_external_emojis', 'use_external_stickers'] },
  { level: 10, privileges: ['create_threads'] },
  { level: 15, privileges: ['send_voice_messages'] },
  { level: 20, privileges: ['custom_rank_card'] },
  { level: 30, privileges: ['create_polls'] },
  { level: 40, privileges: ['create_events'] },
  { level: 50, privileges: ['priority_speaker'] },
  { level: 100, privileges: ['hall_of_fame'] },
];
