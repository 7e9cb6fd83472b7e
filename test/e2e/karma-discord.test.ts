import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/pipeline/pipeline.ts';
import type { Db } from '../../src/platform/db/port.ts';
import { createMemoryHotStore } from '../../src/platform/hot/memory.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startBot } from '../../src/roles/bot.ts';
import { createFeatureServices } from '../../src/roles/feature-services.ts';
import { botCommands, interactionHandler, pipelineFeatures } from '../../src/roles/features.ts';
import { createRewards } from '../../src/roles/rewards.ts';
import { Lifecycle } from '../../src/roles/runtime.ts';
import type { Simulator } from '../../src/sim/index.ts';
import { startTestSimulator } from '../sim/helpers.ts';
import { openTestPglite } from '../support/databases.ts';
import { until } from '../support/eventually.ts';

type Wire = Record<string, unknown>;

function text(view: Wire): string {
  return JSON.stringify(view.original ?? view);
}

describe('karma in Discord, through the simulator', () => {
  let sim: Simulator;
  let db: Db;
  let client: Client;
  const lifecycle = new Lifecycle(silentLogger);
  let channelId: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    sim = await startTestSimulator({
      community: { seed: 11, members: 12, history: { messages: 10, days: 1 } },
    });
    db = await openTestPglite();
    const hot = createMemoryHotStore();
    const karma = createRewards({ db, hot, queue: undefined, logger: silentLogger });
    const services = createFeatureServices({
      db,
      hot,
      queue: undefined,
      logger: silentLogger,
      rewards: karma,
    });
    const pipeline = new Pipeline({
      db,
      features: pipelineFeatures({ hot, rewards: karma }),
      logger: silentLogger,
      flushIntervalMs: 10,
    });
    lifecycle.add('pipeline', () => pipeline.close());
    client = await startBot(silentLogger, lifecycle, {
      discord: { token: sim.bot.token, apiUrl: sim.apiUrl, demo: true },
      pipeline,
      commands: botCommands(),
      onInteraction: interactionHandler({ rewards: karma, services }),
    });
    channelId = sim.community?.textChannels[0]?.id ?? '';
    alice = sim.community?.memberIds[0] ?? '';
    bob = sim.community?.memberIds[1] ?? '';
  }, 60_000);

  afterAll(async () => {
    await lifecycle.stop();
    await sim?.close();
    await db?.close();
  });

  it('shows who is live in voice with /live', async () => {
    const empty = sim.control.slashCommand({ userId: alice, channelId, name: 'live' });
    expect(text(await sim.control.waitForResponse(empty.id, { settled: true }))).toContain(
      'Nobody is live right now.',
    );
    const voice = sim.community?.voiceChannels[0];
    if (!voice) throw new Error('no voice channel');
    sim.actions.setVoice(sim.community?.guild.id ?? '', alice, { channelId: voice.id });
    sim.actions.setVoice(sim.community?.guild.id ?? '', bob, { channelId: voice.id });
    await until(
      async () =>
        (
          await db.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM viewer_sessions WHERE left_at IS NULL',
          )
        ).rows[0]?.n ?? 0,
      (n) => n === 2,
    );
    const live = sim.control.slashCommand({ userId: alice, channelId, name: 'live' });
    const view = text(await sim.control.waitForResponse(live.id, { settled: true }));
    expect(view).toContain(`**${voice.name}** — 2`);
    expect(view).toContain(sim.state.users.get(alice)?.globalName ?? 'alice');
  });

  it('registers its slash commands at start', async () => {
    const names = (await client.application?.commands.fetch())?.map((c) => c.name) ?? [];
    expect(names).toEqual(
      expect.arrayContaining(['rank', 'leaderboard', 'quests', 'achievements', 'levels', 'karma', 'live']),
    );
  });

  it('pays members for chatting and shows it in /rank and /leaderboard', async () => {
    sim.actions.createMessage({ channelId, authorId: alice, content: 'hello everyone, nice to be here' });
    sim.actions.createMessage({ channelId, authorId: bob, content: 'welcome alice' });
    const totals = await until(
      async () =>
        (
          await db.query<{ user_id: string; total: string }>(
            'SELECT user_id, total FROM user_karma ORDER BY user_id',
          )
        ).rows,
      (rows) => rows.length === 2,
    );
    const aliceKarma = totals.find((r) => r.user_id === alice)?.total ?? '';
    expect(Number(aliceKarma)).toBeGreaterThanOrEqual(15);

    const rank = sim.control.slashCommand({ userId: alice, channelId, name: 'rank' });
    const rankView = await sim.control.waitForResponse(rank.id, { settled: true });
    expect(text(rankView)).toContain(aliceKarma);

    const board = sim.control.slashCommand({ userId: alice, channelId, name: 'leaderboard' });
    const boardView = await sim.control.waitForResponse(board.id, { settled: true });
    const boardText = text(boardView);
    expect(boardText).toContain(sim.state.users.get(alice)?.globalName ?? 'alice');
    expect(boardText).toContain(sim.state.users.get(bob)?.globalName ?? 'bob');
  });

  describe('in the member’s Discord language', () => {
    type Embed = { title?: string; description?: string; fields?: { name: string }[] };

    async function embedOf(
      name: string,
      locale: string,
      where: { userId?: string; channelId?: string } = {},
    ): Promise<Embed> {
      const invoked = sim.control.slashCommand({
        userId: where.userId ?? alice,
        channelId: where.channelId ?? channelId,
        name,
        locale,
      });
      const view = await sim.control.waitForResponse(invoked.id, { settled: true });
      return ((view.original as { embeds?: Embed[] } | null)?.embeds ?? [])[0] ?? {};
    }

    it('answers /rank and /leaderboard in Japanese and Chinese, and English for other languages', async () => {
      const [ja, zh, fr, jaBoard, zhBoard, frBoard] = await Promise.all([
        embedOf('rank', 'ja'),
        embedOf('rank', 'zh-TW'),
        embedOf('rank', 'fr'),
        embedOf('leaderboard', 'ja'),
        embedOf('leaderboard', 'zh-TW'),
        embedOf('leaderboard', 'fr'),
      ]);
      expect(ja.title).toMatch(/ — レベル \d+$/);
      expect(ja.fields?.map((f) => f.name)).toEqual(['カルマ', '順位']);
      expect(zh.title).toMatch(/ — 等級 \d+$/);
      expect(zh.fields?.map((f) => f.name)).toEqual(['積分', '名次']);
      expect(fr.title).toMatch(/ — level \d+$/);
      expect(fr.fields?.map((f) => f.name)).toEqual(['Karma', 'Rank']);
      expect([jaBoard.title, zhBoard.title, frBoard.title]).toEqual(['ランキング', '排行榜', 'Leaderboard']);
      expect(jaBoard.description).toContain('カルマ · レベル');
      expect(zhBoard.description).toContain('積分 · 等級');
    });

    it('falls back to the server’s language, stored from GUILD_CREATE', async () => {
      expect(
        (await db.query('SELECT preferred_locale FROM guilds WHERE id = $1', [sim.community?.guild.id]))
          .rows[0],
      ).toEqual({ preferred_locale: 'en-US' });
      const guild = sim.control.createGuild({ name: 'Taipei', ownerId: alice, preferredLocale: 'zh-TW' });
      const stored = await until(
        async () =>
          (await db.query('SELECT preferred_locale FROM guilds WHERE id = $1', [guild.id])).rows[0] ?? null,
        (row) => row !== null,
      );
      expect(stored).toEqual({ preferred_locale: 'zh-TW' });
      const rank = await embedOf('rank', 'fr', { channelId: guild.systemChannelId ?? '' });
      expect(rank.fields?.map((f) => f.name)).toEqual(['積分', '名次']);
    });

    it('registers command descriptions in Chinese and Japanese', () => {
      const rank = [...sim.state.commands.values()].find((c) => c.name === 'rank');
      expect(Object.keys(rank?.raw.description_localizations ?? {}).sort()).toEqual(['ja', 'zh-CN', 'zh-TW']);
    });
  });

  it('lets a member claim a completed quest with its button, once', async () => {
    const quests = sim.control.slashCommand({ userId: alice, channelId, name: 'quests' });
    const view = await sim.control.waitForResponse(quests.id, { settled: true });
    const original = view.original as {
      id: string;
      components?: { components: { custom_id: string; disabled?: boolean }[] }[];
    };
    const claim = original.components
      ?.flatMap((row) => row.components)
      .find((c) => c.custom_id.startsWith('karma:claim:') && !c.disabled);
    expect(claim).toBeDefined();
    const before = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM karma_ledger WHERE source = 'quest'",
    );
    // A double click: both clicks leave before the first answer replaces the panel (as a member's
    // client sends them), so the second cannot be refused for a button that is already gone.
    const press = () =>
      sim.control.clickButton({
        userId: alice,
        channelId,
        messageId: original.id,
        customId: claim?.custom_id ?? '',
      });
    const click = press();
    const again = press();
    await sim.control.waitForResponse(click.id, { settled: true });
    await sim.control.waitForResponse(again.id, { settled: true });
    await until(
      async () =>
        (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM karma_ledger WHERE source = 'quest'"))
          .rows[0]?.n ?? 0,
      (n) => n === (before.rows[0]?.n ?? 0) + 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM karma_ledger WHERE source = 'quest'",
    );
    expect(after.rows[0]?.n).toBe((before.rows[0]?.n ?? 0) + 1);
  });
});
