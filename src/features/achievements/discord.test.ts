import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandOptions, fakeInteraction } from '../../../test/support/fake-interaction.ts';
import { ALICE, BOB, G } from '../../../test/support/rewards-fixtures.ts';
import { createPgliteHarness, type Harness, seedAliceAndBob } from '../../../test/support/rewards-harness.ts';
import { translator } from '../../i18n/translate.ts';
import { achievementsCommands, handleAchievementsInteraction } from './discord.ts';
import { achievementsPanel } from './discord-views.ts';

const asAlice = { guildId: G, userId: ALICE };

describe('/achievements and its page select', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createPgliteHarness();
    await seedAliceAndBob(h);
  });
  afterAll(async () => {
    await h?.close();
    await h?.t.dispose();
  });

  it('defines /achievements with an optional member', () => {
    const [command] = achievementsCommands();
    expect(command?.name).toBe('achievements');
    expect(command?.options?.map((o) => o.name)).toEqual(['member']);
  });

  it('answers /achievements with the first page in public', async () => {
    const { interaction, answers } = fakeInteraction(
      'command',
      { commandName: 'achievements', options: commandOptions({}) },
      asAlice,
    );
    expect(await handleAchievementsInteraction(interaction, h.services.achievements)).toBe(true);
    expect(answers[0]).toEqual({ kind: 'defer', payload: {} });
    const edit = answers[1]?.payload as { embeds: { footer: { text: string } }[] };
    expect(edit.embeds[0]?.footer.text).toBe('Page 1 of 3');
  });

  it('turns the page from the select', async () => {
    const { interaction, answers } = fakeInteraction(
      'select',
      { customId: `karma:ach:${BOB}`, values: ['2'] },
      asAlice,
    );
    expect(await handleAchievementsInteraction(interaction, h.services.achievements)).toBe(true);
    const edit = answers[1]?.payload as { embeds: { title: string; footer: { text: string } }[] };
    expect(edit.embeds[0]?.title).toMatch(new RegExp(`^<@${BOB}> — `));
    expect(edit.embeds[0]?.footer.text).toBe('Page 2 of 3');
  });

  it('ignores interactions of other features', async () => {
    const { interaction } = fakeInteraction(
      'command',
      { commandName: 'rank', options: commandOptions({}) },
      asAlice,
    );
    expect(await handleAchievementsInteraction(interaction, h.services.achievements)).toBe(false);
  });

  it('pages the achievements panel ten at a time', async () => {
    const achievements = achievementsPanel(
      await h.services.achievements.list(G, BOB),
      'Bob',
      2,
      translator('en'),
    );
    expect(achievements.embeds[0]?.footer?.text).toBe('Page 2 of 3');
    expect(achievements.embeds[0]?.fields?.length).toBe(10);
  });
});
