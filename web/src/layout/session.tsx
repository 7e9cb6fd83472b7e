import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, useLocation, useSearch } from 'wouter';
import { isApiError } from '../api/client.ts';
import { useMe } from '../api/queries.ts';
import type { GuildChoice, Me } from '../api/types.ts';
import { ErrorPanel } from '../components/error-panel.tsx';
import { signInPath } from '../lib/paths.ts';

export interface Session {
  me: Me;
  /** The guild the session acts on, when the user has one. */
  guild: GuildChoice | undefined;
  isAdmin: boolean;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <RequireSession>');
  return session;
}

/**
 * Pages behind sign-in: without a session (401 from /auth/me) the browser goes to the sign-in
 * page, which brings it back here afterwards.
 */
export function RequireSession({ children, loading }: { children: ReactNode; loading: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const [location] = useLocation();
  const search = useSearch();
  if (me.isPending) return loading;
  if (me.isError) {
    if (isApiError(me.error) && me.error.status === 401) {
      return <Redirect to={signInPath(search ? `${location}?${search}` : location)} replace />;
    }
    return (
      <main className="centered">
        <ErrorPanel error={me.error} what={t('errors.what.me')} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  const guild = me.data.guilds.find((g) => g.id === me.data.guildId);
  const session: Session = {
    me: me.data,
    guild,
    isAdmin: me.data.role === 'admin' || me.data.role === 'service',
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
