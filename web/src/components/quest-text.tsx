import { useTranslation } from 'react-i18next';
import type { CatalogItem } from '../../../shared/i18n/catalog.ts';
import { catalogText } from '../lib/karma.ts';

/** A quest's name and description in the reader's language (a default's translation, else as written). */
export function QuestText({ quest }: { quest: CatalogItem }) {
  const { i18n } = useTranslation();
  return (
    <div className="quest-text">
      <p className="quest-name">{catalogText(i18n, 'quests', quest)}</p>
      <p className="quest-description">{catalogText(i18n, 'quests', quest, 'description')}</p>
    </div>
  );
}
