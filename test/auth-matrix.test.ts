import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteDb } from '../src/platform/db/pglite.ts';
import { createMemoryHotStore, type MemoryHotStore } from '../src/platform/hot/memory.ts';
import { PUBLIC_ROUTES } from '../src/platform/http/public-routes.ts';
import { apiDocument } from '../src/roles/openapi.ts';
import { type ApiTestApp, buildApiTestApp, type Callers, SEED } from './support/api-app.ts';
import { openTestPglite } from './support/databases.ts';
import {
  describeOperation,
  expectErrorShape,
  type Operation,
  operationsOf,
  parseJson,
  seededRequest,
} from './support/operations.ts';

/**
 * Every operation of the OpenAPI document × every kind of caller: no token, a garbage one, a forged
 * one, an expired one, a member, a member and an admin of another guild, an admin, a service. What
 * each route needs comes from the document (`x-hearth-auth`, set from the route's `config.auth`), and
 * a route is public only when platform/http/public-routes.ts lists it.
 */

type Caller = 'anonymous' | 'garbage' | keyof Callers;
const BAD_TOKENS: Caller[] = ['garbage', 'forged', 'expired'];
const OUTSIDERS: Caller[] = ['otherMember', 'otherAdmin'];
const CALLERS: Caller[] = ['anonymous', ...BAD_TOKENS, ...OUTSIDERS, 'member', 'admin', 'service'];

interface Answer {
  status: number;
  body: unknown;
  text: string;
}

describe('who may call every route (auth matrix)', () => {
  let db: PgliteDb;
  let hot: MemoryHotStore;
  let t: ApiTestApp;
  let operations: Operation[];
  const answers = new Map<string, Map<Caller, Answer>>();

  function headersOf(caller: Caller): Record<string, string> {
    if (caller === 'anonymous') return {};
    if (caller === 'garbage') return { authorization: 'Bearer not.a.token' };
    return { authorization: `Bearer ${t.callers[caller]}` };
  }

  beforeAll(async () => {
    operations = operationsOf(await apiDocument());
    db = await openTestPglite();
    hot = createMemoryHotStore({ sweepIntervalMs: 0 });
    t = await buildApiTestApp({ db, hot });
    for (const operation of operations) {
      const byCaller = new Map<Caller, Answer>();
      answers.set(describeOperation(operation), byCaller);
      for (const caller of CALLERS) {
        const request = seededRequest(operation, t.ids);
        const res = await t.app.inject({
          method: request.method as 'GET',
          url: request.url,
          headers: {
            ...headersOf(caller),
            ...(request.contentType ? { 'content-type': request.contentType } : {}),
          },
          ...(request.payload !== undefined ? { payload: request.payload } : {}),
        });
        byCaller.set(caller, { status: res.statusCode, body: parseJson(res.body), text: res.body });
      }
    }
  });
  afterAll(async () => {
    await t?.close();
    await hot?.close();
    await db?.close();
  });

  it('covers every operation of the document, each with the role its route declares', () => {
    expect(operations.length).toBeGreaterThanOrEqual(60);
    for (const operation of operations) {
      const key = `${operation.method} ${operation.path.replace(/\{([^}]+)\}/g, ':$1')}`;
      expect(operation.access === 'public', key).toBe(Object.hasOwn(PUBLIC_ROUTES, key));
    }
  });

  it('refuses a missing, garbage, forged or expired token with 401 on every route that needs one', () => {
    for (const operation of operations.filter((o) => o.access !== 'public')) {
      for (const caller of ['anonymous', ...BAD_TOKENS] as Caller[]) {
        const answer = answers.get(describeOperation(operation))?.get(caller);
        const context = `${describeOperation(operation)} as ${caller}`;
        expect(answer?.status, context).toBe(401);
        if (!operation.stream) expectErrorShape(401, answer?.body, context);
      }
    }
  });

  it('gives a bad token on a public route no more than no token: the same answer, or a 401', () => {
    for (const operation of operations.filter((o) => o.access === 'public')) {
      const byCaller = answers.get(describeOperation(operation));
      for (const caller of BAD_TOKENS) {
        expect(
          [byCaller?.get('anonymous')?.status, 401],
          `${describeOperation(operation)} as ${caller}`,
        ).toContain(byCaller?.get(caller)?.status);
      }
    }
  });

  it('lets members and above through member routes, and only admins and services through admin routes', () => {
    for (const operation of operations.filter((o) => o.access === 'member' || o.access === 'admin')) {
      const byCaller = answers.get(describeOperation(operation));
      for (const caller of ['admin', 'service'] as Caller[]) {
        expect([401, 403], `${describeOperation(operation)} as ${caller}`).not.toContain(
          byCaller?.get(caller)?.status,
        );
      }
      const member = byCaller?.get('member')?.status;
      if (operation.access === 'admin') expect(member, `${describeOperation(operation)} as member`).toBe(403);
      else expect([401, 403], `${describeOperation(operation)} as member`).not.toContain(member);
    }
  });

  it("never shows another guild's callers anything of the guild, and refuses them where the guild is named", () => {
    for (const operation of operations) {
      const names = operation.parameters.some((p) => p.name === 'guildId' || p.name === 'guild_id');
      for (const caller of OUTSIDERS) {
        const answer = answers.get(describeOperation(operation))?.get(caller);
        const context = `${describeOperation(operation)} as ${caller}`;
        if (names && operation.access !== 'public') expect(answer?.status, context).toBe(403);
        // Public routes serve what the guild made public (its leaderboard) to anyone.
        if (answer && answer.status < 300 && operation.access !== 'public') {
          expect(answer.text, context).not.toContain(SEED.guild);
          expect(answer.text, context).not.toContain('fuzz-stage');
        }
      }
    }
  });

  it('never answers 5xx to any caller', () => {
    for (const [operation, byCaller] of answers) {
      for (const [caller, answer] of byCaller)
        expect(answer.status, `${operation} as ${caller}`).toBeLessThan(500);
    }
  });
});
