import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useSignOut } from '../api/queries.ts';
import { Avatar, userAvatarUrl } from '../components/avatar.tsx';
import { InlineError } from '../components/inline-error.tsx';
import { isActivePath, visibleNav } from '../lib/nav.ts';
import { PAGES } from '../pages/registry.ts';
import { GuildMenu } from './guild-menu.tsx';
import { LanguageSelect } from './language-select.tsx';
import { useSession } from './session.tsx';

function Navigation() {
  const { t } = useTranslation();
  const { me, guild } = useSession();
  const [location] = useLocation();
  // Guild pages need a guild; without one the picker is the only place to go.
  const groups = guild ? visibleNav(PAGES, me.role) : [];
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {groups.map((group) => (
        <div className="nav-group" key={group.section}>
          <h2 className="nav-heading" id={`nav-${group.section}`}>
            {t(group.section === 'admin' ? 'nav.admin' : 'nav.community')}
          </h2>
          <ul aria-labelledby={`nav-${group.section}`}>
            {group.entries.map((page) => (
              <li key={page.path}>
                <Link
                  href={page.path}
                  className="nav-link"
                  aria-current={isActivePath(page.path, location) ? 'page' : undefined}
                >
                  {t(page.labelKey)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {me.guilds.length > 1 ? (
        <div className="nav-group">
          <ul>
            <li>
              <Link
                href="/guilds"
                className="nav-link"
                aria-current={location === '/guilds' ? 'page' : undefined}
              >
                {t('nav.guilds')}
              </Link>
            </li>
          </ul>
        </div>
      ) : null}
    </nav>
  );
}

function UserBox() {
  const { t } = useTranslation();
  const { me } = useSession();
  const signOut = useSignOut();
  return (
    <div className="user-box">
      <Avatar name={me.user.name} src={userAvatarUrl(me.user.id, me.user.avatar)} size={28} />
      <span className="user-name" title={t('header.signedInAs', { name: me.user.name })}>
        {me.user.name}
      </span>
      <button
        type="button"
        className="button secondary small"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
      >
        {signOut.isPending ? t('header.signingOut') : t('header.signOut')}
      </button>
      {signOut.isError ? <InlineError error={signOut.error} title={t('errors.action.logout')} /> : null}
    </div>
  );
}

/** Header, menu and the page: every signed-in page lives in this frame. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { guild } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#page-title">
        {t('app.skipToContent')}
      </a>
      <header className="header">
        <Link href={guild ? '/overview' : '/guilds'} className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Hearth</span>
        </Link>
        <GuildMenu />
        <div className="header-tools">
          <LanguageSelect />
          <UserBox />
        </div>
      </header>
      <Navigation />
      <main className="main" id="main">
        {children}
      </main>
    </div>
  );
}
