/**
 * Live presence rules, free of I/O: stages, the TTL window that makes viewer counts exact, session
 * durations, the capacity rule and who a viewer is. What is kept of a viewer's client is in
 * `client.ts`, ranges and statistics in `stats.ts`, voice state transitions and karma-eligible
 * minutes in `voice.ts` and `voice-spans.ts`.
 */
export const STAGE_KINDS = ['discord_voice', 'discord_stage', 'external'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** Discord channel types that are stages of presence (GUILD_VOICE, GUILD_STAGE_VOICE). */
export const DISCORD_CHANNEL_VOICE = 2;
export const DISCORD_CHANNEL_STAGE = 13;

export const DEFAULT_TTL_SECONDS = 120;
export const MIN_TTL_SECONDS = 10;
export const MAX_TTL_SECONDS = 3600;
export const DEFAULT_MAX_VIEWERS = 50;
export const MAX_MAX_VIEWERS = 1_000_000;

export type SessionSource = 'web' | 'voice';
export const END_REASONS = ['left', 'moved', 'timeout', 'stage_deleted', 'resync'] as const;
export type EndReason = (typeof END_REASONS)[number];

export interface Stage {
  id: string;
  guildId: string;
  kind: StageKind;
  externalId: string;
  name: string;
  isMaster: boolean;
  maxViewers: number;
  ttlSeconds: number;
  allowAnonymous: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The kind of stage a Discord channel becomes; unknown types (or no channel row) count as voice. */
export function stageKindOfChannel(type: number | null | undefined): StageKind {
  return type === DISCORD_CHANNEL_STAGE ? 'discord_stage' : 'discord_voice';
}

/**
 * What a Discord channel's stage is on first sight: kind and name from the channel when Hearth
 * knows it, else a voice stage named after the channel id.
 */
export function discordStageOf(
  channelId: string,
  channel: { name: string; type: number } | undefined,
): { kind: StageKind; name: string } {
  return { kind: stageKindOfChannel(channel?.type), name: channel?.name ?? `voice ${channelId}` };
}

export function isDiscordStage(kind: StageKind): boolean {
  return kind !== 'external';
}

// ---------------------------------------------------------------------------------------------
// The TTL window. A viewer's sorted-set score is their last heartbeat in epoch ms; they count while
// that heartbeat is at most `ttl` old. Voice members carry +Infinity: present until they leave.
// ---------------------------------------------------------------------------------------------

/** The oldest heartbeat (epoch ms, inclusive) that still counts at `nowMs`. */
export function windowStart(nowMs: number, ttlSeconds: number): number {
  return nowMs - ttlSeconds * 1000;
}

export function isPresent(lastHeartbeatMs: number, nowMs: number, ttlSeconds: number): boolean {
  return lastHeartbeatMs >= windowStart(nowMs, ttlSeconds);
}

/** Heartbeat cadence suggested to players: four chances within one TTL, so one lost beat never counts. */
export function heartbeatIntervalSeconds(ttlSeconds: number): number {
  return Math.max(1, Math.floor(ttlSeconds / 4));
}

/**
 * Whether a stage admits a viewer, given how many are present once the newcomer is counted. The
 * join adds first and counts afterwards, so two simultaneous joins for the last seat cannot both
 * get in; at worst both are refused and one retries.
 */
export function admits(
  stage: Pick<Stage, 'isMaster' | 'maxViewers'>,
  presentIncludingNewcomer: number,
): boolean {
  return stage.isMaster || presentIncludingNewcomer <= stage.maxViewers;
}

/** Whole seconds between join and leave, never negative (a late leave event cannot predate the join). */
export function sessionDurationSeconds(joinedAt: Date, leftAt: Date): number {
  return Math.max(0, Math.round((leftAt.getTime() - joinedAt.getTime()) / 1000));
}

/**
 * The sweeper copies a web session's last heartbeat to PostgreSQL once it moved on by this much:
 * with heartbeats every 30 s and a sweep a minute, about one row update per viewer per minute.
 */
export const LAST_SEEN_STEP_MS = 30_000;
/**
 * How far that copy may lag behind a live viewer's real last heartbeat (a sweep interval, the
 * copy step and a heartbeat interval). A session the hot store lost is ended at its copied
 * last-seen time only when even this slack past the TTL cannot make it live; within it, the viewer
 * keeps the session by heartbeating again.
 */
export const LAST_SEEN_SLACK_MS = 120_000;

/**
 * The best last-seen time of an open session when the hot store does not know it (lost with a
 * restart or a flush): the heartbeat the sweeper last copied to PostgreSQL, else the join.
 */
export function lastSeenMs(session: { joinedAt: Date; lastSeenAt: Date | null }): number {
  return Math.max(session.joinedAt.getTime(), session.lastSeenAt?.getTime() ?? 0);
}

/** When a session that stopped heartbeating ended: at its last heartbeat, never before it began. */
export function timeoutLeftAt(joinedAt: Date, lastHeartbeatMs: number): Date {
  return new Date(Math.max(joinedAt.getTime(), lastHeartbeatMs));
}

// ---------------------------------------------------------------------------------------------
// Who a viewer is. The hot set holds session ids; one open session per viewer and stage (a unique
// index) makes "sessions present" the same as "viewers present".
// ---------------------------------------------------------------------------------------------

export type Viewer = { userId: string } | { participantId: string };

export function viewerKey(viewer: Viewer): string {
  return 'userId' in viewer ? `u:${viewer.userId}` : `a:${viewer.participantId}`;
}
