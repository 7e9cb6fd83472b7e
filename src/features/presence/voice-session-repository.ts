/**
 * The voice half of `viewer_sessions` (owned by session-repository.ts): Discord voice sessions and
 * their `voice_states` history. The open voice sessions of members, the batch write of what the
 * planner touched, and the timelines karma reads. Runs inside the pipeline's batch transaction.
 */
import type { Queryable } from '../../platform/db/port.ts';
import type { VoiceSessionRecord, VoiceStateEntry, VoiceTimeline } from './domain/index.ts';
import { sessionDurationSeconds, viewerKey } from './domain/index.ts';

interface StoredVoiceState {
  at: string;
  selfMute: boolean;
  selfDeaf: boolean;
  mute: boolean;
  deaf: boolean;
  /** Karma's carried eligible milliseconds (domain/voice-spans.ts); absent when 0. */
  carryMs?: number;
}

const toStored = (s: VoiceStateEntry): StoredVoiceState => ({
  at: s.at.toISOString(),
  selfMute: s.selfMute,
  selfDeaf: s.selfDeaf,
  mute: s.mute,
  deaf: s.deaf,
  ...(s.carryMs ? { carryMs: s.carryMs } : {}),
});

export const fromStored = (s: StoredVoiceState): VoiceStateEntry => ({
  at: new Date(s.at),
  selfMute: s.selfMute,
  selfDeaf: s.selfDeaf,
  mute: s.mute,
  deaf: s.deaf,
  ...(s.carryMs ? { carryMs: s.carryMs } : {}),
});

/**
 * The open voice sessions of these members, with the channel each one is in, locked until the
 * transaction ends (in id order, as every writer of voice sessions locks them): the sweeper's span
 * cuts and the pipeline never overwrite each other's states.
 */
export async function openVoiceSessions(
  q: Queryable,
  members: readonly { guildId: string; userId: string }[],
): Promise<(VoiceSessionRecord & { stageId: string })[]> {
  if (members.length === 0) return [];
  const { rows } = await q.query<{
    id: string;
    stage_id: string;
    guild_id: string;
    user_id: string;
    joined_at: Date;
    voice_states: StoredVoiceState[];
    channel_id: string;
  }>(
    `SELECT s.id, s.stage_id, s.guild_id, s.user_id, s.joined_at, s.voice_states, st.external_id AS channel_id
     FROM unnest($1::bigint[], $2::bigint[]) AS m(guild_id, user_id)
     JOIN viewer_sessions s ON s.guild_id = m.guild_id AND s.user_id = m.user_id
       AND s.left_at IS NULL AND s.source = 'voice'
     JOIN stages st ON st.id = s.stage_id
     ORDER BY s.id
     FOR UPDATE OF s`,
    [members.map((m) => m.guildId), members.map((m) => m.userId)],
  );
  return rows.map((r) => ({
    id: r.id,
    stageId: r.stage_id,
    isNew: false,
    guildId: r.guild_id,
    userId: r.user_id,
    channelId: r.channel_id,
    joinedAt: r.joined_at,
    states: r.voice_states.map(fromStored),
    leftAt: null,
    endReason: null,
  }));
}

/**
 * Writes what planVoiceSessions touched: existing sessions first (a move closes one before the
 * new one opens, and the open-voice unique index sees them in that order), then new ones. Returns
 * the ids of the new sessions actually inserted.
 */
export async function writeVoiceSessions(
  q: Queryable,
  records: readonly (VoiceSessionRecord & { stageId: string })[],
): Promise<Set<string>> {
  const row = (r: VoiceSessionRecord & { stageId: string }) => ({
    id: r.id,
    stage_id: r.stageId,
    guild_id: r.guildId,
    user_id: r.userId,
    viewer_key: viewerKey({ userId: r.userId }),
    joined_at: r.joinedAt.toISOString(),
    left_at: r.leftAt?.toISOString() ?? null,
    duration: r.leftAt ? sessionDurationSeconds(r.joinedAt, r.leftAt) : null,
    reason: r.endReason,
    states: r.states.map(toStored),
  });
  const existing = records.filter((r) => !r.isNew).map(row);
  if (existing.length > 0) {
    await q.query(
      `UPDATE viewer_sessions s SET voice_states = r.states, left_at = r.left_at,
         watch_duration_seconds = r.duration, end_reason = r.reason
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, states jsonb, left_at timestamptz, duration integer, reason text)
       WHERE s.id = r.id AND s.left_at IS NULL`,
      [JSON.stringify(existing)],
    );
  }
  const fresh = records.filter((r) => r.isNew).map(row);
  if (fresh.length === 0) return new Set();
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO viewer_sessions (id, stage_id, guild_id, source, user_id, viewer_key, joined_at, left_at,
                                  watch_duration_seconds, end_reason, voice_states)
     SELECT r.id, r.stage_id, r.guild_id, 'voice', r.user_id, r.viewer_key, r.joined_at, r.left_at, r.duration,
            r.reason, r.states
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, stage_id bigint, guild_id bigint, user_id bigint,
       viewer_key text, joined_at timestamptz, left_at timestamptz, duration integer, reason text, states jsonb)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [JSON.stringify(fresh)],
  );
  return new Set(rows.map((r) => r.id));
}

/** Open voice sessions of a guild: what a full voice resync compares against. */
export async function openVoiceSessionsOfGuild(
  q: Queryable,
  guildId: string,
): Promise<{ id: string; stageId: string; userId: string; channelId: string }[]> {
  const { rows } = await q.query<{ id: string; stage_id: string; user_id: string; channel_id: string }>(
    `SELECT s.id, s.stage_id, s.user_id, st.external_id AS channel_id
     FROM viewer_sessions s JOIN stages st ON st.id = s.stage_id
     WHERE s.guild_id = $1 AND s.source = 'voice' AND s.left_at IS NULL`,
    [guildId],
  );
  return rows.map((r) => ({ id: r.id, stageId: r.stage_id, userId: r.user_id, channelId: r.channel_id }));
}

/**
 * The voice sessions of a stage that overlap [from, to], as timelines for voice.eligibleVoiceSeconds:
 * what karma needs to compute a member's eligible minutes (with the others as company).
 */
export async function voiceTimelinesOfStage(
  q: Queryable,
  stageId: string,
  from: Date,
  to: Date,
): Promise<(VoiceTimeline & { sessionId: string })[]> {
  const { rows } = await q.query<{
    id: string;
    user_id: string;
    joined_at: Date;
    left_at: Date | null;
    voice_states: StoredVoiceState[];
  }>(
    `SELECT id, user_id, joined_at, left_at, voice_states FROM viewer_sessions
     WHERE stage_id = $1 AND source = 'voice' AND joined_at <= $3 AND (left_at IS NULL OR left_at >= $2)
     ORDER BY joined_at`,
    [stageId, from, to],
  );
  return rows.map((r) => ({
    sessionId: r.id,
    userId: r.user_id,
    joinedAt: r.joined_at,
    leftAt: r.left_at,
    states: r.voice_states.map(fromStored),
  }));
}

/** Open voice sessions whose last state is at or before `cutoff`: the spans the sweeper cuts. */
export async function voiceSessionsDue(q: Queryable, cutoff: Date): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM viewer_sessions
     WHERE source = 'voice' AND left_at IS NULL
       AND coalesce((voice_states -> -1 ->> 'at')::timestamptz, joined_at) <= $1
     ORDER BY id`,
    [cutoff],
  );
  return rows.map((r) => r.id);
}

/** One open voice session, locked (see openVoiceSessions), or null once it has ended. */
export async function lockOpenVoiceSession(
  q: Queryable,
  id: string,
): Promise<(VoiceSessionRecord & { stageId: string }) | null> {
  const { rows } = await q.query<{
    stage_id: string;
    guild_id: string;
    user_id: string;
    joined_at: Date;
    voice_states: StoredVoiceState[];
    channel_id: string;
  }>(
    `SELECT s.stage_id, s.guild_id, s.user_id, s.joined_at, s.voice_states, st.external_id AS channel_id
     FROM viewer_sessions s JOIN stages st ON st.id = s.stage_id
     WHERE s.id = $1 AND s.left_at IS NULL AND s.source = 'voice'
     FOR UPDATE OF s`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id,
    stageId: r.stage_id,
    isNew: false,
    guildId: r.guild_id,
    userId: r.user_id,
    channelId: r.channel_id,
    joinedAt: r.joined_at,
    states: r.voice_states.map(fromStored),
    leftAt: null,
    endReason: null,
  };
}

export async function writeVoiceStates(
  q: Queryable,
  id: string,
  states: readonly VoiceStateEntry[],
): Promise<void> {
  await q.query('UPDATE viewer_sessions SET voice_states = $2::jsonb WHERE id = $1 AND left_at IS NULL', [
    id,
    JSON.stringify(states.map(toStored)),
  ]);
}
