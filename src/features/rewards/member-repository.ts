import { epochMs, pgArray, pgEpochMillis, pgNumbers } from '../../platform/db/arrays.ts';
import type { Queryable } from '../../platform/db/port.ts';
import { type EncodedLive, isEncodedLive } from '../quests/domain/live-state.ts';
import type { MemberRef, MemberState } from './domain/member-state.ts';

/**
 * SQL of `user_karma` (and, through its triggers, `leaderboard_counts`): the members' reward state
 * in batches, one statement per step whatever the number of members, with unnest() arrays, so the
 * pipeline's cost per batch stays flat; and the narrow reads the reward features make of one member.
 * The member's synced roles and bot flag come along from sync's `members` in the same statement:
 * a second round trip per batch would cost the pipeline more than the join.
 */

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
 * Members whose `user_karma` row this process has seen, so that a batch of them skips the insert of
 * missing rows (a statement and ~1,500 index probes per 4,000-event batch). Only a hint: rows are
 * never deleted by Hearth, and if one was (by an operator, a test), the lock finds fewer rows than
 * asked for and creates the missing ones then. Bounded; forgetting everything is always safe.
 */
export class KnownMembers {
  readonly #keys = new Set<string>();
  readonly #max: number;

  constructor(max = 50_000) {
    this.#max = max;
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  add(keys: Iterable<string>): void {
    for (const key of keys) {
      if (this.#keys.size >= this.#max) this.#keys.clear();
      this.#keys.add(key);
    }
  }
}

/**
 * Loads the members' rows, creating missing ones, and locks them until the transaction ends. The
 * row lock is the member's mutex: the pipeline, claims, adjustments and voice awards all take it
 * first (in key order, so two writers never deadlock), then read-modify-write freely. Two statements
 * rather than one upsert-returning: SELECT ... FOR UPDATE marks rows locked in place, where an
 * upsert's no-op update would write a new version of every row of every batch. With `known`, members
 * already seen skip the first statement.
 */
export async function lockMembers(
  tx: Queryable,
  refs: readonly MemberRef[],
  known?: KnownMembers,
): Promise<MemberState[]> {
  if (refs.length === 0) return [];
  // A batch names the same busy members over and over: send each once.
  const keys = new Set<string>();
  const guilds: string[] = [];
  const users: string[] = [];
  let allKnown = known !== undefined;
  for (const ref of refs) {
    const key = `${ref.guildId}:${ref.userId}`;
    if (keys.has(key)) continue;
    keys.add(key);
    guilds.push(ref.guildId);
    users.push(ref.userId);
    if (allKnown && !known?.has(key)) allKnown = false;
  }
  let fresh = new Set<string>();
  let rows: MemberRow[];
  if (allKnown) {
    rows = await selectLocked(tx, guilds, users);
    if (rows.length < keys.size) {
      const found = new Set(rows.map((r) => `${r.guild_id}:${r.user_id}`));
      const missing = refsOf([...keys].filter((key) => !found.has(key)));
      fresh = await insertMissing(tx, missing.guilds, missing.users);
      rows = rows.concat(await selectLocked(tx, missing.guilds, missing.users));
    }
  } else {
    fresh = await insertMissing(tx, guilds, users);
    rows = await selectLocked(tx, guilds, users);
  }
  known?.add(keys);
  return rows.map((row) => toState(row, !fresh.has(`${row.guild_id}:${row.user_id}`)));
}

function refsOf(keys: readonly string[]): { guilds: string[]; users: string[] } {
  const guilds: string[] = [];
  const users: string[] = [];
  for (const key of keys) {
    const [guildId, userId] = key.split(':') as [string, string];
    guilds.push(guildId);
    users.push(userId);
  }
  return { guilds, users };
}

/**
 * Creates the rows that do not exist; returns their keys. NOT EXISTS skips the speculative insertion
 * (and its conflict check) for rows that exist; rows another writer is inserting right now are
 * invisible to it and still meet ON CONFLICT.
 */
async function insertMissing(tx: Queryable, guilds: string[], users: string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ guild_id: string; user_id: string }>(
    `INSERT INTO user_karma (guild_id, user_id)
     SELECT g, u FROM unnest($1::bigint[], $2::bigint[]) AS t(g, u)
     WHERE NOT EXISTS (SELECT 1 FROM user_karma x WHERE x.guild_id = t.g AND x.user_id = t.u)
     ORDER BY g, u
     ON CONFLICT (guild_id, user_id) DO NOTHING RETURNING guild_id, user_id`,
    [pgNumbers(guilds), pgNumbers(users)],
  );
  return new Set(rows.map((r) => `${r.guild_id}:${r.user_id}`));
}

async function selectLocked(tx: Queryable, guilds: string[], users: string[]): Promise<MemberRow[]> {
  const { rows } = await tx.query<MemberRow>(
    `SELECT uk.guild_id, uk.user_id, uk.total, uk.current_level, uk.current_streak, uk.longest_streak,
            uk.last_active_day, uk.last_message_reward_at, uk.history_reward_at, uk.given_window, uk.given_in_window,
            uk.received_window, uk.received_in_window, uk.messages, uk.replies, uk.attachments,
            uk.reactions_given, uk.reactions_received, uk.voice_minutes, uk.quests_completed,
            uk.distinct_channels, uk.achievement_keys, uk.quest_state, m.is_bot,
            m.role_ids::text[] AS member_roles
     FROM unnest($1::bigint[], $2::bigint[]) AS k(g, u)
     JOIN user_karma uk ON uk.guild_id = k.g AND uk.user_id = k.u
     LEFT JOIN members m ON m.guild_id = k.g AND m.user_id = k.u
     ORDER BY uk.guild_id, uk.user_id
     FOR UPDATE OF uk`,
    [pgNumbers(guilds), pgNumbers(users)],
  );
  return rows;
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
       last_active_day = d.lad, last_message_reward_at = ${epochMs('d.lmr')},
       given_window = d.gw, given_in_window = d.giw,
       received_window = d.rw, received_in_window = d.riw, messages = d.msg, replies = d.rep,
       attachments = d.att, reactions_given = d.rg, reactions_received = d.rr, voice_minutes = d.vm,
       quests_completed = d.qc, distinct_channels = d.dc,
       achievement_keys = CASE WHEN d.ak = '' THEN '{}'::text[] ELSE string_to_array(d.ak, ',') END,
       quest_state = CASE WHEN d.qch THEN d.qs::jsonb ELSE uk.quest_state END,
       history_reward_at = ${epochMs('d.hra')},
       updated_at = now()
     FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::int[], $5::int[], $6::int[], $7::date[],
                 $8::bigint[], $9::bigint[], $10::int[], $11::bigint[], $12::int[], $13::int[],
                 $14::int[], $15::int[], $16::int[], $17::int[], $18::int[], $19::int[], $20::int[],
                 $21::text[], $22::text[], $23::boolean[], $24::bigint[])
       AS d(g, u, total, lvl, cs, ls, lad, lmr, gw, giw, rw, riw, msg, rep, att, rg, rr, vm, qc, dc, ak, qs, qch, hra)
     WHERE uk.guild_id = d.g AND uk.user_id = d.u`,
    [
      pgNumbers(col((s) => s.guildId)),
      pgNumbers(col((s) => s.userId)),
      pgNumbers(col((s) => s.total)),
      pgNumbers(col((s) => s.level)),
      pgNumbers(col((s) => s.currentStreak)),
      pgNumbers(col((s) => s.longestStreak)),
      pgArray(col((s) => s.lastActiveDay)),
      pgEpochMillis(col((s) => s.lastMessageRewardAt)),
      pgNumbers(col((s) => s.givenWindow)),
      pgNumbers(col((s) => s.givenInWindow)),
      pgNumbers(col((s) => s.receivedWindow)),
      pgNumbers(col((s) => s.receivedInWindow)),
      pgNumbers(col((s) => s.messages)),
      pgNumbers(col((s) => s.replies)),
      pgNumbers(col((s) => s.attachments)),
      pgNumbers(col((s) => s.reactionsGiven)),
      pgNumbers(col((s) => s.reactionsReceived)),
      pgNumbers(col((s) => s.voiceMinutes)),
      pgNumbers(col((s) => s.questsCompleted)),
      pgNumbers(col((s) => s.distinctChannels)),
      // Achievement keys are [a-z0-9_]: a comma-joined string keeps one array per row in unnest.
      pgArray(col((s) => s.achievementKeys.join(','))),
      pgArray(col((s) => (s.questStateChanged && s.questState ? JSON.stringify(s.questState) : null))),
      pgArray(col((s) => s.questStateChanged)),
      pgEpochMillis(col((s) => s.historyRewardAt)),
    ],
  );
}

/** One member's stored row, for the summary and achievement panels. */
export interface StoredMember {
  total: number;
  currentStreak: number;
  longestStreak: number;
  lastActiveDay: string | null;
  messages: number;
  replies: number;
  attachments: number;
  reactionsGiven: number;
  reactionsReceived: number;
  voiceMinutes: number;
  questsCompleted: number;
  distinctChannels: number;
  achievements: number;
}

/** The member's row without locking it; null when the member never earned or did anything. */
export async function readMember(
  db: Queryable,
  guildId: string,
  userId: string,
): Promise<StoredMember | null> {
  const { rows } = await db.query<{
    total: string;
    current_streak: number;
    longest_streak: number;
    last_active_day: string | null;
    messages: number;
    replies: number;
    attachments: number;
    reactions_given: number;
    reactions_received: number;
    voice_minutes: number;
    quests_completed: number;
    distinct_channels: number;
    achievements: number;
  }>(
    `SELECT total, current_streak, longest_streak, last_active_day, messages, replies, attachments,
            reactions_given, reactions_received, voice_minutes, quests_completed, distinct_channels,
            cardinality(achievement_keys) AS achievements
     FROM user_karma WHERE guild_id = $1 AND user_id = $2`,
    [guildId, userId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    total: Number(row.total),
    currentStreak: row.current_streak,
    longestStreak: row.longest_streak,
    lastActiveDay: row.last_active_day,
    messages: row.messages,
    replies: row.replies,
    attachments: row.attachments,
    reactionsGiven: row.reactions_given,
    reactionsReceived: row.reactions_received,
    voiceMinutes: row.voice_minutes,
    questsCompleted: row.quests_completed,
    distinctChannels: row.distinct_channels,
    achievements: row.achievements,
  };
}

/** The member's karma (0 without a row). */
export async function memberTotal(db: Queryable, guildId: string, userId: string): Promise<number> {
  const { rows } = await db.query<{ total: string }>(
    'SELECT total FROM user_karma WHERE guild_id = $1 AND user_id = $2',
    [guildId, userId],
  );
  return Number(rows[0]?.total ?? 0);
}

const READ_CHUNK = 10_000;

/** Members' karma totals; members without a row are absent (they have none). */
export async function memberTotals(
  db: Queryable,
  guildId: string,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (let start = 0; start < userIds.length; start += READ_CHUNK) {
    const { rows } = await db.query<{ user_id: string; total: string }>(
      `SELECT uk.user_id, uk.total FROM unnest($2::bigint[]) AS u(id)
       JOIN user_karma uk ON uk.guild_id = $1 AND uk.user_id = u.id`,
      [guildId, userIds.slice(start, start + READ_CHUNK)],
    );
    for (const row of rows) totals.set(row.user_id, Number(row.total));
  }
  return totals;
}

/** The member's live quest state as stored (null without a row or before any quest moved). */
export async function questStateOf(
  db: Queryable,
  guildId: string,
  userId: string,
): Promise<EncodedLive | null> {
  const { rows } = await db.query<{ quest_state: unknown }>(
    'SELECT quest_state FROM user_karma WHERE guild_id = $1 AND user_id = $2',
    [guildId, userId],
  );
  const raw = rows[0]?.quest_state;
  return isEncodedLive(raw) ? raw : null;
}

/**
 * Locks the next `limit` members of a guild after `afterUserId`, in key order (the lock order of
 * every writer), and returns their totals and stored levels.
 */
export async function lockLevelChunk(
  tx: Queryable,
  guildId: string,
  afterUserId: string,
  limit: number,
): Promise<{ userId: string; total: number; level: number }[]> {
  const { rows } = await tx.query<{ user_id: string; total: string; current_level: number }>(
    `SELECT user_id, total, current_level FROM user_karma
     WHERE guild_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3 FOR UPDATE`,
    [guildId, afterUserId, limit],
  );
  return rows.map((row) => ({ userId: row.user_id, total: Number(row.total), level: row.current_level }));
}

/** Stores new levels of members locked by `lockLevelChunk`. */
export async function setLevels(
  tx: Queryable,
  guildId: string,
  levels: readonly { userId: string; level: number }[],
): Promise<void> {
  if (levels.length === 0) return;
  await tx.query(
    `UPDATE user_karma uk SET current_level = d.lvl, updated_at = now()
     FROM unnest($2::bigint[], $3::int[]) AS d(u, lvl)
     WHERE uk.guild_id = $1 AND uk.user_id = d.u`,
    [guildId, levels.map((l) => l.userId), levels.map((l) => l.level)],
  );
}
