import { ConfigCache } from '../../src/features/rewards/config-cache.ts';
import type {
  GuildSnapshot,
  MemberSnapshot,
  MessageCreated,
  ReactionChanged,
} from '../../src/pipeline/events.ts';
import type { Queryable } from '../../src/platform/db/port.ts';
import { rewardCatalogs } from '../../src/roles/rewards.ts';

/** Builders of domain events and small SQL helpers for the tests of the reward features. */

export const G = '500000000000000001';
export const CH = '500000000000000010';
export const CH2 = '500000000000000011';
export const ALICE = '600000000000000001';
export const BOB = '600000000000000002';
export const CAROL = '600000000000000003';
export const BOT = '600000000000000099';

/** A Wednesday noon, ISO week 2026-W48. */
export const T0 = new Date('2026-11-25T12:00:00Z');

let sequence = 0;

export function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

export function message(
  options: {
    userId?: string;
    at?: Date;
    id?: string;
    channelId?: string;
    guildId?: string;
    bot?: boolean;
    system?: boolean;
    attachments?: number;
    reply?: boolean;
  } = {},
): MessageCreated {
  sequence += 1;
  const messageId = options.id ?? `7${String(sequence).padStart(17, '0')}`;
  return {
    kind: 'message.created',
    id: `m:${messageId}`,
    guildId: options.guildId ?? G,
    at: options.at ?? T0,
    source: 'live',
    messageId,
    channelId: options.channelId ?? CH,
    userId: options.userId ?? ALICE,
    authorIsBot: options.bot ?? false,
    system: options.system ?? false,
    words: 3,
    attachments: options.attachments ?? 0,
    isReply: options.reply ?? false,
  };
}

export function reaction(
  messageId: string,
  options: { userId?: string; authorId?: string | null; at?: Date; emoji?: string; bot?: boolean } = {},
): ReactionChanged {
  const userId = options.userId ?? BOB;
  const emoji = options.emoji ?? '👍';
  return {
    kind: 'reaction.added',
    id: `ra:${messageId}:${userId}:${emoji}`,
    guildId: G,
    at: options.at ?? T0,
    source: 'live',
    messageId,
    channelId: CH,
    userId,
    userIsBot: options.bot ?? false,
    messageAuthorId: options.authorId === undefined ? ALICE : options.authorId,
    emoji,
  };
}

export function memberOf(
  userId: string,
  options: { bot?: boolean; roleIds?: string[] } = {},
): MemberSnapshot {
  return {
    userId,
    username: `user${userId.slice(-3)}`,
    displayName: null,
    avatar: null,
    isBot: options.bot ?? false,
    roleIds: options.roleIds ?? [],
    joinedAt: new Date('2026-01-01T00:00:00Z'),
  };
}

export function snapshot(members: MemberSnapshot[], guildId = G): GuildSnapshot {
  return {
    kind: 'guild.snapshot',
    id: null,
    guildId,
    at: T0,
    source: 'live',
    guild: null,
    channels: null,
    roles: null,
    members,
    voiceStates: null,
  };
}

export async function totalOf(db: Queryable, userId: string, guildId = G): Promise<number> {
  const { rows } = await db.query<{ total: string }>(
    'SELECT total FROM user_karma WHERE guild_id = $1 AND user_id = $2',
    [guildId, userId],
  );
  return Number(rows[0]?.total ?? 0);
}

export async function ledgerSum(db: Queryable, userId: string, guildId = G): Promise<number> {
  const { rows } = await db.query<{ s: string | null }>(
    'SELECT sum(delta) AS s FROM karma_ledger WHERE guild_id = $1 AND user_id = $2',
    [guildId, userId],
  );
  return Number(rows[0]?.s ?? 0);
}

/** Sets stored settings sections directly (bypassing the service) and moves the version. */
export async function setSettings(
  db: Queryable,
  sections: Partial<Record<'karma' | 'levels' | 'announcements' | 'leaderboard', unknown>>,
  guildId = G,
): Promise<void> {
  // Seeds the guild as the first batch or request would.
  await new ConfigCache(rewardCatalogs).one(db, guildId);
  for (const [column, value] of Object.entries(sections)) {
    await db.query(
      `UPDATE guild_settings SET ${column} = $2::jsonb, version = version + 1 WHERE guild_id = $1`,
      [guildId, JSON.stringify(value)],
    );
  }
}

/** Imports refuse guilds Hearth has never seen; tests add theirs. */
export async function addGuild(db: Queryable, guildId: string, name = 'Test guild'): Promise<void> {
  await db.query('INSERT INTO guilds (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [
    guildId,
    name,
  ]);
}
