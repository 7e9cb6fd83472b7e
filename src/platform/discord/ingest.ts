import { type Client, Events } from 'discord.js';
import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import { normalizeDispatch } from '../../pipeline/normalize.ts';
import type { Pipeline } from '../../pipeline/pipeline.ts';
import type { Logger } from '../logger.ts';
import { RecentAuthors } from './authors.ts';

/**
 * Feeds every gateway dispatch the client receives into the pipeline. Reading the raw packets (not
 * discord.js objects) means the bot's memory does not depend on caches, and live events take the
 * exact code path history imports take with REST objects of the same shape.
 */
/**
 * Above Discord's large_threshold, GUILD_CREATE carries only a few members. The rest are asked for
 * with op 8 directly (not guild.members.fetch(), which would build 100,000 GuildMember objects);
 * the GUILD_MEMBERS_CHUNK answers arrive as raw dispatches like everything else.
 */
function requestMissingMembers(
  client: Client,
  guild: { id: string; member_count?: number; members?: unknown[]; unavailable?: boolean },
  shardId: number,
): void {
  if (guild.unavailable || (guild.member_count ?? 0) <= (guild.members?.length ?? 0)) return;
  client.ws.shards.get(shardId)?.send({ op: 8, d: { guild_id: guild.id, query: '', limit: 0 } });
}

export function ingestGateway(client: Client, pipeline: Pipeline, logger: Logger): () => void {
  const authors = new RecentAuthors();
  const onRaw = (packet: GatewayDispatchPayload, shardId: number) => {
    if (packet.t === 'MESSAGE_CREATE') authors.remember(packet.d.id, packet.d.author.id);
    if (packet.t === 'GUILD_CREATE') requestMissingMembers(client, packet.d, shardId);
    const events = normalizeDispatch(packet, {
      receivedAt: new Date(),
      authorOf: (_channelId, messageId) => authors.authorOf(messageId),
    });
    if (events.length === 0) return;
    pipeline.submit(events).catch((error: unknown) => {
      logger.error({ err: error, dispatch: packet.t }, 'could not hand a gateway event to the pipeline');
    });
  };
  client.on(Events.Raw, onRaw);
  return () => {
    client.off(Events.Raw, onRaw);
  };
}
