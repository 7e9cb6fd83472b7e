import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { navigate } from 'wouter/use-browser-location';
import { Skeleton } from './components/skeleton.tsx';
import { RequireSession, useSession } from './layout/session.tsx';
import { Shell } from './layout/shell.tsx';
import { homePath, signInPath } from './lib/paths.ts';
import GuildsPage from './pages/guilds.tsx';
import NotFoundPage from './pages/not-found.tsx';
import { PAGES } from './pages/registry.ts';
import SignInPage from './pages/signin.tsx';
import { createQueryClient } from './query-client.ts';

/** What a lazy page shows while its chunk loads: the heading's and a panel's space, nothing more. */
function PageSkeleton() {
  return (
    <div className="page-skeleton" aria-busy="true">
      <Skeleton height="2.25rem" width="12rem" />
      <Skeleton height="16rem" />
    </div>
  );
}

function Home() {
  const { me } = useSession();
  return <Redirect to={homePath(me)} replace />;
}

function SignedInRoutes() {
  return (
    <RequireSession loading={<div className="boot" aria-busy="true" />}>
      <Shell>
        <Suspense fallback={<PageSkeleton />}>
          <Switch>
            <Route path="/" component={Home} />
            <Route path="/guilds" component={GuildsPage} />
            {PAGES.map((page) => (
              <Route key={page.path} path={page.path} nest={page.nest ?? false} component={page.component} />
            ))}
            <Route component={NotFoundPage} />
          </Switch>
        </Suspense>
      </Shell>
    </RequireSession>
  );
}

export function App() {
  const [client] = useState(() =>
    createQueryClient(() => {
      client.clear();
      const here = `${window.location.pathname}${window.location.search}`;
      if (!window.location.pathname.startsWith('/signin'))
        navigate(signInPath(here, 'expired'), { replace: true });
    }),
  );
  return (
    <QueryClientProvider client={client}>
      <Switch>
        <Route path="/signin" component={SignInPage} />
        <Route>
          <SignedInRoutes />
        </Route>
      </Switch>
    </QueryClientProvider>
  );
}
