import { randomBytes } from 'node:crypto';
import type { SimState } from './state.ts';
import type { SimBot } from './types.ts';

export interface OAuthGrant {
  accessToken: string;
  refreshToken: string;
  userId: string;
  applicationId: string;
  scopes: string[];
  expiresAt: number;
}

interface PendingCode {
  code: string;
  userId: string;
  applicationId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
}

export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;

  constructor(status: number, error: string, description: string) {
    super(description);
    this.status = status;
    this.error = error;
  }

  body(): Record<string, string> {
    return { error: this.error, error_description: this.message };
  }
}

const CODE_LIFETIME_MS = 10 * 60 * 1000;
const TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/**
 * OAuth2 authorization-code flow for a dashboard: the authorize step approves at once as a chosen
 * simulated user, so browser tests can log in without a consent screen.
 */
export class OAuthService {
  readonly #state: SimState;
  readonly #codes = new Map<string, PendingCode>();
  readonly #access = new Map<string, OAuthGrant>();
  readonly #refresh = new Map<string, OAuthGrant>();
  readonly #defaultUserId: () => string | undefined;

  constructor(state: SimState, defaultUserId: () => string | undefined) {
    this.#state = state;
    this.#defaultUserId = defaultUserId;
  }

  #app(clientId: string | undefined): SimBot {
    const bot = clientId ? this.#state.botByApplication(clientId) : undefined;
    if (!bot) throw new OAuthError(400, 'invalid_client', 'Unknown client_id');
    return bot;
  }

  /** Returns the URL to redirect the browser to. */
  authorize(params: URLSearchParams): string {
    if (params.get('response_type') !== null && params.get('response_type') !== 'code') {
      throw new OAuthError(400, 'unsupported_response_type', 'Only response_type=code is supported');
    }
    const bot = this.#app(params.get('client_id') ?? undefined);
    const redirectUri = params.get('redirect_uri');
    if (!redirectUri) throw new OAuthError(400, 'invalid_request', 'redirect_uri is required');
    let target: URL;
    try {
      target = new URL(redirectUri);
    } catch {
      throw new OAuthError(400, 'invalid_request', 'redirect_uri is not a URL');
    }
    const userId = params.get('login_as') ?? this.#defaultUserId();
    if (!userId || !this.#state.users.has(userId) || this.#state.users.get(userId)?.bot) {
      throw new OAuthError(400, 'invalid_request', 'login_as must name a simulated (non-bot) user');
    }
    const code = randomBytes(15).toString('base64url');
    this.#codes.set(code, {
      code,
      userId,
      applicationId: bot.applicationId,
      redirectUri,
      scopes: (params.get('scope') ?? 'identify').split(/[\s+]+/).filter(Boolean),
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    target.searchParams.set('code', code);
    const state = params.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return target.toString();
  }

  #issue(userId: string, applicationId: string, scopes: string[]): OAuthGrant {
    const grant: OAuthGrant = {
      accessToken: randomBytes(20).toString('base64url'),
      refreshToken: randomBytes(20).toString('base64url'),
      userId,
      applicationId,
      scopes,
      expiresAt: Date.now() + TOKEN_LIFETIME_MS,
    };
    this.#access.set(grant.accessToken, grant);
    this.#refresh.set(grant.refreshToken, grant);
    return grant;
  }

  /** POST /oauth2/token for `authorization_code` and `refresh_token` grants. */
  token(
    form: Record<string, string>,
    basicAuth: { id: string; secret: string } | null,
  ): Record<string, unknown> {
    const clientId = basicAuth?.id ?? form.client_id;
    const secret = basicAuth?.secret ?? form.client_secret;
    const bot = this.#app(clientId);
    if (secret !== bot.clientSecret) throw new OAuthError(401, 'invalid_client', 'Invalid client_secret');
    let grant: OAuthGrant;
    if (form.grant_type === 'authorization_code') {
      const pending = form.code ? this.#codes.get(form.code) : undefined;
      if (form.code) this.#codes.delete(form.code);
      if (!pending || pending.expiresAt < Date.now() || pending.applicationId !== bot.applicationId) {
        throw new OAuthError(400, 'invalid_grant', 'Invalid "code" in request.');
      }
      if (form.redirect_uri !== pending.redirectUri) {
        throw new OAuthError(400, 'invalid_grant', 'Invalid "redirect_uri" in request.');
      }
      grant = this.#issue(pending.userId, bot.applicationId, pending.scopes);
    } else if (form.grant_type === 'refresh_token') {
      const old = form.refresh_token ? this.#refresh.get(form.refresh_token) : undefined;
      if (!old || old.applicationId !== bot.applicationId)
        throw new OAuthError(400, 'invalid_grant', 'Invalid "refresh_token" in request.');
      this.#refresh.delete(old.refreshToken);
      this.#access.delete(old.accessToken);
      grant = this.#issue(old.userId, bot.applicationId, old.scopes);
    } else {
      throw new OAuthError(400, 'unsupported_grant_type', 'Unsupported grant type');
    }
    return {
      access_token: grant.accessToken,
      token_type: 'Bearer',
      expires_in: Math.floor(TOKEN_LIFETIME_MS / 1000),
      refresh_token: grant.refreshToken,
      scope: grant.scopes.join(' '),
    };
  }

  revoke(token: string): void {
    const grant = this.#access.get(token) ?? this.#refresh.get(token);
    if (!grant) return;
    this.#access.delete(grant.accessToken);
    this.#refresh.delete(grant.refreshToken);
  }

  grantFor(accessToken: string): OAuthGrant | undefined {
    const grant = this.#access.get(accessToken);
    return grant && grant.expiresAt > Date.now() ? grant : undefined;
  }
}
