import type { APIMessage } from 'discord-api-types/v10';
import { messageCreated } from '../../src/pipeline/normalize.ts';
import { Pipeline } from '../../src/pipeline/pipeline.ts';
import type { Db, Queryable } from '../../src/platform/db/port.ts';
import { createMemoryHotStore } from '../../src/platform/hot/memory.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { productPipelineFeatures } from '../../src/roles/features.ts';
import type { SimState, Simulator } from '../../src/sim/index.ts';
import { messageToApi } from '../../src/sim/serialize.ts';
import type { SimMessage } from '../../src/sim/types.ts';

/**
 * What a history import must produce, from the simulator's own store: the statistics of every
 * message a member wrote in the channels the bot can read, and what live processing of the same
 * messages in time order pays in karma.
 */

export interface StatsRow {
  day: string;
  channel: string;
  user: string;
  messages: number;
  words: number;
  attachments: number;
}

/** The generated community's guild and the channels the bot can read (all but the hidden ones). */
export function readableChannels(sim: Simulator): { guildId: string; readable: string[] } {
  const community = sim.community;
  if (!community) throw new Error('the simulator has no generated community');
  const guildId = community.guild.id;
  const hidden = new Set(community.hiddenChannels.map((c) => c.id));
  const readable = sim.state
    .guildChannels(guildId)
    .filter((c) => !hidden.has(c.id))
    .map((c) => c.id);
  return { guildId, readable };
}

/** Every message of the given channels, oldest first. */
export function simMessages(state: SimState, channelIds: readonly string[]): SimMessage[] {
  const all: SimMessage[] = [];
  for (const id of channelIds) all.push(...state.messages.history(id, { limit: Number.MAX_SAFE_INTEGER }));
  return all.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

function apiOf(state: SimState, message: SimMessage): APIMessage {
  return messageToApi(state, message, {}) as unknown as APIMessage;
}

/** message_stats_daily as the simulator's messages say it must be (members' own messages only). */
export function expectedStats(state: SimState, messages: readonly SimMessage[]): StatsRow[] {
  const rows = new Map<string, StatsRow>();
  for (const message of messages) {
    const author = state.users.get(message.authorId);
    if (author?.bot || message.webhookId || (message.type !== 0 && message.type !== 19)) continue;
    const event = messageCreated(apiOf(state, message), message.guildId ?? '', 'backfill');
    const day = event.at.toISOString().slice(0, 10);
    const key = `${day}|${message.channelId}|${message.authorId}`;
    const row = rows.get(key) ?? {
      day,
      channel: message.channelId,
      user: message.authorId,
      messages: 0,
      words: 0,
      attachments: 0,
    };
    row.messages += 1;
    row.words += event.words;
    row.attachments += event.attachments;
    rows.set(key, row);
  }
  return sortStats([...rows.values()]);
}

export async function storedStats(db: Queryable, guildId: string): Promise<StatsRow[]> {
  const { rows } = await db.query<StatsRow>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, channel_id::text AS channel, user_id::text AS user,
            messages, words, attachments
     FROM message_stats_daily WHERE guild_id = $1 AND messages > 0`,
    [guildId],
  );
  return sortStats(rows);
}

function sortStats(rows: StatsRow[]): StatsRow[] {
  return rows.sort((a, b) =>
    a.day !== b.day
      ? a.day < b.day
        ? -1
        : 1
      : a.channel !== b.channel
        ? a.channel < b.channel
          ? -1
          : 1
        : a.user < b.user
          ? -1
          : 1,
  );
}

export interface KarmaRow {
  user: string;
  total: number;
  messages: number;
  level: number;
  longest_streak: number;
}

export async function storedKarma(db: Queryable, guildId: string): Promise<KarmaRow[]> {
  const { rows } = await db.query<KarmaRow>(
    `SELECT user_id::text AS user, total::int AS total, messages, current_level AS level, longest_streak
     FROM user_karma WHERE guild_id = $1 AND (total <> 0 OR messages <> 0) ORDER BY user_id`,
    [guildId],
  );
  return rows;
}

/**
 * Feeds the messages, oldest first, through a fresh pipeline as live events into `db` (which
 * already holds the guild's members): the karma live processing would have given.
 */
export async function processLive(
  db: Db,
  state: SimState,
  guildId: string,
  messages: readonly SimMessage[],
): Promise<void> {
  const pipeline = new Pipeline({
    db,
    features: productPipelineFeatures(db, createMemoryHotStore(), silentLogger),
    logger: silentLogger,
    flushIntervalMs: 5,
  });
  try {
    for (let i = 0; i < messages.length; i += 1000) {
      await pipeline.submitAndWait(
        messages.slice(i, i + 1000).map((m) => messageCreated(apiOf(state, m), guildId, 'live')),
      );
    }
  } finally {
    await pipeline.close();
  }
}
