import { useTranslation } from 'react-i18next';
import { pageWindow } from '../lib/karma.ts';

/**
 * Page buttons: previous, a window of page numbers, next. Real buttons in a labelled navigation,
 * the current page marked with `aria-current`; nothing renders when there is a single page.
 */
export function Pager({
  page,
  count,
  label,
  onPage,
  busy = false,
}: {
  page: number;
  count: number;
  /** What is paged ("Leaderboard pages"), for the navigation landmark. */
  label: string;
  onPage: (page: number) => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  if (count <= 1) return null;
  const slots = pageWindow(page, count);
  return (
    <nav className="pager" aria-label={label} aria-busy={busy}>
      <button
        type="button"
        className="button secondary small"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        {t('pager.previous')}
      </button>
      <ul>
        {slots.map((slot, i) =>
          slot === 'gap' ? (
            // Gaps are at most two and never move relative to their neighbours: the index keys them.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={`gap-${i}`} className="pager-gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={slot}>
              <button
                type="button"
                className={`button small ${slot === page ? 'primary' : 'secondary'}`}
                aria-current={slot === page ? 'page' : undefined}
                aria-label={t('pager.page', { page: slot })}
                onClick={() => onPage(slot)}
              >
                {slot}
              </button>
            </li>
          ),
        )}
      </ul>
      <button
        type="button"
        className="button secondary small"
        disabled={page >= count}
        onClick={() => onPage(page + 1)}
      >
        {t('pager.next')}
      </button>
    </nav>
  );
}
