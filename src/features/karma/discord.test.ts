import type { Interaction } from 'discord.js';
import type { APIEmbed } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../i18n/translate.ts';
import { openPglite } from '../../platform/db/pglite.ts';
import { handleKarmaInteraction, karmaCommands } from './discord.ts';
import { achievementsPanel, embedLength, leaderboardPanel, questsPanel } from './discord-views.ts';
import { createHarness, type Harness } from './test-harness.ts';
import { ALICE, at, BOB, G, memberOf, message, snapshot } from './test-support.ts';

/** The parts of a chat-input or button interaction the handler uses, recording its answers. */
function fakeInteraction(kind: 'command' | 'button', fields: Record<string, unknown>) {
  const answers: { kind: string; payload: unknown }[] = [];
  const record = (k: string) => async (payload?: unknown) => {
    answers.push({ kind: k, payload });
  };
  const interaction = {
    id: '900000000000000001',
    guildId: G,
    user: { id: ALICE, displayName: 'Alice' },
    memberPermissions: { has: () => true },
    isChatInputCommand: () => kind === 'command',
    isButton: () => kind === 'button',
    isStringSelectMenu: () => false,
    deferReply: record('defer'),
    deferUpdate: record('deferUpdate'),
    editReply: record('edit'),
    reply: record('reply'),
    followUp: record('followUp'),
    ...fields,
  } as unknown as Interaction;
  return { interaction, answers };
}

function contentOf(answers: { payload: unknown }[], index: number): string | undefined {
  return (answers[index]?.payload as { content?: string } | undefined)?.content;
}

function options(values: Record<string, unknown>, subcommand?: string) {
  return {
    getUser: (name: string) => values[name] ?? null,
    getInteger: (name: string) => values[name] ?? null,
    getString: (name: string) => values[name] ?? null,
    getSubcommand: () => subcommand,
  };
}

describe('karma slash commands and panels', () => {
  let h: Harness;
  beforeAll(async () => {
    const db = await openPglite();
    h = await createHarness({ db, url: undefined, dispose: () => db.close() });
    await h.run(snapshot([memberOf(ALICE), memberOf(BOB)]));
    await h.run(message({ userId: ALICE, at: at(0) }), message({ userId: BOB, at: at(1) }));
  });
  afterAll(async () => {
    await h?.close();
    await h?.t.dispose();
  });

  it('defines the commands for a bulk overwrite, karma for managers only', () => {
    const commands = karmaCommands();
    expect(commands.map((c) => c.name)).toEqual([
      'rank',
      'leaderboard',
      'quests',
      'achievements',
      'levels',
      'karma',
    ]);
    const karma = commands.find((c) => c.name === 'karma');
    expect(karma?.default_member_permissions).toBe('32');
    expect(karma?.options?.map((o) => o.name)).toEqual(['give', 'take']);
  });

  it('answers /rank after deferring, with the member’s level and rank', async () => {
    const { interaction, answers } = fakeInteraction('command', {
      commandName: 'rank',
      options: options({}),
    });
    expect(await handleKarmaInteraction(interaction, h.services)).toBe(true);
    expect(answers[0]?.kind).toBe('defer');
    const edit = answers[1]?.payload as { embeds: { title: string; fields: { value: string }[] }[] };
    expect(edit.embeds[0]?.title).toBe('Alice — level 0');
    expect(edit.embeds[0]?.fields[1]?.value).toMatch(/^#\d of 2$/);
  });

  it('claims a quest from its button and refreshes the panel privately', async () => {
    const list = await h.services.quests.list(G, ALICE, 'daily');
    const quest = list.quests.find((q) => q.key === 'daily_check_in');
    const { interaction, answers } = fakeInteraction('button', {
      customId: `karma:claim:daily:${quest?.progressId}`,
    });
    await handleKarmaInteraction(interaction, h.services);
    expect(answers.map((a) => a.kind)).toEqual(['deferUpdate', 'edit', 'followUp']);
    expect(contentOf(answers, 2)).toMatch(
      /^Claimed .+: \+10 karma\. You now have \d+ karma \(level \d+\)\.$/,
    );
    const again = fakeInteraction('button', { customId: `karma:claim:daily:${quest?.progressId}` });
    await handleKarmaInteraction(again.interaction, h.services);
    expect(contentOf(again.answers, 2)).toBe('The reward of this quest was already claimed');
  });

  it('gives karma with /karma give, once per interaction', async () => {
    const fields = {
      commandName: 'karma',
      options: options({ member: { id: BOB }, amount: 30, reason: 'great help' }, 'give'),
    };
    const first = fakeInteraction('command', fields);
    await handleKarmaInteraction(first.interaction, h.services);
    const before = (await h.services.levels.me(G, BOB)).karma;
    await handleKarmaInteraction(fakeInteraction('command', fields).interaction, h.services);
    expect((await h.services.levels.me(G, BOB)).karma).toBe(before);
    expect(contentOf(first.answers, 1)).toMatch(/^Gave 30 karma to <@/);
  });

  it('answers in the member’s Discord language, else the server’s, else English', async () => {
    const rank = async (locale: string, guildLocale: string | null) => {
      const { interaction, answers } = fakeInteraction('command', {
        commandName: 'rank',
        options: options({}),
        locale,
        guildLocale,
      });
      await handleKarmaInteraction(interaction, h.services);
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

  it('names the default quests and titles in the member’s language, and a guild’s own as written', async () => {
    const command = async (commandName: string, locale: string) => {
      const { interaction, answers } = fakeInteraction('command', {
        commandName,
        options: options({}),
        locale,
        guildLocale: 'en-US',
      });
      await handleKarmaInteraction(interaction, h.services);
      return (answers.at(-1)?.payload as { embeds: APIEmbed[] } | undefined)?.embeds[0];
    };
    const quests = await command('quests', 'ja');
    const names = quests?.fields?.map((f) => f.name) ?? [];
    expect(names.some((n) => n.includes('デイリーチェックイン'))).toBe(true);
    expect(names.some((n) => n.includes('Daily Check-in'))).toBe(false);
    expect(quests?.fields?.some((f) => f.value.startsWith('今日メッセージを 20 件送る。'))).toBe(true);
    expect((await command('quests', 'zh-TW'))?.fields?.some((f) => f.name.includes('每日報到'))).toBe(true);
    expect((await command('rank', 'ja'))?.description).toMatch(/^\*\*新人\*\*/);
    expect((await command('levels', 'ja'))?.description).toContain('新人');

    // A renamed quest keeps its admin's name in every language.
    const list = await h.services.quests.list(G, ALICE, 'daily');
    const renamed = {
      ...list,
      quests: list.quests.map((q) => (q.key === 'daily_check_in' ? { ...q, name: 'Morning Hello' } : q)),
    };
    const panel = questsPanel(renamed, translator('ja'));
    expect(panel.embeds[0]?.fields?.some((f) => f.name.includes('Morning Hello'))).toBe(true);
  });

  it('translates a refusal by its reason', async () => {
    const list = await h.services.quests.list(G, ALICE, 'daily');
    const quest = list.quests.find((q) => q.key === 'daily_check_in');
    const { interaction, answers } = fakeInteraction('button', {
      customId: `karma:claim:daily:${quest?.progressId}`,
      locale: 'zh-TW',
    });
    await handleKarmaInteraction(interaction, h.services);
    expect(contentOf(answers, 2)).toBe('這個任務的獎勵已經領取過了');
  });

  it('localizes command descriptions and choices but keeps names ASCII', () => {
    const commands = karmaCommands();
    const rank = commands.find((c) => c.name === 'rank');
    expect(rank?.name_localizations).toBeUndefined();
    expect(rank?.description_localizations).toEqual({
      'zh-TW': '查看你（或其他成員）的等級、積分與名次',
      'zh-CN': '查看你（或其他成員）的等級、積分與名次',
      ja: '自分（または他のメンバー）のレベル、カルマ、順位を表示',
    });
    const period = commands.find((c) => c.name === 'quests')?.options?.[0] as
      | { choices?: { name: string; name_localizations?: Record<string, string> }[] }
      | undefined;
    expect(period?.choices?.map((c) => [c.name, c.name_localizations?.ja])).toEqual([
      ['daily', 'デイリー'],
      ['weekly', 'ウィークリー'],
    ]);
    for (const command of commands) expect(command.name).toMatch(/^[a-z]+$/);
  });

  it('ignores interactions of other features', async () => {
    const { interaction } = fakeInteraction('command', { commandName: 'stats', options: options({}) });
    expect(await handleKarmaInteraction(interaction, h.services)).toBe(false);
  });

  it('keeps panels within Discord limits and pages the leaderboard with buttons', async () => {
    const long = 'x'.repeat(500);
    const en = translator('en');
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
      en,
    );
    expect(embedLength(lb.embeds[0] ?? {})).toBeLessThan(6000);
    const buttons = lb.components[0]?.components as { disabled: boolean; custom_id: string }[];
    expect(buttons.map((b) => [b.custom_id, b.disabled])).toEqual([
      ['karma:lb:0', true],
      ['karma:lb:2', false],
    ]);
    const quests = questsPanel(await h.services.quests.list(G, BOB, 'daily'), en);
    expect(quests.embeds[0]?.fields?.length).toBeLessThanOrEqual(25);
    expect(quests.components.length).toBeLessThanOrEqual(5);
    expect(embedLength(quests.embeds[0] ?? {})).toBeLessThan(6000);
    const achievements = achievementsPanel(await h.services.achievements.list(G, BOB), 'Bob', 2, en);
    expect(achievements.embeds[0]?.footer?.text).toBe('Page 2 of 3');
    expect(achievements.embeds[0]?.fields?.length).toBe(10);
  });
});
