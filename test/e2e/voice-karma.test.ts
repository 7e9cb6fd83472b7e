import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPresenceUpkeep } from '../../src/features/presence/upkeep.ts';
import { Pipeline } from '../../src/pipeline/pipeline.ts';
import type { Db } from '../../src/platform/db/port.ts';
import { createMemoryHotStore } from '../../src/platform/hot/memory.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startBot } from '../../src/roles/bot.ts';
import { presenceKarma } from '../../src/roles/feature-services.ts';
import { pipelineFeatures } from '../../src/roles/features.ts';
import { createRewards } from '../../src/roles/rewards.ts';
import { Lifecycle } from '../../src/roles/runtime.ts';
import type { Simulator } from '../../src/sim/index.ts';
import { startTestSimulator } from '../sim/helpers.ts';
import { openTestPglite } from '../support/databases.ts';
import { until } from '../support/eventually.ts';

const MINUTE = 60_000;

/**
 * Members talk in voice through the simulator and the real discord.js client; Hearth's product
 * wiring (roles/features.ts) records their sessions and pays their voice minutes. Voice states carry
 * no time of their own (Hearth dates them on reception), so the test moves the clock: only `Date`
 * is faked, and only forward, between steps. The simulator's gateway gets a heartbeat timeout longer
 * than the jumps, so it does not take a jump for a dead connection.
 */
describe('voice minutes through the simulator', () => {
  let sim: Simulator;
  let db: Db;
  const lifecycle = new Lifecycle(silentLogger);
  let guildId: string;
  let alice: string;
  let bob: string;
  let carol: string;
  let room: string;
  let quiet: string;
  let sweep: () => Promise<unknown>;

  beforeAll(async () => {
    sim = await startTestSimulator({
      community: { seed: 17, members: 8, history: { messages: 5, days: 1 } },
      gateway: { heartbeatTimeoutMs: 24 * 60 * MINUTE },
    });
    db = await openTestPglite();
    const hot = createMemoryHotStore();
    const karma = createRewards({ db, hot, queue: undefined, logger: silentLogger });
    const pipeline = new Pipeline({
      db,
      features: pipelineFeatures({ hot, rewards: karma }),
      logger: silentLogger,
      flushIntervalMs: 10,
    });
    lifecycle.add('pipeline', () => pipeline.close());
    await startBot(silentLogger, lifecycle, {
      discord: { token: sim.bot.token, apiUrl: sim.apiUrl, demo: true },
      pipeline,
    });
    // The sweeper reads the (faked) clock at each run.
    const upkeep = createPresenceUpkeep({
      db,
      hot,
      now: () => Date.now(),
      karma: presenceKarma(karma.voice),
    });
    sweep = () => upkeep.sweep();
    const community = sim.community;
    if (!community) throw new Error('no community');
    guildId = community.guild.id;
    [alice = '', bob = '', carol = ''] = community.memberIds;
    [room = '', quiet = ''] = community.voiceChannels.map((c) => c.id);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  }, 60_000);

  afterAll(async () => {
    vi.useRealTimers();
    await lifecycle.stop();
    await sim?.close();
    await db?.close();
  });

  const later = (minutes: number) => vi.setSystemTime(Date.now() + minutes * MINUTE);
  const sessions = async () =>
    (
      await db.query<{
        user_id: string;
        channel: string;
        left_at: Date | null;
        end_reason: string | null;
        states: number;
      }>(
        `SELECT s.user_id, st.external_id AS channel, s.left_at, s.end_reason,
                jsonb_array_length(s.voice_states) AS states
         FROM viewer_sessions s JOIN stages st ON st.id = s.stage_id
         WHERE s.guild_id = $1 ORDER BY s.joined_at, s.user_id`,
        [guildId],
      )
    ).rows;
  const settled = (check: (rows: Awaited<ReturnType<typeof sessions>>) => boolean) => until(sessions, check);
  const karma = async (userId: string) => {
    const { rows } = await db.query<{ total: string; voice_minutes: number }>(
      'SELECT total, voice_minutes FROM user_karma WHERE guild_id = $1 AND user_id = $2',
      [guildId, userId],
    );
    return { total: Number(rows[0]?.total ?? 0), minutes: rows[0]?.voice_minutes ?? 0 };
  };
  const ledger = async (userId: string) =>
    (
      await db.query<{ source_id: string; delta: number }>(
        `SELECT source_id, delta FROM karma_ledger WHERE guild_id = $1 AND user_id = $2 AND source = 'voice'
         ORDER BY created_at`,
        [guildId, userId],
      )
    ).rows;

  it('records the sessions and pays the minutes members talked, not alone, not muted', async () => {
    // 0:00 Alice, Bob and Carol join the room.
    for (const member of [alice, bob, carol]) sim.actions.setVoice(guildId, member, { channelId: room });
    await settled((rows) => rows.length === 3);

    // 5:00 Carol mutes herself: she stops earning, but still counts as company (she can hear).
    later(5);
    sim.actions.setVoice(guildId, carol, { selfMute: true });
    await settled((rows) => rows.find((r) => r.user_id === carol)?.states === 2);
    expect(await karma(carol)).toEqual({ total: 10, minutes: 5 });

    // 6:00 The sweeper pays the long spans without waiting for anyone to leave.
    later(1);
    await sweep();
    expect(await karma(alice)).toEqual({ total: 12, minutes: 6 });
    expect(await karma(bob)).toEqual({ total: 12, minutes: 6 });

    // 8:00 Bob moves to the quiet room, where he is alone.
    later(2);
    sim.actions.setVoice(guildId, bob, { channelId: quiet });
    await settled((rows) => rows.some((r) => r.user_id === bob && r.channel === quiet));

    // 12:00 Alice leaves; 14:00 Carol, alone and muted since, leaves too.
    later(4);
    sim.actions.setVoice(guildId, alice, { channelId: null });
    await settled((rows) => rows.find((r) => r.user_id === alice)?.left_at !== null);
    later(2);
    sim.actions.setVoice(guildId, carol, { channelId: null });
    await settled((rows) => rows.find((r) => r.user_id === carol)?.left_at !== null);

    const rows = await sessions();
    expect(rows.map((r) => [r.user_id, r.channel, r.end_reason])).toEqual(
      expect.arrayContaining([
        [alice, room, 'left'],
        [bob, room, 'moved'],
        [carol, room, 'left'],
        [bob, quiet, null],
      ]),
    );
    expect(rows).toHaveLength(4);

    // Alice: 12 minutes with company (Bob, then a muted Carol), paid in two spans.
    expect(await karma(alice)).toEqual({ total: 24, minutes: 12 });
    expect((await ledger(alice)).map((r) => r.delta)).toEqual([12, 12]);
    // Bob: 8 minutes in the room (6 from the sweeper, 2 when he moved), nothing alone.
    expect(await karma(bob)).toEqual({ total: 16, minutes: 8 });
    expect((await ledger(bob)).map((r) => r.delta)).toEqual([12, 4]);
    // Carol: the 5 minutes before she muted.
    expect(await karma(carol)).toEqual({ total: 10, minutes: 5 });
    expect(await ledger(carol)).toHaveLength(1);
  }, 60_000);

  it('pays nothing twice when Discord repeats a state or the sweeper runs again', async () => {
    sim.actions.setVoice(guildId, bob, { channelId: quiet });
    later(1);
    await sweep();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await karma(alice)).toEqual({ total: 24, minutes: 12 });
    expect(await karma(bob)).toEqual({ total: 16, minutes: 8 });
    expect(await karma(carol)).toEqual({ total: 10, minutes: 5 });
  });
});
