/**
 * The presence API on a real port, for the tests of its Server-Sent Events streams (imported by
 * *.test.ts only): `inject` waits for a whole answer, and a stream never ends by itself.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { presenceRoutes } from '../../src/features/presence/http.ts';
import { createPresenceService } from '../../src/features/presence/service.ts';
import { type Clock, fakeClock } from '../../src/features/presence/test-kit.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { openPglite } from '../../src/platform/db/pglite.ts';
import type { Db } from '../../src/platform/db/port.ts';
import { createMemoryHotStore, type MemoryHotStore } from '../../src/platform/hot/memory.ts';
import { presenceDirectory } from '../../src/roles/feature-services.ts';
import { buildTestApp, type TestApp } from './app.ts';

export interface ServedPresence {
  db: Db;
  hot: MemoryHotStore;
  clock: Clock;
  t: TestApp;
  /** `http://127.0.0.1:{port}/api/v1` */
  base: string;
  /** Streams open, as the routes last reported. */
  open: number;
}

/**
 * Call in a `describe`: one migrated database for it, and before each test a new clock, hot store
 * and app listening on a free port (streams pushing every 50 ms). The fields are read in tests.
 */
export function servePresence(): ServedPresence {
  const served = { open: 0 } as ServedPresence;
  beforeAll(async () => {
    served.db = await openPglite();
    await migrate(served.db);
  });
  afterAll(async () => {
    await served.db?.close();
  });
  afterEach(async () => {
    await served.t?.app.close();
    await served.hot?.close();
  });
  beforeEach(async () => {
    served.clock = fakeClock();
    served.hot = createMemoryHotStore({ now: served.clock.now, sweepIntervalMs: 0 });
    served.t = await buildTestApp({
      apiPlugins: [
        presenceRoutes({
          service: createPresenceService({
            db: served.db,
            hot: served.hot,
            now: served.clock.now,
            directory: presenceDirectory,
          }),
          streamIntervalMs: 50,
          onStreamsChange: (n) => {
            served.open = n;
          },
        }),
      ],
    });
    await served.t.app.listen({ port: 0, host: '127.0.0.1' });
    served.base = `http://127.0.0.1:${(served.t.app.server.address() as AddressInfo).port}/api/v1`;
  });
  return served;
}

/** Waits up to two seconds for `condition`, then expects it. */
export async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
