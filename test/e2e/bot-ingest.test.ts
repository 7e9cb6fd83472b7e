import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncGuild } from '../../src/features/sync/service.ts';
import { Pipeline } from '../../src/pipeline/pipeline.ts';
import type { Db } from '../../src/platform/db/port.ts';
import { createDiscordRest } from '../../src/platform/discord/rest.ts';
import { createMemoryHotStore } from '../../src/platform/hot/memory.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startBot } from '../../src/roles/bot.ts';
import { productPipelineFeatures } from '../../src/roles/features.ts';
import { Lifecycle } from '../../src/roles/runtime.ts';
import type { Simulator } from '../../src/sim/index.ts';
import { startTestSimulator } from '../sim/helpers.ts';
import { openTestPglite } from '../support/databases.ts';
import { until } from '../support/eventually.ts';

describe('the bot against the Discord simulator', () => {
  let sim: Simulator;
  let db: Db;
  let pipeline: Pipeline;
  let client: Client;
  const lifecycle = new Lifecycle(silentLogger);
  let guildId: string;
  let channelId: string;
  let alice: string;
  let bob: string;

  const totals = async () => {
    const { rows } = await db.query<{
      messages: number;
      reactions: number;
      edits: number;
      deletions: number;
    }>(
      `SELECT coalesce(sum(messages), 0)::int AS messages, coalesce(sum(reactions), 0)::int AS reactions,
              coalesce(sum(edits), 0)::int AS edits, coalesce(sum(deletions), 0)::int AS deletions
       FROM message_stats_daily WHERE day = current_date`,
    );
    return rows[0] ?? { messages: 0, reactions: 0, edits: 0, deletions: 0 };
  };

  beforeAll(async () => {
    sim = await startTestSimulator({
      community: { seed: 3, members: 12, history: { messages: 20, days: 2 } },
    });
    db = await openTestPglite();
    pipeline = new Pipeline({
      db,
      features: productPipelineFeatures(db, createMemoryHotStore(), silentLogger),
      logger: silentLogger,
      flushIntervalMs: 10,
    });
    lifecycle.add('pipeline', () => pipeline.close());
    client = await startBot(silentLogger, lifecycle, {
      discord: { token: sim.bot.token, apiUrl: sim.apiUrl, demo: true },
      pipeline,
    });
    const community = sim.community;
    if (!community) throw new Error('no community');
    guildId = community.guild.id;
    channelId = community.textChannels[0]?.id ?? '';
    alice = community.memberIds[0] ?? '';
    bob = community.memberIds[1] ?? '';
  }, 60_000);

  afterAll(async () => {
    await lifecycle.stop();
    await sim?.close();
    await db?.close();
  });

  it('stores the guild, its channels and members from GUILD_CREATE', async () => {
    const members = await until(
      async () =>
        (
          await db.query<{ n: number }>('SELECT count(*)::int AS n FROM members WHERE guild_id = $1', [
            guildId,
          ])
        ).rows[0]?.n ?? 0,
      (n) => n > 0,
    );
    expect(members).toBeGreaterThanOrEqual(12);
    const { rows } = await db.query<{ name: string }>('SELECT name FROM guilds WHERE id = $1', [guildId]);
    expect(rows[0]?.name).toBe(sim.community?.guild.name);
    const channels = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM channels WHERE guild_id = $1',
      [guildId],
    );
    expect(channels.rows[0]?.n).toBeGreaterThan(1);
  });

  it('counts messages, reactions, edits and deletions posted by members', async () => {
    const messages = Array.from({ length: 5 }, (_, i) =>
      sim.actions.createMessage({ channelId, authorId: alice, content: `hello number ${i}` }),
    );
    const first = messages[0];
    if (!first) throw new Error('no message');
    sim.actions.addReaction(first, bob, { id: null, name: '🔥' });
    sim.actions.editMessage(first, { content: 'edited' });
    sim.actions.deleteMessage(messages[4]?.channelId ?? channelId, messages[4]?.id ?? '');
    const t = await until(
      totals,
      (v) => v.messages === 5 && v.reactions === 1 && v.edits === 1 && v.deletions === 1,
    );
    expect(t).toEqual({ messages: 5, reactions: 1, edits: 1, deletions: 1 });
    // The deleted message was seen live, so its author is known.
    const { rows } = await db.query('SELECT user_id FROM message_stats_daily WHERE deletions > 0');
    expect(rows).toEqual([{ user_id: alice }]);
  });

  it('keeps members in step when people join and leave', async () => {
    const carol = sim.actions.createUser({ username: 'carol' });
    sim.actions.addMember(guildId, carol.id);
    await until(
      async () =>
        (
          await db.query('SELECT left_at FROM members WHERE guild_id = $1 AND user_id = $2', [
            guildId,
            carol.id,
          ])
        ).rows,
      (rows) => rows.length === 1,
    );
    sim.actions.removeMember(guildId, carol.id);
    const [row] = await until(
      async () =>
        (
          await db.query<{ left_at: Date | null }>(
            'SELECT left_at FROM members WHERE guild_id = $1 AND user_id = $2',
            [guildId, carol.id],
          )
        ).rows,
      (rows) => rows[0]?.left_at !== null,
    );
    expect(row?.left_at).toBeInstanceOf(Date);
  });

  it('passes voice states to the pipeline', async () => {
    const voice = sim.community?.voiceChannels[0];
    if (!voice) throw new Error('no voice channel');
    const before = pipeline.stats().applied;
    sim.actions.setVoice(guildId, alice, { channelId: voice.id });
    await until(
      async () => pipeline.stats().applied,
      (n) => n > before,
    );
  });

  it('counts nothing twice when Discord redelivers dispatches', async () => {
    const before = await totals();
    const duplicatesBefore = pipeline.stats().duplicates;
    const redelivered = sim.gateway.redeliver({ count: 8 });
    expect(redelivered).toBeGreaterThan(0);
    await until(
      async () => pipeline.stats().duplicates,
      (n) => n > duplicatesBefore,
    );
    await pipeline.flush();
    expect(await totals()).toEqual(before);
  });

  it('resumes after a gateway disconnect, replays what it missed and counts it once', async () => {
    const before = await totals();
    const resumed = new Promise<number>((resolve) =>
      client.once('shardResume', (_id, replayed) => resolve(replayed)),
    );
    sim.gateway.disconnect({ code: 4000 });
    sim.actions.createMessage({ channelId, authorId: bob, content: 'while you were away' });
    sim.actions.createMessage({ channelId, authorId: bob, content: 'still away' });
    await resumed;
    const after = await until(totals, (v) => v.messages === before.messages + 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await pipeline.flush();
    expect(await totals()).toEqual(after);
  });

  it('re-identifies after a non-resumable invalid session and keeps ingesting', async () => {
    const before = await totals();
    const ready = new Promise<void>((resolve) => client.once('shardReady', () => resolve()));
    sim.gateway.invalidateSession({ resumable: false });
    await ready;
    sim.actions.createMessage({ channelId, authorId: alice, content: 'after a fresh session' });
    await until(totals, (v) => v.messages === before.messages + 1);
  });

  it('syncs the guild over REST through 429 storms, 5xx bursts and slow responses', async () => {
    const rest = createDiscordRest({ token: sim.bot.token, apiUrl: sim.apiUrl });
    sim.faults.rest.storm429({ requests: 3, retryAfterMs: 50 });
    sim.faults.rest.burst5xx({ requests: 2, status: [502, 503] });
    sim.faults.rest.latency({ ms: 100, requests: 3 });
    const result = await syncGuild({ rest, pipeline, db }, guildId);
    expect(result.members).toBeGreaterThanOrEqual(12);
    expect(result.channels).toBeGreaterThan(1);
    const summary = sim.faults.rest.summary();
    expect(summary.injected429).toBeGreaterThanOrEqual(3);
    expect(summary.injected5xx).toBe(2);
  }, 30_000);
});
