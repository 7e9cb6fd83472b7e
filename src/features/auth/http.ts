import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../../platform/auth/plugin.ts';
import { ROLES, type TokenService } from '../../platform/auth/token.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { allRequired } from '../../platform/http/schema.ts';
import { snowflake } from '../../platform/http/schemas.ts';
import { type GuildChoice, guildChoices, safeRedirect } from './domain.ts';
import type { SignInGuilds } from './guilds.ts';
import { authorizeUrl, completeSignIn, type OAuthConfig, OAuthFailure } from './oauth.ts';

const STATE_COOKIE = 'hearth_oauth';
const SESSION_TTL_SECONDS = 7 * 86_400;

export interface AuthRoutesDeps {
  guilds: SignInGuilds;
  tokens: TokenService;
  /** Resolved at request time: in demo mode the simulator's application is known only after start. */
  oauth: () => OAuthConfig | undefined;
  listedAdmins: readonly string[];
  /** Cookies get `Secure` when Hearth is served over https. */
  secureCookies: boolean;
}

interface SessionClaims {
  name?: unknown;
  avatar?: unknown;
  choices?: unknown;
}

/** The signed-in user as the session cookie recorded them at sign-in. */
function sessionUser(
  userId: string,
  claims: SessionClaims | null,
): { id: string; name: string; avatar: string | null } {
  return {
    id: userId,
    name: typeof claims?.name === 'string' ? claims.name : userId,
    avatar: typeof claims?.avatar === 'string' ? claims.avatar : null,
  };
}

function choicesOf(claims: SessionClaims | null): GuildChoice[] {
  return Array.isArray(claims?.choices) ? (claims.choices as GuildChoice[]) : [];
}

/**
 * Sign-in with Discord (OAuth2 authorization code flow) for the dashboard. The session is the
 * API's own JWT in an httpOnly SameSite=Lax cookie, scoped to one guild at a time with the role the
 * user has there; switching guilds reissues it.
 */
export function authRoutes(deps: AuthRoutesDeps): FastifyPluginAsync {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies };

  async function issue(
    reply: FastifyReply,
    user: { id: string; name: string; avatar: string | null },
    choices: GuildChoice[],
    guild: GuildChoice | undefined,
  ) {
    const token = await deps.tokens.sign(
      { userId: user.id, guildIds: guild ? [guild.id] : [], role: guild?.admin ? 'admin' : 'member' },
      SESSION_TTL_SECONDS,
      { name: user.name, avatar: user.avatar, choices },
    );
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: SESSION_TTL_SECONDS });
  }

  return async (app) => {
    app.get<{ Querystring: { redirect?: string } }>(
      '/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Start signing in with Discord (redirects to Discord)',
          querystring: { type: 'object', properties: { redirect: { type: 'string', maxLength: 500 } } },
        },
      },
      async (request, reply) => {
        const oauth = deps.oauth();
        if (!oauth) {
          throw new HttpError(
            'UNAVAILABLE',
            'sign-in with Discord is not configured: set DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET',
          );
        }
        const state = randomBytes(18).toString('base64url');
        const redirect = safeRedirect(request.query.redirect);
        reply.setCookie(STATE_COOKIE, `${state}.${Buffer.from(redirect).toString('base64url')}`, {
          ...cookieOptions,
          path: '/auth',
          maxAge: 600,
        });
        return reply.redirect(authorizeUrl(oauth, state), 302);
      },
    );

    app.get<{ Querystring: { code?: string; state?: string; error?: string } }>(
      '/auth/callback',
      {
        schema: {
          tags: ['auth'],
          summary: 'Where Discord sends the browser back after sign-in',
          querystring: {
            type: 'object',
            properties: {
              code: { type: 'string', maxLength: 500 },
              state: { type: 'string', maxLength: 500 },
              error: { type: 'string', maxLength: 500 },
            },
          },
        },
      },
      async (request, reply) => {
        const oauth = deps.oauth();
        if (!oauth) throw new HttpError('UNAVAILABLE', 'sign-in with Discord is not configured');
        const [expected, encodedRedirect] = (request.cookies[STATE_COOKIE] ?? '').split('.');
        reply.clearCookie(STATE_COOKIE, { ...cookieOptions, path: '/auth' });
        if (request.query.error)
          return reply.redirect(`/signin?error=${encodeURIComponent(request.query.error)}`, 302);
        if (!request.query.state || !expected || request.query.state !== expected) {
          throw new HttpError(
            'BAD_REQUEST',
            'sign-in state does not match: start again from /auth/login',
            'state',
          );
        }
        if (!request.query.code)
          throw new HttpError('VALIDATION_FAILED', 'querystring code is required', 'code');
        let signedIn: Awaited<ReturnType<typeof completeSignIn>>;
        try {
          signedIn = await completeSignIn(oauth, request.query.code);
        } catch (error) {
          if (error instanceof OAuthFailure) {
            request.log.warn({ err: error }, 'Discord sign-in failed');
            return reply.redirect('/signin?error=discord', 302);
          }
          throw error;
        }
        const choices = guildChoices(
          signedIn.guilds,
          new Set(await deps.guilds.availableIds()),
          signedIn.user.id,
          deps.listedAdmins,
        );
        const user = {
          id: signedIn.user.id,
          name: signedIn.user.global_name ?? signedIn.user.username,
          avatar: signedIn.user.avatar,
        };
        await issue(
          reply,
          user,
          choices,
          choices.length === 1 ? choices[0] : (choices.find((c) => c.admin) ?? choices[0]),
        );
        const redirect = safeRedirect(
          encodedRedirect ? Buffer.from(encodedRedirect, 'base64url').toString() : '/',
        );
        return reply.redirect(redirect, 302);
      },
    );

    app.get(
      '/auth/me',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['auth'],
          summary: 'Who is signed in, their guilds and the one the session acts on',
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                user: allRequired({
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    name: { type: 'string' },
                    avatar: { type: ['string', 'null'] },
                  },
                }),
                guildId: { type: ['string', 'null'] },
                role: { type: 'string', enum: ROLES },
                guilds: {
                  type: 'array',
                  items: allRequired({
                    type: 'object',
                    properties: {
                      id: { type: 'string' },
                      name: { type: 'string' },
                      icon: { type: ['string', 'null'] },
                      admin: { type: 'boolean' },
                    },
                  }),
                },
              },
            }),
          },
        },
      },
      async (request) => {
        const auth = request.auth;
        if (!auth) throw new HttpError('UNAUTHENTICATED', 'not signed in');
        const claims = request.authClaims as SessionClaims | null;
        return {
          user: sessionUser(auth.userId, claims),
          guildId: auth.guildIds[0] ?? null,
          role: auth.role,
          guilds: choicesOf(claims),
        };
      },
    );

    app.post<{ Body: { guild_id: string } }>(
      '/auth/guild',
      {
        config: { auth: 'member' },
        schema: {
          tags: ['auth'],
          summary: 'Switch the session to another of your guilds',
          body: {
            type: 'object',
            required: ['guild_id'],
            additionalProperties: false,
            properties: { guild_id: snowflake },
          },
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                guildId: { type: 'string' },
                role: { type: 'string', enum: ['member', 'admin'] },
              },
            }),
          },
        },
      },
      async (request, reply) => {
        const auth = request.auth;
        if (!auth) throw new HttpError('UNAUTHENTICATED', 'not signed in');
        const claims = request.authClaims as SessionClaims | null;
        const choices = choicesOf(claims);
        const guild = choices.find((c) => c.id === request.body.guild_id);
        if (!guild)
          throw new HttpError('FORBIDDEN', 'you are not a member of that guild, or Hearth is not in it');
        await issue(reply, sessionUser(auth.userId, claims), choices, guild);
        return { guildId: guild.id, role: guild.admin ? 'admin' : 'member' };
      },
    );

    app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (_request, reply) => {
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send();
    });
  };
}
