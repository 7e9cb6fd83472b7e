/**
 * Response shapes of the routes the dashboard calls, written by hand from their Fastify schemas
 * (src/features/auth/http.ts, activity/http.ts, sync/http.ts, health/http.ts). To be generated
 * from `/docs/json` once the API grows; until then a change to a route's schema changes this file.
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
