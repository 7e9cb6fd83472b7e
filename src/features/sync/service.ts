import type {
  APIGuild,
  APIGuildMember,
  APIRole,
  APIThreadChannel,
  RESTGetAPIGuildChannelsResult,
} from 'discord-api-types/v10';
import { Routes } from 'discord-api-types/v10';
import type { MemberSnapshot } from '../../pipeline/events.ts';
import { channelSnapshot, guildInfo, memberSnapshot, roleSnapshot } from '../../pipeline/normalize.ts';
import type { Pipeline } from '../../pipeline/pipeline.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { REST } from '../../platform/discord/rest.ts';
import { ServiceError } from '../../platform/errors.ts';
import type { Queue } from '../../platform/queue/index.ts';
import {
  type ChannelListing,
  type GuildSummary,
  guildChannels,
  guildRoles,
  guildSummaries,
  markMissingMembersLeft,
  type RoleListing,
} from './repository.ts';

export const SYNC_QUEUE = 'discord-sync';

export interface SyncJobData {
  guildId: string;
}

/** What the API asks of sync: the guilds, channels and roles Hearth mirrors, and a refresh. */
export interface SyncService {
  /** The guilds Hearth is in: all of them (`all`), or those among `guildIds`. */
  guilds(scope: { all: boolean; guildIds: readonly string[] }): Promise<GuildSummary[]>;
  channels(guildId: string): Promise<ChannelListing[]>;
  roles(guildId: string): Promise<RoleListing[]>;
  /**
   * Asks a worker to refresh a guild from Discord; one pending sync per guild, so a second request
   * while one waits is the same request (null: already queued). Refused while the queue starts.
   */
  requestSync(guildId: string): Promise<string | null>;
}

export function createSyncService(deps: { db: Queryable; queue: Queue | undefined }): SyncService {
  return {
    guilds: (scope) => guildSummaries(deps.db, scope),
    channels: (guildId) => guildChannels(deps.db, guildId),
    roles: (guildId) => guildRoles(deps.db, guildId),
    async requestSync(guildId) {
      const queue = deps.queue;
      if (!queue)
        throw new ServiceError('unavailable', 'this process has no job queue', { reason: 'no_queue' });
      return queue.send<SyncJobData>(SYNC_QUEUE, { guildId }, { singletonKey: guildId });
    },
  };
}

export interface SyncResult {
  guildId: string;
  channels: number;
  roles: number;
  members: number;
  left: number;
}

const MEMBER_PAGE = 1000;

/**
 * Seed 001's SyncService: refreshes a guild's roles, channels and members from Discord's REST API,
 * through the same pipeline as gateway events, then marks members Discord no longer lists as left.
 */
export async function syncGuild(
  deps: { rest: REST; pipeline: Pipeline; db: Queryable; now?: () => Date },
  guildId: string,
): Promise<SyncResult> {
  const now = deps.now ?? (() => new Date());
  const guild = (await deps.rest.get(Routes.guild(guildId), {
    query: new URLSearchParams({ with_counts: 'true' }),
  })) as APIGuild & { approximate_member_count?: number };
  const channels = (await deps.rest.get(Routes.guildChannels(guildId))) as RESTGetAPIGuildChannelsResult;
  const threads = (
    (await deps.rest.get(Routes.guildActiveThreads(guildId))) as { threads: APIThreadChannel[] }
  ).threads;
  const roles = guild.roles as APIRole[];
  await deps.pipeline.submitAndWait([
    {
      kind: 'guild.snapshot',
      id: null,
      guildId,
      at: now(),
      source: 'live',
      guild: guildInfo({ ...guild, member_count: guild.approximate_member_count ?? 0 }),
      channels: [...channels, ...threads].map((c) => channelSnapshot(c)),
      roles: roles.map(roleSnapshot),
      members: [],
      voiceStates: null,
    },
  ]);

  const seen: string[] = [];
  let after = '0';
  for (;;) {
    const page = (await deps.rest.get(Routes.guildMembers(guildId), {
      query: new URLSearchParams({ limit: String(MEMBER_PAGE), after }),
    })) as APIGuildMember[];
    const members: MemberSnapshot[] = page.filter((m) => m.user).map((m) => memberSnapshot(m));
    if (members.length > 0) {
      await deps.pipeline.submitAndWait([
        {
          kind: 'guild.snapshot',
          id: null,
          guildId,
          at: now(),
          source: 'live',
          guild: null,
          channels: null,
          roles: null,
          members,
          voiceStates: null,
        },
      ]);
      for (const m of members) seen.push(m.userId);
    }
    if (page.length < MEMBER_PAGE) break;
    after = page[page.length - 1]?.user.id ?? after;
  }
  const left = await markMissingMembersLeft(deps.db, guildId, seen, now());
  return {
    guildId,
    channels: channels.length + threads.length,
    roles: roles.length,
    members: seen.length,
    left,
  };
}
