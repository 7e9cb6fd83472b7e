import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/eventually.ts';
import { type InProcessHearth, startInProcessHearth } from '../support/hearth-in-process.ts';

/**
 * Members chat, level up and get their level's role: the pipeline records the level change, the
 * pg-boss worker's dispatcher turns it into role-reward and announcement jobs, and those call the
 * simulator's REST API with the bot token. Roles are read back from the simulator's control API.
 */
describe('level role rewards through the worker and the simulator', () => {
  let h: InProcessHearth;
  let channelId: string;
  let alice: string;
  let bob: string;
  let levelOne: string;
  let levelTwo: string;

  const levels = (mode: 'stack' | 'replace') => ({
    // 20 karma a level, so two messages make one.
    curve: { kind: 'linear', step: 20 },
    roleRewards: [
      { level: 1, roleId: levelOne },
      { level: 2, roleId: levelTwo },
    ],
    roleRewardMode: mode,
  });

  /** The member's roles as the simulator holds them (its control API). */
  const rolesOf = async (userId: string): Promise<string[]> => {
    const res = await fetch(`${h.sim.url}/_sim/guilds/${h.guildId}/members/${userId}`);
    return ((await res.json()) as { roles: string[] }).roles;
  };
  const rewardRoles = async (userId: string) =>
    (await rolesOf(userId)).filter((r) => r === levelOne || r === levelTwo).sort();
  /** Roles as Hearth last stored them from the gateway, which a replace-mode resync goes by. */
  const storedRoles = async (userId: string) =>
    (
      await h.db.query<{ roles: string[] }>(
        'SELECT role_ids::text[] AS roles FROM members WHERE guild_id = $1 AND user_id = $2',
        [h.guildId, userId],
      )
    ).rows[0]?.roles ?? [];
  const karmaOf = async (userId: string) =>
    Number(
      (
        await h.db.query<{ total: string }>(
          'SELECT total FROM user_karma WHERE guild_id = $1 AND user_id = $2',
          [h.guildId, userId],
        )
      ).rows[0]?.total ?? 0,
    );
  const chat = async (userId: string, messages: number, expectTotal: number) => {
    for (let i = 0; i < messages; i++) {
      h.sim.actions.createMessage({ channelId, authorId: userId, content: `message ${i} of the day` });
    }
    await until(
      () => karmaOf(userId),
      (total) => total === expectTotal,
    );
  };

  beforeAll(async () => {
    h = await startInProcessHearth({
      simulator: { community: { seed: 23, members: 10, history: { messages: 5, days: 1 } } },
    });
    const community = h.sim.community;
    if (!community) throw new Error('no community');
    channelId = community.textChannels[0]?.id ?? '';
    [alice = '', bob = ''] = community.memberIds;
    // New roles go right above @everyone: below the bot's role, so the bot may grant them.
    levelOne = h.sim.control.createRole(h.guildId, { name: 'Level 1' }).id;
    levelTwo = h.sim.control.createRole(h.guildId, { name: 'Level 2' }).id;
    await h.karma.settings.update(
      h.guildId,
      {
        // 10 karma a message, no cooldown, and no achievement rewards: levels follow message counts.
        karma: { message: { min: 10, max: 10, cooldownSeconds: 0 } },
        levels: levels('stack'),
        announcements: { mode: 'channel', channelId, template: '{user} reached level {level}' },
        achievements: [],
      },
      null,
    );
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('stacks the roles of each level reached and announces each level', async () => {
    await chat(alice, 2, 20);
    expect(
      await until(
        () => rewardRoles(alice),
        (roles) => roles.length === 1,
      ),
    ).toEqual([levelOne]);
    await chat(alice, 2, 40);
    expect(
      await until(
        () => rewardRoles(alice),
        (roles) => roles.length === 2,
      ),
    ).toEqual([levelOne, levelTwo].sort());

    // Through Discord's REST API, by the bot: the simulator logged each role it granted.
    const granted = h.sim.control
      .botActions({ kind: 'member.role.add' })
      .filter((a) => a.userId === alice)
      .map((a) => a.roleId);
    expect(granted).toEqual([levelOne, levelTwo]);
    const announced = await until(
      async () => h.sim.control.botMessages(channelId).map((m) => m.content),
      (contents) => contents.filter((c) => c.startsWith(`<@${alice}>`)).length === 2,
    );
    expect(announced).toEqual(
      expect.arrayContaining([`<@${alice}> reached level 1`, `<@${alice}> reached level 2`]),
    );
  }, 45_000);

  it('keeps only the highest reward role in replace mode', async () => {
    await h.karma.settings.update(h.guildId, { levels: levels('replace') }, null);
    await chat(bob, 2, 20);
    expect(
      await until(
        () => rewardRoles(bob),
        (roles) => roles.length === 1,
      ),
    ).toEqual([levelOne]);
    // The member update reached Hearth through the gateway: the resync will know Bob holds it.
    await until(
      () => storedRoles(bob),
      (roles) => roles.includes(levelOne),
    );
    await chat(bob, 2, 40);
    expect(
      await until(
        () => rewardRoles(bob),
        (roles) => roles.includes(levelTwo) && roles.length === 1,
      ),
    ).toEqual([levelTwo]);
    expect(
      h.sim.control
        .botActions({ kind: 'member.role.remove' })
        .filter((a) => a.userId === bob)
        .map((a) => a.roleId),
    ).toEqual([levelOne]);
    // Alice's roles are not touched by the mode change: nothing about her level changed.
    expect(await rewardRoles(alice)).toEqual([levelOne, levelTwo].sort());
  }, 45_000);
});
