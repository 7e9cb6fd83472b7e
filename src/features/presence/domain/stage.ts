/**
 * Live presence rules, free of I/O: the TTL window that makes viewer counts exact, session
 * durations, the capacity rule, what is kept of a viewer's address and country, time ranges and
 * statistics. Voice state transitions and karma-eligible minutes live in `voice.ts`.
 */
import { isIPv4, isIPv6 } from 'node:net';

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
export const RETENTION_DAYS = 90;
/** `?days=` of the stats route: a range spans at most RETENTION_DAYS + 1 days. */
export const MAX_STATS_DAYS = RETENTION_DAYS + 1;
export const SNAPSHOT_INTERVAL_MINUTES = 5;

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

/** When a session that stopped heartbeating ended: at its last heartbeat, never before it began. */
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

// ---------------------------------------------------------------------------------------------
// Address and country. The address is truncated, not hashed: a hash of an IPv4 address is
// reversed by trying all 2^32 of them, so it stays personal data, whereas a /24 (IPv4) or /48 (IPv6)
// prefix names a network, which is what abuse and audience analysis need.
// ---------------------------------------------------------------------------------------------

export function truncateIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  if (isIPv4(address)) {
    const [a, b, c] = address.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (isIPv6(address)) {
    const groups = expandIpv6(address);
    if (!groups) return null;
    return `${compressIpv6([...groups.slice(0, 3), '0', '0', '0', '0', '0'])}/48`;
  }
  return null;
}

/** RFC 5952 text: the longest run of two or more zero groups becomes `::`. */
function compressIpv6(groups: readonly string[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

/** The eight 16-bit groups of an IPv6 address, lower case without leading zeros. */
function expandIpv6(address: string): string[] | null {
  const [head = '', tail] = address.toLowerCase().split('%')[0]?.split('::') ?? [];
  const parse = (part: string | undefined): string[] => (part ? part.split(':') : []);
  let left = parse(head);
  let right = parse(tail);
  // An embedded IPv4 tail (::1.2.3.4) is two groups.
  const convert = (groups: string[]): string[] => {
    const last = groups[groups.length - 1];
    if (last === undefined || !isIPv4(last)) return groups;
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    return [...groups.slice(0, -1), ((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  };
  left = convert(left);
  right = convert(right);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return null;
  const groups = [...left, ...Array<string>(Math.max(missing, 0)).fill('0'), ...right];
  return groups.map((g) => Number.parseInt(g, 16).toString(16));
}

/**
 * ISO 3166-1 alpha-2 country from a proxy header such as Cloudflare's CF-IPCountry. Cloudflare's
 * `XX` (unknown) and `T1` (Tor) are not countries and become null.
 */
export function countryFromHeader(value: string | readonly string[] | undefined): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return null;
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || code === 'XX' || code === 'T1') return null;
  return code;
}

export const USER_AGENT_MAX_LENGTH = 512;

export function clipUserAgent(value: string | undefined): string | null {
  if (!value) return null;
  return value.length > USER_AGENT_MAX_LENGTH ? value.slice(0, USER_AGENT_MAX_LENGTH) : value;
}

// ---------------------------------------------------------------------------------------------
// Time ranges, snapshots, retention.
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_MS = DAY_MS;
export const MAX_RANGE_MS = (RETENTION_DAYS + 1) * DAY_MS;

export type RangeResult =
  | { ok: true; from: Date; to: Date }
  | { ok: false; field: 'from' | 'to'; message: string };

/** `to` defaults to now and `from` to a day before `to`; a range must be forward and at most the retention long. */
export function resolveRange(from: Date | undefined, to: Date | undefined, nowMs: number): RangeResult {
  const end = to ?? new Date(nowMs);
  const start = from ?? new Date(end.getTime() - DEFAULT_RANGE_MS);
  if (Number.isNaN(end.getTime())) return { ok: false, field: 'to', message: 'to is not a valid date' };
  if (Number.isNaN(start.getTime())) return { ok: false, field: 'from', message: 'from is not a valid date' };
  if (start.getTime() >= end.getTime())
    return { ok: false, field: 'from', message: 'from must be before to' };
  if (end.getTime() - start.getTime() > MAX_RANGE_MS) {
    return { ok: false, field: 'from', message: `a range spans at most ${RETENTION_DAYS + 1} days` };
  }
  return { ok: true, from: start, to: end };
}

/**
 * The slot a snapshot belongs to: the start of its 5-minute interval. Keyed by (stage, slot), a
 * snapshot job that runs twice for the same slot writes once.
 */
export function snapshotSlot(nowMs: number, intervalMinutes = SNAPSHOT_INTERVAL_MINUTES): Date {
  const interval = intervalMinutes * 60_000;
  return new Date(Math.floor(nowMs / interval) * interval);
}

export function retentionCutoff(nowMs: number, days = RETENTION_DAYS): Date {
  return new Date(nowMs - days * DAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Statistics.
// ---------------------------------------------------------------------------------------------

/** What SQL aggregates over a range; `summarizeStats` turns it into the API's answer. */
export interface RawStageStats {
  snapshotCount: number;
  snapshotPeak: number | null;
  snapshotSum: number;
  totalSessions: number;
  uniqueViewers: number;
  totalWatchSeconds: number;
  /** The longest session that began in the range (an open one counting its time so far). */
  maxWatchSeconds: number;
  byCountry: { country: string | null; sessions: number; uniqueViewers: number; watchSeconds: number }[];
}

export interface StageStats {
  from: Date;
  to: Date;
  /** The highest count seen: snapshots of the range, and the live count when the range reaches now. */
  peakViewers: number;
  /** Mean of the snapshot counts (snapshots are evenly spaced); 0 without snapshots. */
  averageViewers: number;
  snapshots: number;
  totalSessions: number;
  uniqueViewers: number;
  totalWatchSeconds: number;
  averageWatchSeconds: number;
  maxWatchSeconds: number;
  byCountry: { country: string | null; sessions: number; uniqueViewers: number; watchSeconds: number }[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function summarizeStats(
  raw: RawStageStats,
  range: { from: Date; to: Date },
  liveCount: number | null,
): StageStats {
  const peak = Math.max(raw.snapshotPeak ?? 0, liveCount ?? 0);
  return {
    from: range.from,
    to: range.to,
    peakViewers: peak,
    averageViewers: raw.snapshotCount === 0 ? 0 : round2(raw.snapshotSum / raw.snapshotCount),
    snapshots: raw.snapshotCount,
    totalSessions: raw.totalSessions,
    uniqueViewers: raw.uniqueViewers,
    totalWatchSeconds: raw.totalWatchSeconds,
    averageWatchSeconds: raw.totalSessions === 0 ? 0 : round2(raw.totalWatchSeconds / raw.totalSessions),
    maxWatchSeconds: raw.maxWatchSeconds,
    // Most watched first; unknown country last among equals so that real countries lead.
    byCountry: [...raw.byCountry].sort(
      (a, b) =>
        b.sessions - a.sessions ||
        Number(a.country === null) - Number(b.country === null) ||
        (a.country ?? '').localeCompare(b.country ?? ''),
    ),
  };
}
