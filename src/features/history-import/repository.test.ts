import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBackends, type TestDatabase } from '../../../test/support/databases.ts';
import { columnTypes, parameterTypes } from '../../platform/db/statement-shape.ts';
import {
  CHANNEL_INSERT,
  CHANNEL_INSERT_COLUMNS,
  claimTask,
  finishTask,
  insertTask,
  STAGED_INSERT,
  STAGED_INSERT_COLUMNS,
  saveChannels,
  savePage,
  saveProgress,
  stagedUpTo,
  taskChannels,
  unfinishedTasks,
} from './repository.ts';

const GUILD = '100000000000000001';
const CHANNEL = '300000000000000010';
const ADA = '400000000000000001';

/** `$1` the task id, then an array of each column's own type. */
async function expectedTypes(
  t: TestDatabase,
  table: string,
  columns: readonly (readonly [string, string])[],
) {
  const types = await columnTypes(t.db, table);
  return [types.task_id, ...columns.map(([name]) => `${types[name]}[]`)];
}

for (const backend of dbBackends) {
  describe.skipIf(!backend.available)(`history import tasks on ${backend.name}`, () => {
    let t: TestDatabase;

    beforeAll(async () => {
      t = await backend.create({ migrated: true });
    });
    afterAll(async () => {
      await t?.dispose();
    });

    it("sends each column of the batch inserts as an array of that column's own type", async () => {
      expect(await parameterTypes(t.db, CHANNEL_INSERT)).toEqual(
        await expectedTypes(t, 'history_fetch_channels', CHANNEL_INSERT_COLUMNS),
      );
      expect(await parameterTypes(t.db, STAGED_INSERT)).toEqual(
        await expectedTypes(t, 'history_staged_messages', STAGED_INSERT_COLUMNS),
      );
      const staged = await columnTypes(t.db, 'history_staged_messages');
      expect(['task_id', ...STAGED_INSERT_COLUMNS.map(([name]) => name)].sort()).toEqual(
        Object.keys(staged).sort(),
      );
    });

    it('runs a task from insert to completion, counting its channels, pages and messages', async () => {
      const task = await insertTask(t.db, {
        guildId: GUILD,
        channelIds: [CHANNEL],
        since: null,
        until: null,
        anchorMessageId: null,
        awardKarma: true,
        requestedBy: ADA,
      });
      expect(task).toMatchObject({
        guild_id: GUILD,
        channel_ids: [CHANNEL],
        status: 'pending',
        phase: 'listing',
      });
      const again = { guildId: GUILD, channelIds: null, since: null, until: null, anchorMessageId: null };
      expect(await insertTask(t.db, { ...again, awardKarma: false, requestedBy: null })).toBeNull();
      const id = task?.id ?? '';

      expect(await claimTask(t.db, id, 'runner-a', 60_000)).toMatchObject({
        status: 'running',
        lease_owner: 'runner-a',
      });
      expect(await claimTask(t.db, id, 'runner-b', 60_000)).toBeNull();
      expect(await unfinishedTasks(t.db)).toEqual([{ id, lease_until: expect.any(Date) }]);

      await saveChannels(t.db, id, 'runner-a', [
        { channelId: CHANNEL, parentId: null, name: 'general', type: 0, cursor: 10n, stopAt: 100n },
      ]);
      const message = {
        channelId: CHANNEL,
        userId: ADA,
        authorIsBot: false,
        system: false,
        isReply: false,
        words: 3,
        attachments: 0,
      };
      const page = {
        taskId: id,
        owner: 'runner-a',
        channelId: CHANNEL,
        from: 10n,
        cursor: 100n,
        finished: true,
      };
      const messages = [
        { ...message, messageId: '20' },
        { ...message, messageId: '30' },
      ];
      expect(await savePage(t.db, { ...page, messages })).toBe(2);
      // The checkpoint moved: the same page again is a stale write.
      await expect(savePage(t.db, { ...page, messages })).rejects.toThrow('lease was lost');

      expect(await taskChannels(t.db, id)).toEqual([
        {
          channel_id: CHANNEL,
          parent_id: null,
          name: 'general',
          type: 0,
          status: 'done',
          cursor: '100',
          stop_at: '100',
          messages: '2',
          pages: 1,
          first_message_id: '20',
          error: null,
        },
      ]);
      expect((await stagedUpTo(t.db, id, 20n, 10)).map((m) => m.messageId)).toEqual(['20']);

      await saveProgress(t.db, id, 'runner-a', { progress: 0.5, rate: 2, eta: 10, runSeconds: 4 });
      const finished = await finishTask(t.db, id, 'completed', null, 'runner-a');
      expect(finished).toMatchObject({
        status: 'completed',
        phase: 'done',
        progress: 1,
        eta_seconds: 0,
        channels_total: 1,
        channels_done: 1,
        messages_fetched: '2',
        pages_fetched: '1',
        run_seconds: 4,
        lease_owner: null,
      });
      expect(finished?.finished_at).toBeInstanceOf(Date);
      expect(await stagedUpTo(t.db, id, null, 10)).toEqual([]);
      expect(await unfinishedTasks(t.db)).toEqual([]);
    });
  });
}
