/**
 * The stages of Discord voice and stage channels, created on first sight: what the pipeline needs
 * to put a member's voice session on a stage. The channel's name and type come from the guild
 * directory (sync's channels) when it knows the channel.
 */
import type { Queryable } from '../../platform/db/port.ts';
import type { PresenceDirectory } from './directory.ts';
import { discordStageOf } from './domain/index.ts';
import {
  channelKey,
  type DiscordChannelRef,
  findDiscordStages,
  insertDiscordStages,
} from './stage-repository.ts';

/** The live stage of each of these Discord channels, by `channelKey`; missing ones are created. */
export async function ensureDiscordStages(
  q: Queryable,
  directory: PresenceDirectory | undefined,
  channels: readonly DiscordChannelRef[],
  at: Date,
): Promise<Map<string, string>> {
  const wanted = [...new Map(channels.map((c) => [channelKey(c.guildId, c.channelId), c])).values()];
  const byKey = await findDiscordStages(q, wanted);
  const missing = wanted.filter((c) => !byKey.has(channelKey(c.guildId, c.channelId)));
  if (missing.length === 0) return byKey;
  const known = directory
    ? await directory.channels(
        q,
        missing.map((c) => c.channelId),
      )
    : new Map<string, { name: string; type: number }>();
  await insertDiscordStages(
    q,
    missing.map((c) => ({ ...c, ...discordStageOf(c.channelId, known.get(c.channelId)) })),
    at,
  );
  for (const [key, stageId] of await findDiscordStages(q, missing)) byKey.set(key, stageId);
  return byKey;
}

export function stageOfChannel(
  stages: ReadonlyMap<string, string>,
  guildId: string,
  channelId: string,
): string | undefined {
  return stages.get(channelKey(guildId, channelId));
}
