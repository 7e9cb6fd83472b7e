/**
 * Response shapes of the routes the dashboard calls, written by hand from their Fastify schemas
 * (src/features/auth/http.ts, activity/http.ts, sync/http.ts, health/http.ts, history-import/http.ts,
 * ...). To be generated from `/docs/json` once the API grows; until then a change to a route's
 * schema changes this file.
 */

export type Role = 'member' | 'admin' | 'service';

/** The error body every route answers with (docs/api.md). */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  field?: string;
  requestId?: string;
}

/** GET /auth/me */
export interface Me {
  user: { id: string; name: string; avatar: string | null };
  /** The guild the session acts on; null when the user has none Hearth is in. */
  guildId: string | null;
  role: Role;
  guilds: GuildChoice[];
}

export interface GuildChoice {
  id: string;
  name: string;
  icon: string | null;
  admin: boolean;
}

/** POST /auth/guild */
export interface SwitchedGuild {
  guildId: string;
  role: Role;
}

/** GET /api/v1/guilds */
export interface GuildSummary {
  id: string;
  name: string;
  icon: string | null;
  memberCount: number | null;
  /** Members Hearth knows (not left). */
  members: number;
  channels: number;
}

export interface StatsTotals {
  messages: number;
  words: number;
  attachments: number;
  edits: number;
  deletions: number;
  reactions: number;
}

/** GET /api/v1/guilds/:guildId/stats */
export interface Stats {
  guildId: string;
  /** First and last UTC day of the range, `YYYY-MM-DD`. */
  from: string;
  to: string;
  totals: StatsTotals & { activeMembers: number };
  /** Only days with activity; missing days had none. */
  byDay: (StatsTotals & { day: string })[];
  byChannel: (StatsTotals & { channelId: string; name: string | null })[];
  byUser: (StatsTotals & { userId: string; username: string | null; displayName: string | null })[];
}

export type PartStatus = 'up' | 'degraded' | 'down';

/** GET /ready (200, or 503 with the same body when a part is down) */
export interface Readiness {
  status: 'ready' | 'degraded' | 'unavailable';
  parts: ReadyPart[];
}

export interface ReadyPart {
  name: string;
  status: PartStatus;
  latencyMs: number | null;
  message?: string;
  details?: Record<string, unknown>;
}

/** GET /health */
export interface Health {
  status: string;
  uptimeSeconds: number;
  version: string;
}

/*
 * Karma, levels, quests and achievements (src/features/{karma,levels,quests,achievements}/http.ts).
 * Every route acts on the session's guild: the session covers one guild, so no `guild_id` is sent.
 */

/** GET /api/v1/levels/leaderboard */
export interface Leaderboard {
  guildId: string;
  page: number;
  limit: number;
  /** Ranked members in the guild, for the page count. */
  total: number;
  source: 'hot' | 'database';
  items: LeaderboardEntry[];
  nextCursor: string | null;
}

export interface LeaderboardEntry {
  rank: number;
  userId: string;
  username: string | null;
  displayName: string | null;
  /** Discord's avatar hash, as stored by the member sync. */
  avatar: string | null;
  karma: number;
  level: number;
  title: string;
}

/** Progress toward the next level (the progress bar). */
export interface LevelProgress {
  currentRequired: number;
  /** Null at the highest level. */
  nextRequired: number | null;
  intoLevel: number;
  remaining: number;
  fraction: number;
  percent: number;
}

/** GET /api/v1/levels/me */
export interface MyLevel {
  guildId: string;
  userId: string;
  karma: number;
  level: number;
  title: string;
  titleKey: string | null;
  privileges: string[];
  maxLevel: number;
  progress: LevelProgress;
  next: { level: number; title: string; requiredKarma: number } | null;
}

/** GET /api/v1/levels/me/next-milestone */
export interface NextMilestone {
  guildId: string;
  userId: string;
  karma: number;
  level: number;
  milestone: {
    level: number;
    requiredKarma: number;
    remaining: number;
    reasons: ('title' | 'role' | 'privilege')[];
    title: string;
    newPrivileges?: string[];
    roleRewardId?: string;
  } | null;
}

export type KarmaSource = 'message' | 'reaction' | 'voice' | 'quest' | 'achievement' | 'admin' | 'import';

/** GET /api/v1/karma/summary */
export interface KarmaSummary {
  guildId: string;
  userId: string;
  total: number;
  level: number;
  title: string;
  rank: number | null;
  rankedMembers: number;
  currentStreak: number;
  longestStreak: number;
  lastActiveDay: string | null;
  earnedToday: number;
  earnedThisWeek: number;
  bySource: Partial<Record<KarmaSource, number>>;
}

/** GET /api/v1/karma/logs */
export interface KarmaLogs {
  page: number;
  limit: number;
  total: number;
  items: KarmaLogEntry[];
}

export interface KarmaLogEntry {
  source: KarmaSource;
  sourceId: string;
  delta: number;
  reason: string;
  actorId: string | null;
  createdAt: string;
}

/** GET /api/v1/karma/history: every UTC day of the range, quiet days as 0. */
export interface KarmaHistory {
  from: string;
  to: string;
  total: number;
  days: { day: string; karma: number; events: number }[];
}

export type QuestStatus = 'AVAILABLE' | 'IN_PROGRESS' | 'COMPLETED' | 'CLAIMED' | 'EXPIRED';
export type QuestPeriod = 'daily' | 'weekly';

/** GET /api/v1/quests/daily and /weekly */
export interface QuestList {
  guildId: string;
  userId: string;
  period: QuestPeriod;
  periodKey: string;
  startsAt: string;
  expiresAt: string;
  quests: Quest[];
}

export interface Quest {
  progressId: string;
  key: string;
  name: string;
  nameZh: string | null;
  description: string;
  descriptionZh: string | null;
  criterion: string;
  target: number;
  progress: number;
  reward: number;
  status: QuestStatus;
  claimable: boolean;
  completedAt: string | null;
  claimedAt: string | null;
}

/** POST /api/v1/quests/:progress_id/claim */
export interface QuestClaim {
  progressId: string;
  questKey: string;
  status: 'CLAIMED';
  reward: number;
  paid: boolean;
  total: number;
  level: number;
}

/** GET /api/v1/achievements */
export interface Achievements {
  guildId: string;
  userId: string;
  unlocked: number;
  total: number;
  achievements: Achievement[];
}

export interface Achievement {
  key: string;
  name: string;
  nameZh: string | null;
  description: string;
  descriptionZh: string | null;
  karmaReward: number;
  hidden: boolean;
  unlocked: boolean;
  unlockedAt: string | null;
  current: number;
  target: number;
  fraction: number;
}

/*
 * History import (src/features/history-import/http.ts). `HistoryTask` and `HistoryTaskChannel`
 * mirror `TaskView` and `ChannelView` in src/features/history-import/service.ts field for field;
 * test/web/history.test.ts fails the type check when they drift apart.
 */

export type HistoryTaskStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
export type HistoryTaskPhase = 'listing' | 'fetching' | 'done';

/** A task in GET /api/v1/history/:guildId/tasks, the SSE `progress` event, start and cancel. */
export interface HistoryTask {
  id: string;
  guild_id: string;
  status: HistoryTaskStatus;
  phase: HistoryTaskPhase;
  /** Null: every channel. */
  channel_ids: string[] | null;
  since: string | null;
  until: string | null;
  anchor_message_id: string | null;
  award_karma: boolean;
  channels_total: number;
  channels_done: number;
  channels_skipped: number;
  messages_fetched: number;
  messages_processed: number;
  pages_fetched: number;
  /** 0..1, an estimate until the task completes (then exactly 1). */
  progress: number;
  /** `progress` as a percentage with one decimal, rounded down. */
  percent: number;
  rate_per_second: number;
  eta_seconds: number | null;
  attempts: number;
  last_error: string | null;
  /** The user id of the admin who started it. */
  requested_by: string | null;
  created_at: string;
  started_at: string | null;
  updated_at: string;
  finished_at: string | null;
}

/** One channel of a task: pending, running, done, skipped (403/404) or failed. */
export interface HistoryTaskChannel {
  channel_id: string;
  parent_id: string | null;
  name: string;
  type: number;
  status: string;
  messages: number;
  error: string | null;
}

/** GET /api/v1/history/:guildId/tasks/:taskId */
export interface HistoryTaskDetail extends HistoryTask {
  channels: HistoryTaskChannel[];
}

/** GET /api/v1/history/:guildId/tasks */
export interface HistoryTaskList {
  tasks: HistoryTask[];
}

/** POST /api/v1/fetch/:guildId/start */
export interface HistoryStartBody {
  channel_ids?: string[];
  since?: string;
  until?: string;
  award_karma?: boolean;
}

/** GET /api/v1/guilds/:guildId/channels */
export interface GuildChannels {
  guildId: string;
  channels: GuildChannel[];
}

export interface GuildChannel {
  id: string;
  name: string;
  /** Discord's channel type: 0 text, 2 voice, 4 category, 5 announcement, 10-12 threads, 13 stage, 15 forum, 16 media. */
  type: number;
  parentId: string | null;
  position: number;
}
