import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandOptions, fakeInteraction } from '../../../test/support/fake-interaction.ts';
import { ALICE, G } from '../../../test/support/rewards-fixtures.ts';
import { createPgliteHarness, type Harness, seedAliceAndBob } from '../../../test/support/rewards-harness.ts';
import { translator } from '../../i18n/translate.ts';
import { embedLength } from '../rewards/discord-panels.ts';
import { handleLevelsInteraction, levelsCommands } from './discord.ts';
import { leaderboardPanel } from './discord-views.ts';

const asAlice = { guildId: G, userId: ALICE };

describe('/rank, /leaderboard and /levels', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createPgliteHarness();
    await seedAliceAndBob(h);
  });
  afterAll(async () => {
    await h?.close();
    await h?.t.dispose();
  });

  it('defines /rank, /leaderboard and /levels for a bulk overwrite', () => {
    expect(levelsCommands().map((c) => c.name)).toEqual(['rank', 'leaderboard', 'levels']);
  });

  it('answers /rank after deferring, with the member’s level and rank', async () => {
    const { interaction, answers } = fakeInteraction(
      'command',
      { commandName: 'rank', options: commandOptions({}) },
      asAlice,
    );
    expect(await handleLevelsInteraction(interaction, h.services.levels)).toBe(true);
    expect(answers[0]?.kind).toBe('defer');
    const edit = answers[1]?.payload as { embeds: { title: string; fields: { value: string }[] }[] };
    expect(edit.embeds[0]?.title).toBe('Alice — level 0');
    expect(edit.embeds[0]?.fields[1]?.value).toMatch(/^#\d of 2$/);
  });

  it('answers in the member’s Discord language, else the server’s, else English', async () => {
    const rank = async (locale: string, guildLocale: string | null) => {
      const { interaction, answers } = fakeInteraction(
        'command',
        { commandName: 'rank', options: commandOptions({}), locale, guildLocale },
        asAlice,
      );
      await handleLevelsInteraction(interaction, h.services.levels);
      const edit = answers[1]?.payload as
        | { embeds: { title: string; fields: { name: string }[] }[] }
        | undefined;
      return edit?.embeds[0];
    };
    expect(await rank('ja', 'en-US')).toMatchObject({
      title: 'Alice — レベル 0',
      fields: [{ name: 'カルマ' }, { name: '順位' }],
    });
    expect((await rank('zh-TW', null))?.fields.map((f) => f.name)).toEqual(['積分', '名次']);
    expect((await rank('fr', 'ja'))?.title).toBe('Alice — レベル 0');
    expect((await rank('fr', 'de'))?.title).toBe('Alice — level 0');
  });

  it('names the default titles in the member’s language', async () => {
    const command = async (commandName: string) => {
      const { interaction, answers } = fakeInteraction(
        'command',
        { commandName, options: commandOptions({}), locale: 'ja', guildLocale: 'en-US' },
        asAlice,
      );
      await handleLevelsInteraction(interaction, h.services.levels);
      return (answers.at(-1)?.payload as { embeds: APIEmbed[] } | undefined)?.embeds[0];
    };
    expect((await command('rank'))?.description).toMatch(/^\*\*新人\*\*/);
    expect((await command('levels'))?.description).toContain('新人');
  });

  it('localizes command descriptions but keeps names ASCII', () => {
    const commands = levelsCommands();
    const rank = commands.find((c) => c.name === 'rank');
    expect(rank?.name_localizations).toBeUndefined();
    expect(rank?.description_localizations).toEqual({
      'zh-TW': '查看你（或其他成員）的等級、積分與名次',
      'zh-CN': '查看你（或其他成員）的等級、積分與名次',
      ja: '自分（または他のメンバー）のレベル、カルマ、順位を表示',
    });
    for (const command of commands) expect(command.name).toMatch(/^[a-z]+$/);
  });

  it('ignores interactions of other features', async () => {
    const { interaction } = fakeInteraction(
      'command',
      { commandName: 'quests', options: commandOptions({}) },
      asAlice,
    );
    expect(await handleLevelsInteraction(interaction, h.services.levels)).toBe(false);
  });

  it('keeps the leaderboard within Discord limits and pages it with buttons', () => {
    const long = 'x'.repeat(500);
    const lb = leaderboardPanel(
      {
        guildId: G,
        page: 1,
        limit: 10,
        total: 95,
        source: 'hot',
        nextCursor: null,
        query: null,
        items: Array.from({ length: 10 }, (_, i) => ({
          rank: i + 1,
          userId: String(i),
          username: long,
          displayName: long,
          avatar: null,
          karma: 1e9,
          level: 100,
          title: long,
          progress: {
            currentRequired: 1e9,
            nextRequired: null,
            intoLevel: 0,
            remaining: 0,
            fraction: 1,
            percent: 100,
          },
        })),
      },
      translator('en'),
    );
    expect(embedLength(lb.embeds[0] ?? {})).toBeLessThan(6000);
    const buttons = lb.components[0]?.components as { disabled: boolean; custom_id: string }[];
    expect(buttons.map((b) => [b.custom_id, b.disabled])).toEqual([
      ['karma:lb:0', true],
      ['karma:lb:2', false],
    ]);
  });
});
