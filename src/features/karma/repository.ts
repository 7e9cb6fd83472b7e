import type { Queryable } from '../../platform/db/port.ts';
import { isEncodedLive } from '../quests/live.ts';
import type { KarmaSource } from './domain/index.ts';
import type { MemberState } from './members.ts';

/**
 * The ledger and `user_karma` in batches: one statement per step whatever the number of members,
 * with unnest() arrays, so the pipeline's cost per batch stays flat.
 */

export interface MemberRef {
  guildId: string;
  userId: string;
}

interface MemberRow {
  guild_id: string;
  user_id: string;
  total: string;
  current_level: number;
  current_streak: number;
  longest_streak: number;
  last_active_day: string | null;
  last_message_reward_at: Date | null;
  history_reward_at: Date | null;
  given_window: string;
  given_in_window: number;
  received_window: string;
  received_in_window: number;
  messages: number;
  replies: number;
  attachments: number;
  reactions_given: number;
  reactions_received: number;
  voice_minutes: number;
  quests_completed: number;
  distinct_channels: number;
  achievement_keys: string[];
  quest_state: unknown;
  is_bot: boolean | null;
  member_roles: string[] | null;
}

/**
 * Loads the members' rows, creating missing ones, and locks them until the transaction ends. The
 * row lock is the member's mutex: the pipeline, claims, adjustments and voice awards all take it
 * first (in key order, so two writers never deadlock), then read-modify-write freely. Two statements
 * rather than one upsert-returning: SELECT ... FOR UPDATE marks rows locked in place, where an
 * upsert's no-op update would write a new version of every row of every batch.
 */
export async function lockMembers(tx: Queryable, refs: readonly MemberRef[]): Promise<MemberState[]> {
  if (refs.length === 0) return [];
  const guilds = refs.map((r) => r.guildId);
  const users = refs.map((r) => r.userId);
  const created = await tx.query<{ guild_id: string; user_id: string }>(
    `INSERT INTO user_karma (guild_id, user_id)
     SELECT DISTINCT g, u FROM unnest($1::bigint[], $2::bigint[]) AS t(g, u) ORDER BY g, u
     ON CONFLICT (guild_id, user_id) DO NOTHING RETURNING guild_id, user_id`,
    [guilds, users],
  );
  const fresh = new Set(created.rows.map((r) => `${r.guild_id}:${r.user_id}`));
  const { rows } = await tx.query<MemberRow>(
    `SELECT uk.guild_id, uk.user_id, uk.total, uk.current_level, uk.current_streak, uk.longest_streak,
            uk.last_active_day, uk.last_message_reward_at, uk.history_reward_at, uk.given_window, uk.given_in_window,
            uk.received_window, uk.received_in_window, uk.messages, uk.replies, uk.attachments,
            uk.reactions_given, uk.reactions_received, uk.voice_minutes, uk.quests_completed,
            uk.distinct_channels, uk.achievement_keys, uk.quest_state, m.is_bot,
            m.role_ids::text[] AS member_roles
     FROM (SELECT DISTINCT g, u FROM unnest($1::bigint[], $2::bigint[]) AS t(g, u)) k
     JOIN user_karma uk ON uk.guild_id = k.g AND uk.user_id = k.u
     LEFT JOIN members m ON m.guild_id = k.g AND m.user_id = k.u
     ORDER BY uk.guild_id, uk.user_id
     FOR UPDATE OF uk`,
    [guilds, users],
  );
  return rows.map((row) => toState(row, !fresh.has(`${row.guild_id}:${row.user_id}`)));
}

function toState(row: MemberRow, existed: boolean): MemberState {
  const total = Number(row.total);
  return {
    guildId: row.guild_id,
    userId: row.user_id,
    total,
    level: row.current_level,
    currentStreak: row.current_streak,
    longestStreak: row.longest_streak,
    lastActiveDay: row.last_active_day,
    lastMessageRewardAt: row.last_message_reward_at,
    historyRewardAt: row.history_reward_at,
    givenWindow: Number(row.given_window),
    givenInWindow: row.given_in_window,
    receivedWindow: Number(row.received_window),
    receivedInWindow: row.received_in_window,
    messages: row.messages,
    replies: row.replies,
    attachments: row.attachments,
    reactionsGiven: row.reactions_given,
    reactionsReceived: row.reactions_received,
    voiceMinutes: row.voice_minutes,
    questsCompleted: row.quests_completed,
    distinctChannels: row.distinct_channels,
    achievementKeys: row.achievement_keys,
    questState: isEncodedLive(row.quest_state) ? row.quest_state : null,
    questStateChanged: false,
    isBot: row.is_bot,
    roleIds: row.member_roles ?? [],
    existed,
    loadedTotal: total,
    loadedLevel: row.current_level,
    lastChannelId: null,
  };
}

/** Writes the members' state back (they are locked by `lockMembers`). */
export async function saveMembers(tx: Queryable, states: readonly MemberState[]): Promise<void> {
  if (states.length === 0) return;
  const col = <T>(pick: (s: MemberState) => T): T[] => states.map(pick);
  await tx.query(
    `UPDATE user_karma uk SET
       total = d.total, current_level = d.lvl, current_streak = d.cs, longest_streak = d.ls,
       last_active_day = d.lad, last_message_reward_at = d.lmr, given_window = d.gw, given_in_window = d.giw,
       received_window = d.rw, received_in_window = d.riw, messages = d.msg, replies = d.rep,
       attachments = d.att, reactions_given = d.rg, reactions_received = d.rr, voice_minutes = d.vm,
       quests_completed = d.qc, distinct_channels = d.dc,
       achievement_keys = CASE WHEN d.ak = '' THEN '{}'::text[] ELSE string_to_array(d.ak, ',') END,
       quest_state = CASE WHEN d.qch THEN d.qs::jsonb ELSE uk.quest_state END, history_reward_at = d.hra,
       updated_at = now()
     FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::int[], $5::int[], $6::int[], $7::date[],
                 $8::timestamptz[], $9::bigint[], $10::int[], $11::bigint[], $12::int[], $13::int[],
                 $14::int[], $15::int[], $16::int[], $17::int[], $18::int[], $19::int[], $20::int[],
                 $21::text[], $22::text[], $23::boolean[], $24::timestamptz[])
       AS d(g, u, total, lvl, cs, ls, lad, lmr, gw, giw, rw, riw, msg, rep, att, rg, rr, vm, qc, dc, ak, qs, qch, hra)
     WHERE uk.guild_id = d.g AND uk.user_id = d.u`,
    [
      col((s) => s.guildId),
      col((s) => s.userId),
      col((s) => s.total),
      col((s) => s.level),
      col((s) => s.currentStreak),
      col((s) => s.longestStreak),
      col((s) => s.lastActiveDay),
      col((s) => s.lastMessageRewardAt?.toISOString() ?? null),
      col((s) => s.givenWindow),
      col((s) => s.givenInWindow),
      col((s) => s.receivedWindow),
      col((s) => s.receivedInWindow),
      col((s) => s.messages),
      col((s) => s.replies),
      col((s) => s.attachments),
      col((s) => s.reactionsGiven),
      col((s) => s.reactionsReceived),
      col((s) => s.voiceMinutes),
      col((s) => s.questsCompleted),
      col((s) => s.distinctChannels),
      // Achievement keys are [a-z0-9_]: a comma-joined string keeps one array per row in unnest.
      col((s) => s.achievementKeys.join(',')),
      col((s) => (s.questStateChanged && s.questState ? JSON.stringify(s.questState) : null)),
      col((s) => s.questStateChanged),
      col((s) => s.historyRewardAt?.toISOString() ?? null),
    ],
  );
}

export interface LedgerEntry {
  guildId: string;
  userId: string;
  delta: number;
  reason: string;
  source: KarmaSource;
  sourceId: string;
  at: Date;
  actorId?: string | null;
}

export interface InsertedEntry {
  guildId: string;
  userId: string;
  delta: number;
  source: KarmaSource;
  sourceId: string;
}

/**
 * Inserts ledger rows; returns only those that were new. Rows whose (guild, source, source id) is
 * already in the ledger, or twice in this call, are silently dropped: that is exactly-once.
 */
export async function insertLedger(tx: Queryable, entries: readonly LedgerEntry[]): Promise<InsertedEntry[]> {
  if (entries.length === 0) return [];
  const { rows } = await tx.query<{
    guild_id: string;
    user_id: string;
    delta: number;
    source: KarmaSource;
    source_id: string;
  }>(
    `INSERT INTO karma_ledger (guild_id, user_id, delta, reason, source, source_id, actor_id, created_at)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[],
                          $7::bigint[], $8::timestamptz[])
     ON CONFLICT (guild_id, source, source_id) DO NOTHING
     RETURNING guild_id, user_id, delta, source, source_id`,
    [
      entries.map((e) => e.guildId),
      entries.map((e) => e.userId),
      entries.map((e) => e.delta),
      entries.map((e) => e.reason),
      entries.map((e) => e.source),
      entries.map((e) => e.sourceId),
      entries.map((e) => e.actorId ?? null),
      entries.map((e) => e.at.toISOString()),
    ],
  );
  return rows.map((row) => ({
    guildId: row.guild_id,
    userId: row.user_id,
    delta: row.delta,
    source: row.source,
    sourceId: row.source_id,
  }));
}

/** Records channels members posted in; returns how many were new per member key. */
export async function addMemberChannels(
  tx: Queryable,
  triples: readonly { guildId: string; userId: string; channelId: string }[],
): Promise<Map<string, number>> {
  const fresh = new Map<string, number>();
  if (triples.length === 0) return fresh;
  const { rows } = await tx.query<{ guild_id: string; user_id: string }>(
    `INSERT INTO karma_member_channels (guild_id, user_id, channel_id)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])
     ON CONFLICT DO NOTHING RETURNING guild_id, user_id`,
    [triples.map((t) => t.guildId), triples.map((t) => t.userId), triples.map((t) => t.channelId)],
  );
  for (const row of rows) {
    const key = `${row.guild_id}:${row.user_id}`;
    fresh.set(key, (fresh.get(key) ?? 0) + 1);
  }
  return fresh;
}

/** Unlocks achievements; returns the (member key, achievement key) pairs that were new. */
export async function insertUnlocks(
  tx: Queryable,
  unlocks: readonly { guildId: string; userId: string; key: string; at: Date }[],
): Promise<{ guildId: string; userId: string; key: string }[]> {
  if (unlocks.length === 0) return [];
  const { rows } = await tx.query<{ guild_id: string; user_id: string; achievement_key: string }>(
    `INSERT INTO user_achievements (guild_id, user_id, achievement_key, unlocked_at)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[])
     ON CONFLICT DO NOTHING RETURNING guild_id, user_id, achievement_key`,
    [
      unlocks.map((u) => u.guildId),
      unlocks.map((u) => u.userId),
      unlocks.map((u) => u.key),
      unlocks.map((u) => u.at.toISOString()),
    ],
  );
  return rows.map((row) => ({ guildId: row.guild_id, userId: row.user_id, key: row.achievement_key }));
}

export interface LevelChangeRow {
  guildId: string;
  userId: string;
  fromLevel: number;
  toLevel: number;
  channelId: string | null;
}

export async function insertLevelChanges(tx: Queryable, changes: readonly LevelChangeRow[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO level_changes (guild_id, user_id, from_level, to_level, channel_id)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::bigint[])`,
    [
      changes.map((c) => c.guildId),
      changes.map((c) => c.userId),
      changes.map((c) => c.fromLevel),
      changes.map((c) => c.toLevel),
      changes.map((c) => c.channelId),
    ],
  );
}
