import { epochMs, pgArray, pgEpochMillis, pgNumbers } from '../../platform/db/arrays.ts';
import type { Queryable } from '../../platform/db/port.ts';
import type { KarmaSource } from '../karma/domain/index.ts';
import { isEncodedLive } from '../quests/domain/live-state.ts';
import type { MemberState } from './member-state.ts';

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
 * already in the ledger, or twice in this call, are silently dropped: that is exactly-once. The
 * statement answers with the keys it refused (almost always none), not with every row it wrote.
 */
export async function insertLedger(tx: Queryable, entries: readonly LedgerEntry[]): Promise<InsertedEntry[]> {
  if (entries.length === 0) return [];
  // The first of two entries with one key is the one the insert would keep.
  const unique = new Map<string, LedgerEntry>();
  for (const entry of entries) {
    const key = ledgerKey(entry.guildId, entry.source, entry.sourceId);
    if (!unique.has(key)) unique.set(key, entry);
  }
  const list = [...unique.values()];
  const { rows } = await tx.query<{ g: string; s: string; sid: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[],
                            $7::bigint[], $8::bigint[]) AS t(g, u, d, r, s, sid, a, c)
     ),
     inserted AS (
       INSERT INTO karma_ledger (guild_id, user_id, delta, reason, source, source_id, actor_id, created_at)
       SELECT g, u, d, r, s, sid, a, ${epochMs('c')} FROM input
       ON CONFLICT (guild_id, source, source_id) DO NOTHING
       RETURNING guild_id, source, source_id
     )
     SELECT g::text AS g, s, sid FROM input EXCEPT ALL SELECT guild_id::text, source, source_id FROM inserted`,
    [
      pgNumbers(list.map((e) => e.guildId)),
      pgNumbers(list.map((e) => e.userId)),
      pgNumbers(list.map((e) => e.delta)),
      pgArray(list.map((e) => e.reason)),
      pgArray(list.map((e) => e.source)),
      pgArray(list.map((e) => e.sourceId)),
      pgArray(list.map((e) => e.actorId ?? null)),
      pgEpochMillis(list.map((e) => e.at)),
    ],
  );
  for (const row of rows) unique.delete(ledgerKey(row.g, row.s, row.sid));
  return [...unique.values()].map((e) => ({
    guildId: e.guildId,
    userId: e.userId,
    delta: e.delta,
    source: e.source,
    sourceId: e.sourceId,
  }));
}

function ledgerKey(guildId: string, source: string, sourceId: string): string {
  return `${guildId}\u0000${source}\u0000${sourceId}`;
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
    [
      pgNumbers(triples.map((t) => t.guildId)),
      pgNumbers(triples.map((t) => t.userId)),
      pgNumbers(triples.map((t) => t.channelId)),
    ],
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
