/** Pure logic of the Leaderboard and My profile pages (tested in test/web without a DOM). */
import type { i18n as I18n } from 'i18next';
import {
  type CatalogField,
  type CatalogItem,
  catalogItemText,
  levelTitleText,
  type TranslationFiles,
  type TranslationTree,
} from '../../../shared/i18n/catalog.ts';
import { DEFAULT_LANGUAGE, type Language, matchLanguage } from '../../../shared/i18n/languages.ts';
import type { KarmaHistory, LeaderboardEntry } from '../api/types.ts';
import { type DailyValue, daysBetween } from './overview.ts';

/** The name a member goes by: the server's display name, else the account's, else the id. */
export function memberName(entry: Pick<LeaderboardEntry, 'displayName' | 'username' | 'userId'>): string {
  return entry.displayName ?? entry.username ?? entry.userId;
}

export function pageCount(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, limit)));
}

export type PageSlot = number | 'gap';

/**
 * The page buttons to show: the first and last pages, the current one and its neighbours, and a
 * gap where pages are skipped: 1 … 4 5 6 … 20. Never more than seven slots, so it fits a phone.
 */
export function pageWindow(current: number, count: number): PageSlot[] {
  if (count <= 7) return Array.from({ length: count }, (_v, i) => i + 1);
  const page = Math.min(Math.max(1, current), count);
  const start = Math.max(2, Math.min(page - 1, count - 4));
  const end = Math.min(count - 1, Math.max(page + 1, 5));
  const slots: PageSlot[] = [1];
  if (start > 2) slots.push('gap');
  for (let p = start; p <= end; p++) slots.push(p);
  if (end < count - 1) slots.push('gap');
  slots.push(count);
  return slots;
}

/** What the catalog's texts need of the dashboard's i18next instance: its language and loaded files. */
export type CatalogI18n = Pick<I18n, 'language' | 'getResourceBundle'>;

function filesOf(i18n: CatalogI18n): TranslationFiles {
  return (language) => i18n.getResourceBundle(language, 'translation') as TranslationTree | undefined;
}

function languageOf(i18n: CatalogI18n): Language {
  return matchLanguage(i18n.language) ?? DEFAULT_LANGUAGE;
}

/**
 * A quest's or achievement's name or description: the guild's Chinese text in `zh-TW`, a default
 * still in its English text in the reader's language, else the guild's English text.
 */
export function catalogText(
  i18n: CatalogI18n,
  kind: 'quests' | 'achievements',
  item: CatalogItem,
  field: CatalogField = 'name',
): string {
  return catalogItemText(filesOf(i18n), languageOf(i18n), kind, item, field);
}

/** A level title in the reader's language when it is a default title, else as the guild wrote it. */
export function levelTitle(i18n: CatalogI18n, title: string): string {
  return levelTitleText(filesOf(i18n), languageOf(i18n), title);
}

/** 0..1 for a progress bar, whatever the counts (progress may pass the target). */
export function fractionOf(current: number, target: number): number {
  if (target <= 0) return 1;
  return Math.min(1, Math.max(0, current / target));
}

/** Karma per day for the chart: every day of the range, even one the answer left out, as 0. */
export function historyPoints(history: Pick<KarmaHistory, 'from' | 'to' | 'days'>): DailyValue[] {
  const byDay = new Map(history.days.map((d) => [d.day, d.karma]));
  return daysBetween(history.from, history.to).map((day) => ({ day, value: byDay.get(day) ?? 0 }));
}

/** Unlocked achievements first (newest first), then the closest to unlocking. */
export function sortAchievements<
  A extends { unlocked: boolean; unlockedAt: string | null; fraction: number; key: string },
>(achievements: readonly A[]): A[] {
  return [...achievements].sort((a, b) => {
    if (a.unlocked !== b.unlocked) return a.unlocked ? -1 : 1;
    if (a.unlocked) return (b.unlockedAt ?? '').localeCompare(a.unlockedAt ?? '');
    return b.fraction - a.fraction || a.key.localeCompare(b.key);
  });
}

/** A log entry's reason, unless it only repeats the source ("message" for a message). */
export function logReason(entry: { source: string; reason: string }): string {
  return entry.reason === entry.source ? '' : entry.reason;
}
