import { type Client, Events } from 'discord.js';
import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import { RecentAuthors } from '../platform/discord/authors.ts';
import type { Logger } from '../platform/logger.ts';
import { normalizeDispatch } from './normalize.ts';
import type { Pipeline } from './pipeline.ts';

/**
 * Feeds every gateway dispatch the client receives into the pipeline: the pipeline's Discord adapter,
 * here rather than in src/platform/discord/ because the platform imports no pipeline. Reading the raw
 * packets (not discord.js objects) means the bot's memory does not depend on caches, and live events
 * take the exact code path history imports take with REST objects of the same shape.
 *
 * @param onPartialGuild called for a guild whose GUILD_CREATE lacked members (above Discord's
 *   large_threshold): the caller has a worker fetch them over REST in pages, so the bot never holds
 *   100,000 members at once (op 8 would make discord.js build a GuildMember for each).
 */
export function ingestGateway(
  client: Client,
  pipeline: Pipeline,
  logger: Logger,
  onPartialGuild: (guildId: string) => void = () => {},
): () => void {
  const authors = new RecentAuthors();
  const onRaw = (packet: GatewayDispatchPayload) => {
    if (packet.t === 'MESSAGE_CREATE') authors.remember(packet.d.id, packet.d.author.id);
    if (packet.t === 'GUILD_CREATE' && isPartial(packet.d)) onPartialGuild(packet.d.id);
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

function isPartial(guild: { member_count?: number; members?: unknown[]; unavailable?: boolean }): boolean {
  return guild.unavailable !== true && (guild.member_count ?? 0) > (guild.members?.length ?? 0);
}
