import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { NavEntry } from '../lib/nav.ts';

/** Keys of `nav.*` in the translations: a page's menu label. */
export type NavLabelKey = 'nav.overview' | 'nav.system';

export interface PageDefinition extends NavEntry<NavLabelKey> {
  component: LazyExoticComponent<ComponentType>;
}

/**
 * Every page in the menu, in menu order. Adding a page is one entry here plus its translations:
 * the menu, the route and the admin guard follow. Each page is its own chunk, loaded on first
 * visit, so the first page stays small.
 *
 * Round 2, as their APIs land: Leaderboard and My profile (section `community`), History
 * import, Karma rules and Stages (section `admin`, `adminOnly`).
 */
export const PAGES: readonly PageDefinition[] = [
  {
    path: '/overview',
    labelKey: 'nav.overview',
    section: 'community',
    adminOnly: false,
    component: lazy(() => import('./overview.tsx')),
  },
  {
    path: '/system',
    labelKey: 'nav.system',
    section: 'admin',
    adminOnly: true,
    component: lazy(() => import('./system.tsx')),
  },
];
