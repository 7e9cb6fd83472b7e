import { useEffect } from 'react';

/** "Overview · Hearth Demo · Hearth": the page first, so tabs and history read well. */
export function useDocumentTitle(...parts: (string | undefined)[]): void {
  const title = [...parts.filter(Boolean), 'Hearth'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
