import { DiscordAPIError } from '@discordjs/rest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbBackends } from '../../../test/support/databases.ts';
import {
  ALICE,
  BOB,
  CH,
  G,
  memberOf,
  message,
  setSettings,
  snapshot,
} from '../../../test/support/rewards-fixtures.ts';
import { createHarness, type Harness } from '../../../test/support/rewards-harness.ts';
import type { REST } from '../../platform/discord/rest.ts';
import { silentLogger } from '../../platform/logger.ts';
import type { JobDefinition, Queue } from '../../platform/queue/index.ts';
import { LEVEL_DISPATCH_QUEUE } from '../rewards/context.ts';
import { LEVELS_RECOMPUTE_QUEUE } from '../rewards/settings-service.ts';
import { levelJobs } from './jobs.ts';
import {
  LEVEL_ANNOUNCE_QUEUE,
  type LevelAnnounceJob,
  ROLE_REWARD_QUEUE,
  renderTemplate,
} from './level-dispatch.ts';

/** A REST stand-in recording calls; `fail` makes the next call throw. */
function recordingRest() {
  const calls: { method: string; route: string; body?: unknown }[] = [];
  let fail: Error | null = null;
  const call = (method: string) => async (route: string, options?: { body?: unknown }) => {
    if (fail) {
      const error = fail;
      fail = null;
      throw error;
    }
    calls.push({ method, route, ...(options?.body === undefined ? {} : { body: options.body }) });
    return method === 'post' && route === '/users/@me/channels' ? { id: '555000000000000001' } : {};
  };
  const rest = { put: call('put'), delete: call('delete'), post: call('post') } as unknown as REST;
  return {
    rest,
    calls,
    failNext(error: Error) {
      fail = error;
    },
  };
}

function discordError(code: number): DiscordAPIError {
  return new DiscordAPIError({ code, message: 'refused' }, code, 403, 'PUT', '/x', {
    body: undefined,
    files: undefined,
  });
}

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`karma jobs on ${backend.name}`, () => {
    let h: Harness;
    let sent: { name: string; data: object }[];
    let rest: ReturnType<typeof recordingRest>;
    let jobs: Map<string, JobDefinition>;

    beforeAll(async () => {
      h = await createHarness(await backend.create());
    });
    afterAll(async () => {
      await h?.close();
      await h?.t.dispose();
    });
    beforeEach(async () => {
      await h.reset();
      sent = [];
      rest = recordingRest();
      const queue = {
        send: async (name: string, data: object) => {
          sent.push({ name, data });
          return 'job-id';
        },
      } as unknown as Queue;
      jobs = new Map(
        levelJobs({ context: h.context, queue, rest: rest.rest, logger: silentLogger }).map((j) => [
          j.name,
          j,
        ]),
      );
    });

    const run = async (name: string, data: object = {}) => {
      const job = jobs.get(name);
      if (!job) throw new Error(`no job ${name}`);
      await job.handler([{ id: '1', name, data } as never]);
    };

    it('dispatches a level-up once into role rewards and an announcement', async () => {
      await setSettings(h.t.db, {
        karma: { message: { min: 25, max: 25 } },
        levels: { curve: { kind: 'linear', step: 10 }, roleRewards: [{ level: 2, roleId: '951' }] },
        announcements: { mode: 'current_channel', template: '{user} is now level {level}, {title}' },
      });
      await h.run(snapshot([memberOf(ALICE)]));
      await h.run(message({ userId: ALICE }));
      await run(LEVEL_DISPATCH_QUEUE);
      expect(sent).toEqual([
        {
          name: ROLE_REWARD_QUEUE,
          data: { guildId: G, userId: ALICE, roleId: '951', action: 'add', level: 4 },
        },
        {
          name: LEVEL_ANNOUNCE_QUEUE,
          data: expect.objectContaining({
            channelId: CH,
            dm: false,
            level: 4,
            content: `<@${ALICE}> is now level 4, Newcomer`,
          }),
        },
      ]);
      await run(LEVEL_DISPATCH_QUEUE);
      expect(sent).toHaveLength(2);
      const { rows } = await h.t.db.query(
        'SELECT count(*)::int AS n FROM level_changes WHERE dispatched_at IS NULL',
      );
      expect(rows[0]).toEqual({ n: 0 });
    });

    it('keeps only the highest reward role in replace mode, resyncing against the roles held', async () => {
      await setSettings(h.t.db, {
        levels: {
          curve: { kind: 'linear', step: 10 },
          roleRewardMode: 'replace',
          roleRewards: [
            { level: 1, roleId: '961' },
            { level: 3, roleId: '963' },
          ],
        },
      });
      await h.run(snapshot([memberOf(BOB, { roleIds: ['961'] })]));
      await h.services.karma.adjust({ guildId: G, userId: BOB, delta: 35, reason: 'test', actorId: ALICE });
      await run(LEVEL_DISPATCH_QUEUE);
      expect(sent.map((s) => s.data)).toEqual([
        { guildId: G, userId: BOB, roleId: '963', action: 'add', level: 3 },
        { guildId: G, userId: BOB, roleId: '961', action: 'remove', level: 3 },
      ]);
    });

    it('applies role rewards through Discord REST and gives up on permanent refusals', async () => {
      await run(ROLE_REWARD_QUEUE, { guildId: G, userId: ALICE, roleId: '951', action: 'add', level: 2 });
      await run(ROLE_REWARD_QUEUE, { guildId: G, userId: ALICE, roleId: '952', action: 'remove', level: 2 });
      expect(rest.calls).toEqual([
        { method: 'put', route: `/guilds/${G}/members/${ALICE}/roles/951` },
        { method: 'delete', route: `/guilds/${G}/members/${ALICE}/roles/952` },
      ]);
      rest.failNext(discordError(50013));
      await expect(
        run(ROLE_REWARD_QUEUE, { guildId: G, userId: ALICE, roleId: '951', action: 'add', level: 2 }),
      ).resolves.toBeUndefined();
      rest.failNext(new Error('socket hang up'));
      await expect(
        run(ROLE_REWARD_QUEUE, { guildId: G, userId: ALICE, roleId: '951', action: 'add', level: 2 }),
      ).rejects.toThrow('socket hang up');
    });

    it('announces in a channel with a nonce, or by direct message', async () => {
      const job: LevelAnnounceJob = {
        guildId: G,
        userId: ALICE,
        level: 5,
        title: 'Newcomer',
        channelId: CH,
        dm: false,
        content: 'hi',
        nonce: 'lvl-7',
      };
      await run(LEVEL_ANNOUNCE_QUEUE, job);
      await run(LEVEL_ANNOUNCE_QUEUE, { ...job, channelId: null, dm: true });
      expect(rest.calls).toEqual([
        {
          method: 'post',
          route: `/channels/${CH}/messages`,
          body: { content: 'hi', allowed_mentions: { users: [ALICE] }, nonce: 'lvl-7', enforce_nonce: true },
        },
        { method: 'post', route: '/users/@me/channels', body: { recipient_id: ALICE } },
        expect.objectContaining({ route: '/channels/555000000000000001/messages' }),
      ]);
    });

    it('re-derives member levels after a curve change and records the changes', async () => {
      await h.run(snapshot([memberOf(ALICE)]));
      await h.services.karma.adjust({ guildId: G, userId: ALICE, delta: 500, reason: 'seed', actorId: BOB });
      await h.services.settings.update(
        G,
        { levels: { curve: { kind: 'linear', step: 100 }, roleRewards: [{ level: 5, roleId: '970' }] } },
        BOB,
      );
      await run(LEVELS_RECOMPUTE_QUEUE, { guildId: G });
      const { rows } = await h.t.db.query('SELECT current_level FROM user_karma WHERE user_id = $1', [ALICE]);
      expect(rows[0]).toEqual({ current_level: 5 });
      const changes = await h.t.db.query('SELECT from_level, to_level FROM level_changes ORDER BY id');
      expect(changes.rows.at(-1)).toEqual({ from_level: 3, to_level: 5 });
    });

    it('fills announcement templates', () => {
      expect(renderTemplate('{user} {level} {title} {other}', { user: 'u', level: '2', title: 't' })).toBe(
        'u 2 t {other}',
      );
    });
  });
}
