/** Where the dashboard may send the browser after sign-in: a path on this site only. */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Never loop back into the sign-in page itself.
  if (next === '/signin' || next.startsWith('/signin?')) return '/';
  return next;
}

/** The sign-in page, remembering where the user was going and why they are there. */
export function signInPath(next: string, reason?: 'expired'): string {
  const params = new URLSearchParams();
  const target = safeNext(next);
  if (target !== '/') params.set('next', target);
  if (reason) params.set(reason, '1');
  const query = params.toString();
  return query ? `/signin?${query}` : '/signin';
}

/** The server route that starts Discord's OAuth2 flow and comes back to `next`. */
export function loginHref(next: string | null | undefined): string {
  return `/auth/login?redirect=${encodeURIComponent(safeNext(next))}`;
}

/**
 * Where `/` leads a signed-in user: the guild picker when there is a choice to make (several
 * guilds, or none chosen), else straight to the guild's overview.
 */
export function homePath(me: { guildId: string | null; guilds: readonly unknown[] }): string {
  return me.guildId === null || me.guilds.length !== 1 ? '/guilds' : '/overview';
}
