import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ChannelView, TaskView } from '../../src/features/history-import/service.ts';
import type { GuildChannel, HistoryTask, HistoryTaskChannel } from '../../web/src/api/types.ts';
import {
  activeTask,
  channelCounts,
  formatEta,
  formatPercent,
  formFieldOf,
  importableChannels,
  isNewer,
  orderTaskChannels,
  type StartForm,
  startBody,
} from '../../web/src/lib/history.ts';

describe('the dashboard’s history import types', () => {
  it('mirror the API’s TaskView and ChannelView exactly', () => {
    // Checked by `npm run typecheck`: a field added, removed or retyped on either side fails it.
    expectTypeOf<HistoryTask>().toEqualTypeOf<TaskView>();
    expectTypeOf<HistoryTaskChannel>().toEqualTypeOf<ChannelView>();
  });
});

const form: StartForm = { allChannels: true, channelIds: [], since: '', until: '', awardKarma: true };

describe('the start request', () => {
  it('asks for everything by default, paying karma', () => {
    expect(startBody(form)).toEqual({ body: { award_karma: true } });
  });

  it('reads the days as UTC days, the last one included', () => {
    expect(startBody({ ...form, since: '2026-01-01', until: '2026-01-31', awardKarma: false })).toEqual({
      body: { award_karma: false, since: '2026-01-01T00:00:00.000Z', until: '2026-02-01T00:00:00.000Z' },
    });
  });

  it('sends picked channels, and refuses an empty pick (the API would read it as all)', () => {
    expect(startBody({ ...form, allChannels: false, channelIds: ['1', '2'] })).toEqual({
      body: { award_karma: true, channel_ids: ['1', '2'] },
    });
    expect(startBody({ ...form, allChannels: false })).toEqual({ invalid: 'channels' });
  });

  it('refuses a date that is not one', () => {
    expect(startBody({ ...form, since: '2026-13-45' })).toEqual({ invalid: 'since' });
    expect(startBody({ ...form, until: 'soon' })).toEqual({ invalid: 'until' });
  });

  it('finds the form field a 400 names', () => {
    expect(formFieldOf('since')).toBe('since');
    expect(formFieldOf('body.until')).toBe('until');
    expect(formFieldOf('channel_ids.0')).toBe('channels');
    expect(formFieldOf('award_karma')).toBe('awardKarma');
    expect(formFieldOf('unknown')).toBeUndefined();
    expect(formFieldOf(undefined)).toBeUndefined();
  });
});

const channel = (
  id: string,
  type: number,
  position: number,
  parentId: string | null = null,
): GuildChannel => ({
  id,
  name: `c${id}`,
  type,
  position,
  parentId,
});

describe('the channels the form offers', () => {
  it('lists message channels in Discord’s sidebar order, without categories and threads', () => {
    const channels = [
      channel('10', 4, 1), // category B
      channel('11', 4, 0), // category A
      channel('20', 0, 0, '10'),
      channel('21', 2, 0, '10'), // voice: after the text channels of B
      channel('22', 0, 1, '10'),
      channel('23', 5, 0, '11'),
      channel('24', 0, 3), // no category: first
      channel('25', 11, 0, '20'), // thread
      channel('26', 15, 2, '11'), // forum: its threads are imported
    ];
    expect(importableChannels(channels).map((c) => c.id)).toEqual(['24', '23', '26', '20', '22', '21']);
  });
});

const taskChannel = (id: string, parent: string | null, status = 'done'): HistoryTaskChannel => ({
  channel_id: id,
  parent_id: parent,
  name: id,
  type: parent ? 11 : 0,
  status,
  messages: 1,
  error: null,
});

describe('a task’s channels', () => {
  it('puts each thread after its channel', () => {
    const ordered = orderTaskChannels([
      taskChannel('1', null),
      taskChannel('2', null),
      taskChannel('3', '1'),
      taskChannel('4', '9'), // its parent is not in the task: stays in place
    ]);
    expect(ordered.map((c) => c.channel_id)).toEqual(['1', '3', '2', '4']);
  });

  it('counts them by status', () => {
    const counts = channelCounts([
      taskChannel('1', null),
      taskChannel('2', null, 'skipped'),
      taskChannel('3', null),
    ]);
    expect([...counts]).toEqual([
      ['done', 2],
      ['skipped', 1],
    ]);
  });
});

describe('following a task', () => {
  it('finds the running one and keeps the latest state', () => {
    expect(activeTask([{ status: 'completed' }, { status: 'running' }])).toEqual({ status: 'running' });
    expect(activeTask([{ status: 'failed' }, { status: 'cancelled' }])).toBeUndefined();
    const older = { updated_at: '2026-03-01T10:00:00.000Z' };
    const newer = { updated_at: '2026-03-01T10:00:01.000Z' };
    expect(isNewer(newer, older)).toBe(true);
    expect(isNewer(older, newer)).toBe(false);
    expect(isNewer(older, older)).toBe(true);
  });

  it('says percent and time left in the reader’s language', () => {
    expect(formatPercent(54.2, 'en')).toBe('54.2%');
    expect(formatPercent(100, 'en')).toBe('100%');
    expect(formatEta(92, 'en')).toBe('1m 32s');
    expect(formatEta(3 * 3600 + 60 * 5 + 7, 'en')).toBe('3h 5m');
    expect(formatEta(3600, 'en')).toBe('1h');
    expect(formatEta(0, 'en')).toBe('0s');
    expect(formatEta(92, 'ja')).toMatch(/^1\s?分 32\s?秒$/);
  });
});
