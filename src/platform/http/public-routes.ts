/**
 * Every route that answers without a token, and why. A route is public only when it is listed here:
 * one that declares no `config.auth` and is missing from this list stops the app from starting
 * (auth/plugin.ts), so a new route cannot become public by accident. HEAD follows GET.
 */
export const PUBLIC_ROUTES: Readonly<Record<string, string>> = {
  'GET /health': 'liveness, for supervisors and load balancers',
  'GET /ready': 'readiness, for supervisors and load balancers',
  'GET /metrics': 'Prometheus scrapes',
  'GET /auth/login': 'sign-in starts without a session',
  'GET /auth/callback': 'Discord sends the browser back here; the state cookie is checked',
  'POST /auth/logout': 'clears the session cookie, whoever holds it',
  'GET /assets/*': "the dashboard's static files",
  'GET /*': "the dashboard's pages (the app signs in itself)",
  'GET /api/v1/levels/leaderboard': 'public when the guild allows it; the handler asks a token otherwise',
  'POST /api/v1/stages/:stageId/viewers/join':
    'anonymous web players join stages that allow it; the handler asks a token otherwise',
  'POST /api/v1/stages/:stageId/viewers/heartbeat': "the session id is the viewer's credential",
  'POST /api/v1/stages/:stageId/viewers/leave': "the session id is the viewer's credential",
  'POST /api/v1/viewer/rejoin': 'as join, for the seed players’ paths',
  'POST /api/v1/viewer/heartbeat': "the session id is the viewer's credential",
  'POST /api/v1/viewer/leave': "the session id is the viewer's credential",
  'GET /api/v1/stages/:stageId/viewers/count': 'public for stages open to anonymous viewers',
  'GET /api/v1/stages/:stageId/viewers/stream': 'public for stages open to anonymous viewers',
};

/** Swagger UI and the OpenAPI document (`/docs`, `/docs/json`, ...) are public as a whole. */
const PUBLIC_PREFIX = '/docs';

export function isPublicRoute(method: string, url: string): boolean {
  if (url === PUBLIC_PREFIX || url.startsWith(`${PUBLIC_PREFIX}/`)) return true;
  const asGet = method === 'HEAD' ? 'GET' : method;
  return Object.hasOwn(PUBLIC_ROUTES, `${asGet} ${url}`);
}
