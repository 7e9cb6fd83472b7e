import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QUEST_DAILY_RESET_QUEUE } from '../../src/features/quests/jobs.ts';
import { until } from '../support/eventually.ts';
import { type InProcessHearth, startInProcessHearth } from '../support/hearth-in-process.ts';

const DAY = '2026-11-24';
const NEXT_DAY = '2026-11-25';

/**
 * The daily quest reset runs from its pg-boss cron schedule ('0 0 * * *' UTC), not from a call to
 * its handler. pg-boss's timekeeper judges a cron due by `Date.now()` plus the database clock's
 * skew, and PGlite's clock is this process's `Date`: so only `Date` is faked (the database follows
 * it, the skew stays 0), set a few seconds before midnight, and left to run on with real time while
 * the worker's cron check (every second here, `cronIntervalSeconds`), pg-boss's forwarding of the
 * due occurrence and the reset job's own polling all run on real timers.
 */
describe('the daily quest reset, from its schedule', () => {
  let h: InProcessHearth;
  let channelId: string;
  let alice: string;

  const questRows = async (periodKey: string) =>
    (
      await h.db.query<{ quest_key: string; status: string }>(
        `SELECT quest_key, status FROM user_quest_progress
         WHERE guild_id = $1 AND user_id = $2 AND period_key = $3 ORDER BY quest_key`,
        [h.guildId, alice, periodKey],
      )
    ).rows;
  /** Alice's /quests panel: its claim buttons and how many quests it lists. */
  const questsCommand = async () => {
    const command = h.sim.control.slashCommand({ userId: alice, channelId, name: 'quests' });
    const view = await h.sim.control.waitForResponse(command.id, { settled: true });
    const original = view.original as {
      embeds?: { fields?: unknown[] }[];
      components?: { components: { custom_id?: string }[] }[];
    };
    return {
      claims: (original.components ?? [])
        .flatMap((row) => row.components)
        .map((c) => c.custom_id ?? '')
        .filter((id) => id.startsWith('karma:claim:')),
      listed: original.embeds?.[0]?.fields?.length ?? 0,
    };
  };
  const progressId = async (periodKey: string, questKey: string) =>
    (
      await h.db.query<{ id: string }>(
        `SELECT id FROM user_quest_progress
         WHERE guild_id = $1 AND user_id = $2 AND period_key = $3 AND quest_key = $4`,
        [h.guildId, alice, periodKey, questKey],
      )
    ).rows[0]?.id;

  beforeAll(async () => {
    // Noon of the day: everything starts in the faked day, and the clock only ever moves forward.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${DAY}T12:00:00Z`), shouldAdvanceTime: true });
    h = await startInProcessHearth({
      simulator: {
        community: { seed: 29, members: 6, history: { messages: 5, days: 1 } },
        // The jump to the evening below must not look like a dead gateway connection.
        gateway: { heartbeatTimeoutMs: 24 * 3_600_000 },
      },
      cronIntervalSeconds: 1,
    });
    channelId = h.sim.community?.textChannels[0]?.id ?? '';
    alice = h.sim.community?.memberIds[0] ?? '';
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    vi.useRealTimers();
  });

  it("expires the day's quests at midnight UTC and shows the new day's", async () => {
    vi.setSystemTime(new Date(`${DAY}T23:59:40Z`));
    h.sim.actions.createMessage({ channelId, authorId: alice, content: 'one more before midnight' });
    const before = await until(
      () => questRows(DAY),
      (rows) => rows.some((r) => r.status === 'IN_PROGRESS'),
    );
    expect(before).toEqual(
      expect.arrayContaining([
        { quest_key: 'daily_check_in', status: 'COMPLETED' },
        { quest_key: 'daily_chatter', status: 'IN_PROGRESS' },
      ]),
    );
    // Before midnight /quests offers to claim the day's completed check-in.
    const checkIn = await progressId(DAY, 'daily_check_in');
    const evening = await questsCommand();
    expect(evening.claims).toEqual([expect.stringMatching(new RegExp(`:${checkIn}$`))]);
    expect(Date.now()).toBeLessThan(Date.parse(`${NEXT_DAY}T00:00:00Z`));

    // Nobody acts after midnight: only the scheduled job can expire the quests.
    const [job] = await until(
      async () =>
        (
          await h.db.query<{ id: string; state: string; created_on: Date; completed_on: Date | null }>(
            `SELECT id, state, created_on, completed_on FROM pgboss.job WHERE name = $1`,
            [QUEST_DAILY_RESET_QUEUE],
          )
        ).rows,
      (rows) => rows.some((r) => r.state === 'completed'),
      40_000,
    );
    expect(job?.created_on.getTime()).toBeGreaterThanOrEqual(Date.parse(`${NEXT_DAY}T00:00:00Z`));
    // Created by the schedule: pg-boss records the job its cron occurrence produced.
    const schedule = await h.db.query<{ last_job_id: string | null }>(
      'SELECT last_job_id FROM pgboss.schedule WHERE name = $1',
      [QUEST_DAILY_RESET_QUEUE],
    );
    expect(schedule.rows[0]?.last_job_id).toBe(job?.id);

    const after = await questRows(DAY);
    expect(after.length).toBe(before.length);
    expect(after.every((r) => r.status === 'EXPIRED')).toBe(true);
    // The week has not ended: its quests keep going.
    const weekly = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM user_quest_progress
       WHERE guild_id = $1 AND user_id = $2 AND period = 'weekly' AND status = 'EXPIRED'`,
      [h.guildId, alice],
    );
    expect(weekly.rows[0]?.n).toBe(0);

    // /quests now shows the new day's quests, fresh: nothing to claim, and the day's rows assigned
    // (the same service answers GET /api/v1/quests/daily).
    const morning = await questsCommand();
    expect(morning.claims).toEqual([]);
    const list = await h.karma.quests.list(h.guildId, alice, 'daily');
    expect(list.periodKey).toBe(NEXT_DAY);
    expect(list.quests.length).toBe(morning.listed);
    expect(list.quests.every((q) => q.status === 'AVAILABLE' && q.progress === 0)).toBe(true);
    expect(await progressId(NEXT_DAY, 'daily_check_in')).toBeDefined();
  }, 60_000);
});
