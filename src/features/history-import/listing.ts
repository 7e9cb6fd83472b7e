import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import type { APIChannel, APIThreadChannel, RESTGetAPIGuildChannelsResult } from 'discord-api-types/v10';
import { Routes } from 'discord-api-types/v10';
import type { REST } from '../../platform/discord/rest.ts';
import { MESSAGE_CHANNEL_TYPES, THREAD_PARENT_TYPES } from './domain.ts';

/** A channel or thread an import reads. */
export interface ImportChannel {
  id: string;
  parentId: string | null;
  name: string;
  type: number;
  /** Discord's id of the channel's newest message, when it says. */
  lastMessageId: string | null;
}

/** The guild itself cannot be read (the bot was removed, or it never was there): the task fails. */
export class GuildUnreadable extends Error {
  constructor(guildId: string, cause: string) {
    super(`guild ${guildId} cannot be read from Discord: ${cause}`);
    this.name = 'GuildUnreadable';
  }
}

/** 4xx answers other than 429: retrying the same request cannot help. */
export function isRefusal(error: unknown): error is DiscordAPIError | HTTPError {
  return (
    (error instanceof DiscordAPIError || error instanceof HTTPError) &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 429
  );
}

export function describeError(error: unknown): string {
  if (error instanceof DiscordAPIError) return `${error.status} ${error.code}: ${error.message}`;
  if (error instanceof HTTPError) return `${error.status}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Every channel with messages the import should read: the guild's text, voice and stage channels and
 * announcement channels, their active threads and their archived public and private threads. With
 * `only`, just those channels and the threads under them. Thread listings the bot may not see
 * (private archived threads need Manage Threads) are left out, not fatal.
 */
export async function listImportChannels(
  rest: REST,
  guildId: string,
  only: readonly string[] | null,
  signal?: AbortSignal,
): Promise<ImportChannel[]> {
  let channels: RESTGetAPIGuildChannelsResult;
  try {
    channels = (await rest.get(Routes.guildChannels(guildId), { signal })) as RESTGetAPIGuildChannelsResult;
  } catch (error) {
    if (isRefusal(error)) throw new GuildUnreadable(guildId, describeError(error));
    throw error;
  }
  const wanted = only ? new Set(only) : null;
  const parents = channels.filter((c) => THREAD_PARENT_TYPES.has(c.type) && (!wanted || wanted.has(c.id)));
  const threads = new Map<string, APIThreadChannel>();
  const active = (await optional(() => rest.get(Routes.guildActiveThreads(guildId), { signal }))) as {
    threads: APIThreadChannel[];
  } | null;
  for (const thread of active?.threads ?? []) threads.set(thread.id, thread);
  for (const parent of parents) {
    for (const route of [
      Routes.channelThreads(parent.id, 'public'),
      Routes.channelThreads(parent.id, 'private'),
    ]) {
      for (const thread of await archivedThreads(rest, route, signal)) threads.set(thread.id, thread);
    }
  }
  const result: ImportChannel[] = [];
  for (const channel of [...channels, ...threads.values()] as APIChannel[]) {
    if (!MESSAGE_CHANNEL_TYPES.has(channel.type)) continue;
    const parentId = 'parent_id' in channel ? (channel.parent_id ?? null) : null;
    if (wanted && !wanted.has(channel.id) && !(parentId && wanted.has(parentId))) continue;
    const lastMessageId = 'last_message_id' in channel ? (channel.last_message_id ?? null) : null;
    result.push({
      id: channel.id,
      parentId,
      name: 'name' in channel ? (channel.name ?? '') : '',
      type: channel.type,
      lastMessageId,
    });
  }
  return result;
}

async function archivedThreads(
  rest: REST,
  route: `/${string}`,
  signal?: AbortSignal,
): Promise<APIThreadChannel[]> {
  const found: APIThreadChannel[] = [];
  let before: string | null = null;
  for (;;) {
    const query = new URLSearchParams({ limit: '100' });
    if (before) query.set('before', before);
    const page = (await optional(() => rest.get(route, { query, signal }))) as {
      threads: APIThreadChannel[];
      has_more: boolean;
    } | null;
    if (!page) return found;
    found.push(...page.threads);
    const last = page.threads[page.threads.length - 1]?.thread_metadata?.archive_timestamp;
    if (!page.has_more || !last || last === before) return found;
    before = last;
  }
}

/** A listing the bot may be refused: null instead of an error. */
async function optional<R>(request: () => Promise<R>): Promise<R | null> {
  try {
    return await request();
  } catch (error) {
    if (isRefusal(error)) return null;
    throw error;
  }
}
