/**
 * The navigation is derived from the list of pages that exist: a page appears once it is in
 * `pages/registry.ts`, in its section, and only for roles that may open it. Nothing is shown
 * "coming soon".
 */

export type NavSection = 'community' | 'admin';

/** Section order in the menu; a section without visible pages is not shown at all. */
export const NAV_SECTIONS: readonly NavSection[] = ['community', 'admin'];

export interface NavEntry<K extends string = string> {
  path: string;
  labelKey: K;
  section: NavSection;
  /** Pages for guild admins (Manage Server, owners and listed admins). */
  adminOnly: boolean;
}

export function visibleNav<E extends NavEntry>(
  entries: readonly E[],
  role: string,
): { section: NavSection; entries: E[] }[] {
  const isAdmin = role === 'admin' || role === 'service';
  return NAV_SECTIONS.map((section) => ({
    section,
    entries: entries.filter((e) => e.section === section && (!e.adminOnly || isAdmin)),
  })).filter((group) => group.entries.length > 0);
}

/** `/system` is active on `/system` and `/system/...`, never on `/systems`. */
export function isActivePath(entryPath: string, location: string): boolean {
  return location === entryPath || location.startsWith(`${entryPath}/`);
}
