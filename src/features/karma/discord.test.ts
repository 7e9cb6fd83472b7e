import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandOptions, contentOf, fakeInteraction } from '../../../test/support/fake-interaction.ts';
import { ALICE, BOB, G } from '../../../test/support/rewards-fixtures.ts';
import { createPgliteHarness, type Harness, seedAliceAndBob } from '../../../test/support/rewards-harness.ts';
import { handleKarmaInteraction, karmaCommands } from './discord.ts';

const asAlice = { guildId: G, userId: ALICE };

describe('/karma give and take', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createPgliteHarness();
    await seedAliceAndBob(h);
  });
  afterAll(async () => {
    await h?.close();
    await h?.t.dispose();
  });

  it('defines the command for a bulk overwrite, for managers only', () => {
    const [karma] = karmaCommands();
    expect(karma?.name).toBe('karma');
    expect(karma?.default_member_permissions).toBe('32');
    expect(karma?.options?.map((o) => o.name)).toEqual(['give', 'take']);
  });

  it('gives karma with /karma give, once per interaction', async () => {
    const fields = {
      commandName: 'karma',
      options: commandOptions({ member: { id: BOB }, amount: 30, reason: 'great help' }, 'give'),
    };
    const first = fakeInteraction('command', fields, asAlice);
    expect(await handleKarmaInteraction(first.interaction, h.services.karma)).toBe(true);
    expect(first.answers[0]).toEqual({ kind: 'defer', payload: { flags: 64 } });
    const before = (await h.services.levels.me(G, BOB)).karma;
    await handleKarmaInteraction(fakeInteraction('command', fields, asAlice).interaction, h.services.karma);
    expect((await h.services.levels.me(G, BOB)).karma).toBe(before);
    expect(contentOf(first.answers, 1)).toMatch(/^Gave 30 karma to <@/);
  });

  it('ignores interactions of other features', async () => {
    const { interaction } = fakeInteraction(
      'command',
      { commandName: 'stats', options: commandOptions({}) },
      asAlice,
    );
    expect(await handleKarmaInteraction(interaction, h.services.karma)).toBe(false);
  });
});
