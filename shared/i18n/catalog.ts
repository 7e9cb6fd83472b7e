import { DEFAULT_LANGUAGE, type Language } from './languages.ts';

/**
 * Hearth's default quests, achievements and level titles in every language. Their translations are
 * in the dashboard's files (`shared/i18n/*.json`) under `catalog` (`catalog.quests.<key>.name`, `catalog.achievements.<key>
 * .description`, `catalog.levelTitles.<English title>`), where the bot reads them too; the English
 * file holds the defaults' English text, which is how a default still in use is told from a guild's
 * own text. Pure and free of i18next: the dashboard and the bot both import it (shared/ is neutral
 * ground, importing neither).
 */

export type CatalogKind = 'quests' | 'achievements' | 'levelTitles';
export type CatalogField = 'name' | 'description';

export type TranslationTree = { readonly [key: string]: unknown };

/** A language's translation file, or undefined while the dashboard has not loaded it. */
export type TranslationFiles = (language: Language) => TranslationTree | undefined;

/** Level titles are stored as their text alone, so the English title is their key. */
function pathOf(kind: CatalogKind, key: string, field: CatalogField): string[] {
  return kind === 'levelTitles' ? ['catalog', kind, key] : ['catalog', kind, key, field];
}

function textAt(tree: TranslationTree | undefined, path: readonly string[]): string | undefined {
  let node: unknown = tree;
  for (const part of path) {
    // Own properties only: a title such as "constructor" is text, not a way into Object.prototype.
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as TranslationTree)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * The text to show for one field of a catalog item. A guild's Chinese text wins in `zh-TW`; else a
 * default whose English is still Hearth's is shown in the reader's language; anything else (a
 * renamed default, a guild's own item, an English file not loaded yet) as its English text.
 */
export function catalogText(
  files: TranslationFiles,
  language: Language,
  kind: CatalogKind,
  key: string,
  english: string,
  chinese: string | null | undefined,
  field: CatalogField = 'name',
): string {
  if (language === 'zh-TW' && chinese) return chinese;
  const path = pathOf(kind, key, field);
  if (textAt(files(DEFAULT_LANGUAGE), path) !== english) return english;
  return textAt(files(language), path) ?? english;
}

/** A quest or achievement as the API and the settings give it. */
export interface CatalogItem {
  readonly key: string;
  readonly name: string;
  readonly nameZh?: string | null | undefined;
  readonly description?: string | undefined;
  readonly descriptionZh?: string | null | undefined;
}

/** `catalogText` for one field of a quest or achievement. */
export function catalogItemText(
  files: TranslationFiles,
  language: Language,
  kind: Exclude<CatalogKind, 'levelTitles'>,
  item: CatalogItem,
  field: CatalogField = 'name',
): string {
  return field === 'name'
    ? catalogText(files, language, kind, item.key, item.name, item.nameZh, field)
    : catalogText(files, language, kind, item.key, item.description ?? '', item.descriptionZh, field);
}

/** A level title, translated when it is one of the default titles. */
export function levelTitleText(files: TranslationFiles, language: Language, title: string): string {
  return catalogText(files, language, 'levelTitles', title, title, null);
}
