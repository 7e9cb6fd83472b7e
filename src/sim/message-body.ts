import { isRecord, jsonArray, optBoolean, optNumber, optString } from './json.ts';
import { DiscordHttpError, ErrorCode, invalidField } from './rest/errors.ts';
import type { SimState } from './state.ts';
import type { JsonValue, SimAttachment } from './types.ts';

export interface MessageBody {
  content?: string;
  embeds?: JsonValue[];
  components?: JsonValue[];
  attachments?: SimAttachment[];
  flags?: number;
  tts?: boolean;
  nonce?: string | number;
  reference?: { messageId: string; channelId?: string };
}

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string | null;
  size: number;
}

const MAX_CONTENT = 2000;
const MAX_EMBEDS = 10;

/**
 * Validates a message create/edit body the way Discord does (50035 with a field path) and keeps
 * only what the simulator stores. Files uploaded as multipart become attachments.
 */
export function parseMessageBody(
  state: SimState,
  raw: unknown,
  files: readonly UploadedFile[] = [],
  options: { requireSomething: boolean } = { requireSomething: true },
): MessageBody {
  const body = isRecord(raw) ? raw : {};
  const out: MessageBody = {};
  if (body.content !== undefined && body.content !== null) {
    if (typeof body.content !== 'string')
      throw invalidField(['content'], 'BASE_TYPE_STRING', 'Must be a string.');
    if (body.content.length > MAX_CONTENT) {
      throw invalidField(['content'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CONTENT} or fewer in length.`);
    }
    out.content = body.content;
  }
  if (body.embeds !== undefined && body.embeds !== null) {
    const embeds = jsonArray(body.embeds);
    if (!embeds) throw invalidField(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    if (embeds.length > MAX_EMBEDS) {
      throw invalidField(['embeds'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_EMBEDS} or fewer in length.`);
    }
    embeds.forEach((embed, i) => {
      if (!isRecord(embed))
        throw invalidField(
          ['embeds', String(i)],
          'MODEL_TYPE_CONVERT',
          'Only dictionaries may be used in a ModelType',
        );
      const title = embed.title;
      if (typeof title === 'string' && title.length > 256) {
        throw invalidField(
          ['embeds', String(i), 'title'],
          'BASE_TYPE_MAX_LENGTH',
          'Must be 256 or fewer in length.',
        );
      }
    });
    out.embeds = embeds.map((e) => (isRecord(e) ? { type: 'rich', ...e } : e));
  }
  if (body.components !== undefined && body.components !== null) {
    const components = jsonArray(body.components);
    if (!components) throw invalidField(['components'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    out.components = components;
  }
  const flags = optNumber(body.flags);
  if (flags !== undefined) out.flags = flags;
  const tts = optBoolean(body.tts);
  if (tts !== undefined) out.tts = tts;
  if (typeof body.nonce === 'string' || typeof body.nonce === 'number') out.nonce = body.nonce;
  if (isRecord(body.message_reference)) {
    const messageId = optString(body.message_reference.message_id);
    const channelId = optString(body.message_reference.channel_id);
    if (messageId) out.reference = channelId ? { messageId, channelId } : { messageId };
  }
  const attachments: SimAttachment[] = files.map((f) => ({
    id: state.snowflakes.next(),
    filename: f.filename,
    size: f.size,
    contentType: f.contentType,
  }));
  if (attachments.length > 0) out.attachments = attachments;
  if (options.requireSomething) {
    const empty =
      !out.content &&
      !(out.embeds && out.embeds.length > 0) &&
      !(out.components && out.components.length > 0) &&
      attachments.length === 0 &&
      body.sticker_ids === undefined &&
      body.poll === undefined;
    if (empty)
      throw new DiscordHttpError(400, ErrorCode.CannotSendEmptyMessage, 'Cannot send an empty message');
  }
  return out;
}

export interface Mentions {
  userIds: string[];
  roleIds: string[];
  everyone: boolean;
}

/** Mentions Discord resolves from content: <@id>, <@!id>, <@&role>, @everyone and @here. */
export function extractMentions(state: SimState, content: string, guildId: string | null): Mentions {
  const userIds = new Set<string>();
  const roleIds = new Set<string>();
  for (const match of content.matchAll(/<@(!|&)?(\d{15,21})>/g)) {
    const id = match[2];
    if (!id) continue;
    if (match[1] === '&') {
      if (guildId && state.roles.get(id)?.guildId === guildId) roleIds.add(id);
    } else if (state.users.has(id)) userIds.add(id);
  }
  return { userIds: [...userIds], roleIds: [...roleIds], everyone: /@(everyone|here)\b/.test(content) };
}

/** Finds a component by custom_id anywhere in a message's component tree. */
export function findComponent(
  components: readonly JsonValue[] | undefined,
  customId: string,
): Record<string, unknown> | undefined {
  for (const c of components ?? []) {
    if (!isRecord(c)) continue;
    if (c.custom_id === customId) return c;
    const nested = [c.components, c.component, c.accessory].flatMap((v) =>
      Array.isArray(v) ? v : v === undefined ? [] : [v],
    );
    const found = findComponent(jsonArray(nested), customId);
    if (found) return found;
  }
  return undefined;
}
