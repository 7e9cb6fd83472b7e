import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSimulator } from '../../../test/sim/helpers.ts';
import { buildTestApp, TEST_JWT_SECRET, type TestApp } from '../../../test/support/app.ts';
import { createTokenService } from '../../platform/auth/token.ts';
import type { Simulator } from '../../sim/index.ts';
import { authRoutes } from './http.ts';
import type { OAuthConfig } from './oauth.ts';

const REDIRECT_URI = 'http://hearth.test/auth/callback';

function cookieFrom(setCookie: string | string[] | undefined, name: string): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0]?.slice(name.length + 1);
}

describe('sign-in with Discord', () => {
  let sim: Simulator;
  let t: TestApp;
  let oauth: OAuthConfig | undefined;

  beforeAll(async () => {
    sim = await startTestSimulator();
    const guild = sim.community?.guild;
    if (!guild) throw new Error('no guild');
    oauth = {
      clientId: sim.bot.applicationId,
      clientSecret: sim.bot.clientSecret,
      apiUrl: sim.apiUrl,
      redirectUri: REDIRECT_URI,
    };
    const tokens = createTokenService(TEST_JWT_SECRET);
    t = await buildTestApp({
      rootPlugins: [
        authRoutes({
          guilds: { availableIds: async () => [guild.id] },
          tokens,
          oauth: () => oauth,
          listedAdmins: [],
          secureCookies: false,
        }),
      ],
    });
  });

  afterAll(async () => {
    await t?.app.close();
    await sim?.close();
  });

  async function signIn(loginAs: string, redirect = '/leaderboard') {
    const login = await t.app.inject({
      method: 'GET',
      url: `/auth/login?redirect=${encodeURIComponent(redirect)}`,
    });
    expect(login.statusCode).toBe(302);
    const stateCookie = cookieFrom(login.headers['set-cookie'], 'hearth_oauth');
    const authorize = new URL(String(login.headers.location));
    expect(authorize.origin).toBe(new URL(sim.url).origin);
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    authorize.searchParams.set('login_as', loginAs);
    const approved = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location') ?? '');
    const callback = await t.app.inject({
      method: 'GET',
      url: `/auth/callback${back.search}`,
      headers: { cookie: `hearth_oauth=${stateCookie}` },
    });
    return callback;
  }

  it('signs the owner in as an admin of the guild and sends them back where they were', async () => {
    const owner = sim.community?.ownerId ?? '';
    const callback = await signIn(owner);
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/leaderboard');
    const session = cookieFrom(callback.headers['set-cookie'], 'hearth_session');
    expect(session).toBeDefined();
    expect(String(callback.headers['set-cookie'])).toContain('HttpOnly');
    expect(String(callback.headers['set-cookie'])).toContain('SameSite=Lax');
    const me = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { cookie: `hearth_session=${session}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { id: owner },
      guildId: sim.community?.guild.id,
      role: 'admin',
      guilds: [{ id: sim.community?.guild.id, admin: true }],
    });
  });

  it('signs an ordinary member in as a member', async () => {
    const member = sim.community?.memberIds[5] ?? '';
    const callback = await signIn(member);
    const session = cookieFrom(callback.headers['set-cookie'], 'hearth_session');
    const me = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { cookie: `hearth_session=${session}` },
    });
    expect(me.json()).toMatchObject({ role: 'member', guilds: [{ admin: false }] });
  });

  it('refuses a callback whose state does not match', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/auth/callback?code=abc&state=forged',
      headers: { cookie: 'hearth_oauth=other.Lw' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'BAD_REQUEST', field: 'state' });
  });

  it('never redirects to another site after sign-in', async () => {
    const callback = await signIn(sim.community?.ownerId ?? '', 'https://evil.example/');
    expect(callback.headers.location).toBe('/');
  });

  it('switches guilds only to one the user is in', async () => {
    const callback = await signIn(sim.community?.ownerId ?? '');
    const session = cookieFrom(callback.headers['set-cookie'], 'hearth_session');
    const other = await t.app.inject({
      method: 'POST',
      url: '/auth/guild',
      headers: { cookie: `hearth_session=${session}` },
      payload: { guild_id: '123456789' },
    });
    expect(other.statusCode).toBe(403);
    const same = await t.app.inject({
      method: 'POST',
      url: '/auth/guild',
      headers: { cookie: `hearth_session=${session}` },
      payload: { guild_id: sim.community?.guild.id },
    });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toEqual({ guildId: sim.community?.guild.id, role: 'admin' });
  });

  it('signs out by clearing the cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/auth/logout' });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/hearth_session=;/);
  });

  it('says sign-in is not configured when there is no OAuth application', async () => {
    const saved = oauth;
    oauth = undefined;
    const res = await t.app.inject({ method: 'GET', url: '/auth/login' });
    oauth = saved;
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('DISCORD_CLIENT_ID');
  });
});
