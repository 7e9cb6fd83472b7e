import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRecord } from '../json.ts';
import { OAuthError } from '../oauth.ts';
import { API_PREFIXES, type RestContext } from './context.ts';

function formOf(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(body)) for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

function basicAuth(request: FastifyRequest): { id: string; secret: string } | null {
  const header = request.headers.authorization ?? '';
  if (!header.toLowerCase().startsWith('basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString();
  const i = decoded.indexOf(':');
  return i === -1
    ? null
    : { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
}

function oauthFailure(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof OAuthError) return reply.code(error.status).send(error.body());
  throw error;
}

/**
 * OAuth2 for a dashboard. `/oauth2/authorize` is the browser page on discord.com; the simulator
 * approves at once as `login_as` (or the default user) and redirects with `code` and `state`.
 */
export function registerOAuthRoutes(app: FastifyInstance, ctx: RestContext): void {
  const authorize = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      const params = new URLSearchParams(request.url.split('?')[1] ?? '');
      return reply.redirect(ctx.oauth.authorize(params), 302);
    } catch (error) {
      return oauthFailure(reply, error);
    }
  };
  app.get('/oauth2/authorize', authorize);
  for (const prefix of API_PREFIXES) {
    app.get(`${prefix}/oauth2/authorize`, authorize);
    app.post(`${prefix}/oauth2/token`, async (request, reply) => {
      ctx.stats.requests += 1;
      try {
        return reply.send(ctx.oauth.token(formOf(request.body), basicAuth(request)));
      } catch (error) {
        return oauthFailure(reply, error);
      }
    });
    app.post(`${prefix}/oauth2/token/revoke`, async (request, reply) => {
      const token = formOf(request.body).token;
      if (token) ctx.oauth.revoke(token);
      return reply.send({});
    });
  }
}
