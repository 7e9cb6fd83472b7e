import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import '@fastify/cookie';
import { HttpError } from '../http/errors.ts';
import { isPublicRoute as listedPublic } from '../http/public-routes.ts';
import { type AuthContext, type Role, roleSatisfies, type TokenService } from './token.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role a route needs; routes without it are public. */
    auth?: Role;
  }
  interface FastifySchema {
    /** Set for every route from `config.auth`: the OpenAPI document tells who may call it. */
    'x-hearth-auth'?: Role | 'public';
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    /** Everything else the verified token carried (the dashboard session's profile and guild list). */
    authClaims: Record<string, unknown> | null;
  }
}

/** The dashboard's session: the same JWT, in an httpOnly cookie instead of a header. */
export const SESSION_COOKIE = 'hearth_session';

function cookieToken(request: FastifyRequest): string | undefined {
  return request.cookies?.[SESSION_COOKIE];
}

/**
 * The request's token. Another scheme in the header (Basic auth of a proxy or a monitor in front of
 * Hearth) is not Hearth's business on a public route, which then answers as without a token; a route
 * that needs a token refuses it.
 */
function bearer(request: FastifyRequest, needed: Role | undefined): string | undefined {
  const header = request.headers.authorization;
  if (!header) return cookieToken(request);
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match) return match[1];
  if (!needed) return cookieToken(request);
  throw new HttpError('UNAUTHENTICATED', 'authorization header must be "Bearer <token>"');
}

/** The role a route needs, as the OpenAPI document shows it (`x-hearth-auth`). */
export type RouteAccess = Role | 'public';

/**
 * Routes declare `config: { auth: 'admin' }`; this checks the token before the handler runs.
 * A token on a public route is still read, so handlers can personalise answers.
 */
export const authPlugin = fp(
  async (
    app: FastifyInstance,
    options: {
      tokens: TokenService;
      /** Which routes may answer without a token; the list in public-routes.ts unless a test's own app says. */
      isPublicRoute?: (method: string, url: string) => boolean;
    },
  ) => {
    const isPublicRoute = options.isPublicRoute ?? listedPublic;
    app.decorateRequest('auth', null);
    app.decorateRequest('authClaims', null);
    app.addHook('onRoute', (route) => {
      const needed = route.config?.auth;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (needed === undefined) {
        const unlisted = methods.find((method) => !isPublicRoute(method, route.url));
        if (unlisted !== undefined) {
          throw new Error(
            `route ${unlisted} ${route.url} declares no config.auth and is not listed in platform/http/public-routes.ts: give it a role or list it as public`,
          );
        }
      }
      if (route.schema) {
        const access: RouteAccess = needed ?? 'public';
        route.schema = { ...route.schema, 'x-hearth-auth': access };
      }
    });
    const authenticate = async (request: FastifyRequest, token: string, needed: Role | undefined) => {
      const result = await options.tokens.verify(token);
      if (!result.ok) {
        if (needed) throw new HttpError('UNAUTHENTICATED', result.reason);
        return;
      }
      request.auth = result.auth;
      request.authClaims = result.claims;
      if (needed && !roleSatisfies(result.auth.role, needed)) {
        throw new HttpError('FORBIDDEN', `this route needs the ${needed} role`);
      }
    };
    // A callback hook, so that a request without a token (a heartbeat: its session id is its
    // credential) passes without a promise.
    app.addHook('onRequest', (request, _reply, done) => {
      let token: string | undefined;
      let needed: Role | undefined;
      try {
        needed = request.routeOptions.config.auth;
        token = bearer(request, needed);
      } catch (error) {
        done(error as Error);
        return;
      }
      if (!token) {
        done(needed ? new HttpError('UNAUTHENTICATED', 'this route needs a Bearer token') : undefined);
        return;
      }
      authenticate(request, token, needed).then(() => done(), done);
    });
  },
  { name: 'hearth-auth' },
);

/** The guild a request acts on: `?guild_id=` when the token may use it, else the token's only guild. */
export function guildOf(request: FastifyRequest, explicit: string | undefined): string {
  const auth = request.auth;
  if (!auth) throw new HttpError('UNAUTHENTICATED', 'this route needs a Bearer token');
  if (explicit !== undefined) {
    if (auth.role !== 'service' && !auth.guildIds.includes(explicit)) {
      throw new HttpError('FORBIDDEN', `the token does not grant access to guild ${explicit}`);
    }
    return explicit;
  }
  const [only, ...rest] = auth.guildIds;
  if (only === undefined) throw new HttpError('VALIDATION_FAILED', 'guild_id is required', 'guild_id');
  if (rest.length > 0) {
    throw new HttpError(
      'VALIDATION_FAILED',
      'guild_id is required when the token covers several guilds',
      'guild_id',
    );
  }
  return only;
}
