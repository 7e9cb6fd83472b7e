import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { NavEntry } from '../lib/nav.ts';

/** Keys of `nav.*` in the translations: a page's menu label. */
export type NavLabelKey =
  | 'nav.overview'
  | 'nav.leaderboard'
  | 'nav.profile'
  | 'nav.history'
  | 'nav.karmaSettings'
  | 'nav.stages'
  | 'nav.imports'
  | 'nav.system';

export interface PageDefinition extends NavEntry<NavLabelKey> {
  component: LazyExoticComponent<ComponentType>;
  /** The page routes its own sub-paths (`/stages/{id}`): it matches `path` and everything under it. */
  nest?: boolean;
}

/**
 * Every page in the menu, in menu order. Adding a page is one entry here plus its translations:
 * the menu, the route and the admin guard follow. Each page is its own chunk, loaded on first
 * visit, so the first page stays small.
 *
 * Still to come: nothing in the menu; the admin pages of issue 7 are all here.
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
    path: '/leaderboard',
    labelKey: 'nav.leaderboard',
    section: 'community',
    adminOnly: false,
    component: lazy(() => import('./leaderboard.tsx')),
  },
  {
    path: '/profile',
    labelKey: 'nav.profile',
    section: 'community',
    adminOnly: false,
    component: lazy(() => import('./profile.tsx')),
  },
  {
    path: '/history',
    labelKey: 'nav.history',
    section: 'admin',
    adminOnly: true,
    component: lazy(() => import('./history.tsx')),
  },
  {
    // One page with tabs (`?tab=levels`): rules, levels, role rewards, quests, achievements.
    path: '/settings/karma',
    labelKey: 'nav.karmaSettings',
    section: 'admin',
    adminOnly: true,
    component: lazy(() => import('./karma-settings.tsx')),
  },
  {
    path: '/stages',
    labelKey: 'nav.stages',
    section: 'admin',
    adminOnly: true,
    nest: true,
    component: lazy(() => import('./stages.tsx')),
  },
  {
    path: '/imports',
    labelKey: 'nav.imports',
    section: 'admin',
    adminOnly: true,
    component: lazy(() => import('./imports.tsx')),
  },
  {
    path: '/system',
    labelKey: 'nav.system',
    section: 'admin',
    adminOnly: true,
    component: lazy(() => import('./system.tsx')),
  },
];
