import type { OAuthGuild } from './domain.ts';

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Discord's REST base up to `/api` (the simulator's in demo mode). */
  apiUrl: string;
  /** Absolute URL of GET /auth/callback as Discord must redirect to it. */
  redirectUri: string;
}

export interface DiscordUser {
  id: string;
  username: string;
  global_name?: string | null;
  avatar: string | null;
}

export class OAuthFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OAuthFailure';
  }
}

/** Discord's authorize page lives on the site, not under /api. */
export function authorizeUrl(config: OAuthConfig, state: string): string {
  const url = new URL('/oauth2/authorize', new URL(config.apiUrl).origin);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('scope', 'identify guilds');
  url.searchParams.set('redirect_uri', config.redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('prompt', 'none');
  return url.toString();
}

const api = (config: OAuthConfig, path: string) => `${config.apiUrl.replace(/\/$/, '')}/v10${path}`;

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new OAuthFailure(`Discord refused the ${what} (${response.status}): ${text.slice(0, 200)}`);
  }
  return (await response.json()) as T;
}

/** The authorization-code exchange, then who the user is and which guilds they are in. */
export async function completeSignIn(
  config: OAuthConfig,
  code: string,
): Promise<{ user: DiscordUser; guilds: OAuthGuild[] }> {
  const token = await json<{ access_token: string; token_type: string }>(
    await fetch(api(config, '/oauth2/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: config.clientId,
        client_secret: config.clientSecret,
        grant_type: 'authorization_code',
        code,
        redirect_uri: config.redirectUri,
      }),
      signal: AbortSignal.timeout(10_000),
    }),
    'code exchange',
  );
  const headers = { authorization: `Bearer ${token.access_token}` };
  const [user, guilds] = await Promise.all([
    fetch(api(config, '/users/@me'), { headers, signal: AbortSignal.timeout(10_000) }).then((r) =>
      json<DiscordUser>(r, 'user lookup'),
    ),
    fetch(api(config, '/users/@me/guilds'), { headers, signal: AbortSignal.timeout(10_000) }).then((r) =>
      json<OAuthGuild[]>(r, 'guild list'),
    ),
  ]);
  return { user, guilds };
}
