/** Presence's SQL for what dashboards watch: a guild's viewers over time, a stage's current viewers. */
import type { Queryable } from '../../platform/db/port.ts';
import type { SessionSource } from './domain/index.ts';

export interface GuildSnapshotRow {
  takenAt: Date;
  /** The sum over the guild's stages of their counts in this 5-minute slot. */
  viewerCount: number;
}

/**
 * The guild's viewers per snapshot slot. Deleted stages still count: their snapshots are the
 * guild's past audience until retention removes them. A slot with no row had no stage with
 * viewers (the snapshot job writes stages that may have viewers only).
 */
export async function guildSnapshots(
  q: Queryable,
  guildId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<GuildSnapshotRow[]> {
  const { rows } = await q.query<{ taken_at: Date; viewer_count: number }>(
    `SELECT s.taken_at, sum(s.viewer_count)::integer AS viewer_count
     FROM viewer_stats_snapshots s JOIN stages st ON st.id = s.stage_id
     WHERE st.guild_id = $1 AND s.taken_at >= $2 AND s.taken_at <= $3
     GROUP BY s.taken_at ORDER BY s.taken_at LIMIT $4`,
    [guildId, from, to, limit],
  );
  return rows.map((r) => ({ takenAt: r.taken_at, viewerCount: r.viewer_count }));
}

export interface CurrentViewerRow {
  sessionId: string;
  source: SessionSource;
  userId: string | null;
  participantId: string | null;
  /** The member's display name (else username) when Hearth knows the member. */
  name: string | null;
  joinedAt: Date;
}

/** The open sessions among `sessionIds` (the ones the hot set counts), with the members' names. */
export async function currentViewers(
  q: Queryable,
  stageId: string,
  sessionIds: readonly string[],
): Promise<CurrentViewerRow[]> {
  if (sessionIds.length === 0) return [];
  const { rows } = await q.query<{
    id: string;
    source: SessionSource;
    user_id: string | null;
    participant_id: string | null;
    name: string | null;
    joined_at: Date;
  }>(
    `SELECT vs.id, vs.source, vs.user_id, vs.participant_id, COALESCE(m.display_name, m.username) AS name,
            vs.joined_at
     FROM viewer_sessions vs
     LEFT JOIN members m ON m.guild_id = vs.guild_id AND m.user_id = vs.user_id
     WHERE vs.stage_id = $1 AND vs.id = ANY($2::uuid[]) AND vs.left_at IS NULL`,
    [stageId, sessionIds],
  );
  return rows.map((r) => ({
    sessionId: r.id,
    source: r.source,
    userId: r.user_id,
    participantId: r.participant_id,
    name: r.name,
    joinedAt: r.joined_at,
  }));
}
