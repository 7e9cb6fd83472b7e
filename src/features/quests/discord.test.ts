import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandOptions, contentOf, fakeInteraction } from '../../../test/support/fake-interaction.ts';
import { ALICE, BOB, G } from '../../../test/support/rewards-fixtures.ts';
import { createPgliteHarness, type Harness, seedAliceAndBob } from '../../../test/support/rewards-harness.ts';
import { translator } from '../../i18n/translate.ts';
import { embedLength } from '../rewards/discord-panels.ts';
import { handleQuestsInteraction, questsCommands } from './discord.ts';
import { questsPanel } from './discord-views.ts';

const asAlice = { guildId: G, userId: ALICE };

describe('/quests and its claim buttons', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createPgliteHarness();
    await seedAliceAndBob(h);
  });
  afterAll(async () => {
    await h?.close();
    await h?.t.dispose();
  });

  const claimButton = async (locale?: string) => {
    const list = await h.services.quests.list(G, ALICE, 'daily');
    const quest = list.quests.find((q) => q.key === 'daily_check_in');
    return fakeInteraction(
      'button',
      { customId: `karma:claim:daily:${quest?.progressId}`, ...(locale ? { locale } : {}) },
      asAlice,
    );
  };

  it('claims a quest from its button and refreshes the panel privately', async () => {
    const { interaction, answers } = await claimButton();
    expect(await handleQuestsInteraction(interaction, h.services.quests)).toBe(true);
    expect(answers.map((a) => a.kind)).toEqual(['deferUpdate', 'edit', 'followUp']);
    expect(contentOf(answers, 2)).toMatch(
      /^Claimed .+: \+10 karma\. You now have \d+ karma \(level \d+\)\.$/,
    );
    const again = await claimButton();
    await handleQuestsInteraction(again.interaction, h.services.quests);
    expect(contentOf(again.answers, 2)).toBe('The reward of this quest was already claimed');
  });

  it('translates a refusal by its reason', async () => {
    const { interaction, answers } = await claimButton('zh-TW');
    await handleQuestsInteraction(interaction, h.services.quests);
    expect(contentOf(answers, 2)).toBe('這個任務的獎勵已經領取過了');
  });

  it('names the default quests in the member’s language, and a guild’s own as written', async () => {
    const command = async (locale: string) => {
      const { interaction, answers } = fakeInteraction(
        'command',
        { commandName: 'quests', options: commandOptions({}), locale, guildLocale: 'en-US' },
        asAlice,
      );
      await handleQuestsInteraction(interaction, h.services.quests);
      return (answers.at(-1)?.payload as { embeds: APIEmbed[] } | undefined)?.embeds[0];
    };
    const quests = await command('ja');
    const names = quests?.fields?.map((f) => f.name) ?? [];
    expect(names.some((n) => n.includes('デイリーチェックイン'))).toBe(true);
    expect(names.some((n) => n.includes('Daily Check-in'))).toBe(false);
    expect(quests?.fields?.some((f) => f.value.startsWith('今日メッセージを 20 件送る。'))).toBe(true);
    expect((await command('zh-TW'))?.fields?.some((f) => f.name.includes('每日報到'))).toBe(true);

    // A renamed quest keeps its admin's name in every language.
    const list = await h.services.quests.list(G, ALICE, 'daily');
    const renamed = {
      ...list,
      quests: list.quests.map((q) => (q.key === 'daily_check_in' ? { ...q, name: 'Morning Hello' } : q)),
    };
    const panel = questsPanel(renamed, translator('ja'));
    expect(panel.embeds[0]?.fields?.some((f) => f.name.includes('Morning Hello'))).toBe(true);
  });

  it('translates the period choices but keeps the name ASCII', () => {
    const [quests] = questsCommands();
    const period = quests?.options?.[0] as
      | { choices?: { name: string; name_localizations?: Record<string, string> }[] }
      | undefined;
    expect(period?.choices?.map((c) => [c.name, c.name_localizations?.ja])).toEqual([
      ['daily', 'デイリー'],
      ['weekly', 'ウィークリー'],
    ]);
    expect(quests?.name).toBe('quests');
  });

  it('ignores interactions of other features', async () => {
    const { interaction } = fakeInteraction(
      'command',
      { commandName: 'rank', options: commandOptions({}) },
      asAlice,
    );
    expect(await handleQuestsInteraction(interaction, h.services.quests)).toBe(false);
  });

  it('keeps the quests panel within Discord limits', async () => {
    const quests = questsPanel(await h.services.quests.list(G, BOB, 'daily'), translator('en'));
    expect(quests.embeds[0]?.fields?.length).toBeLessThanOrEqual(25);
    expect(quests.components.length).toBeLessThanOrEqual(5);
    expect(embedLength(quests.embeds[0] ?? {})).toBeLessThan(6000);
  });
});
