/** Pure logic of the Imports page (tested in test/web without a DOM). */
import type { ImportFormat, ImportMode, LevelImportReport } from '../api/types.ts';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['mee6', 'polaris', 'csv'];
export const IMPORT_MODES: readonly ImportMode[] = ['xp', 'level'];
/** The API's limit (src/features/level-import/domain.ts; test/web/imports.test.ts holds them equal). */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The format a file most likely is, from its name and first characters, to preselect the menu:
 * a CSV by its extension or a header line, MEE6 by its `players`, Polaris by its `users` or
 * `settings`. Undefined when nothing tells; the admin then picks.
 */
export function guessFormat(fileName: string, head: string): ImportFormat | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (/\.(csv|tsv)$/i.test(fileName)) return 'csv';
  if (text.startsWith('{') || text.startsWith('[')) {
    if (/"players"\s*:/.test(text)) return 'mee6';
    if (/"(users|settings)"\s*:/.test(text)) return 'polaris';
    // A bare array of MEE6 players carries their levels; Polaris's arrays have only id and xp.
    if (text.startsWith('[') && /"level"\s*:/.test(text)) return 'mee6';
    return undefined;
  }
  if (/^[^\n]*\b(user_?id|id)\b[^\n]*\bxp\b/i.test(text)) return 'csv';
  return undefined;
}

/** What the file is sent as: the API reads the raw body, JSON or text. */
export function contentTypeOf(format: ImportFormat): string {
  return format === 'csv' ? 'text/csv' : 'application/json';
}

export interface ImportOptions {
  format: ImportFormat;
  mode: ImportMode;
  dryRun: boolean;
}

export function importPath(guildId: string, options: ImportOptions): string {
  const query = new URLSearchParams({
    format: options.format,
    mode: options.mode,
    dry_run: String(options.dryRun),
  });
  return `/api/v1/imports/levels/${encodeURIComponent(guildId)}?${query}`;
}

/** Why a file cannot be sent at all; the API would refuse it with 413 or an empty-body 400. */
export function fileProblem(file: { size: number }): 'empty' | 'tooLarge' | undefined {
  if (file.size === 0) return 'empty';
  if (file.size > IMPORT_MAX_BYTES) return 'tooLarge';
  return undefined;
}

/**
 * Whether a dry run still describes what "Import" would do: the same file (its bytes' identity:
 * name, size and last change) with the same format and mode. Anything else needs a new dry run.
 */
export function planStillHolds(
  planned: { file: FileIdentity; format: ImportFormat; mode: ImportMode } | undefined,
  now: { file: FileIdentity | undefined; format: ImportFormat; mode: ImportMode },
): boolean {
  if (!planned || !now.file) return false;
  return (
    planned.format === now.format &&
    planned.mode === now.mode &&
    planned.file.name === now.file.name &&
    planned.file.size === now.file.size &&
    planned.file.lastModified === now.file.lastModified
  );
}

export interface FileIdentity {
  name: string;
  size: number;
  lastModified: number;
}

/** The report's numbers in the order the page lists them. */
export function summaryFacts(
  report: LevelImportReport,
): { key: keyof LevelImportReport['summary']; value: number }[] {
  const s = report.summary;
  return [
    { key: 'usersInFile', value: s.usersInFile },
    { key: 'usersChanged', value: s.usersChanged },
    { key: 'usersKept', value: s.usersKept },
    { key: 'alreadyImported', value: s.alreadyImported },
    { key: 'karmaAdded', value: s.karmaAdded },
    { key: 'levelChanges', value: s.levelChanges },
    { key: 'levelsCapped', value: s.levelsCapped },
  ];
}

/** Whether applying would change anything: nothing to raise means the button has no purpose. */
export function wouldChange(report: LevelImportReport): boolean {
  return report.summary.usersChanged > 0;
}
