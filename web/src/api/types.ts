/**
 * The shapes of the routes the dashboard calls, named for the pages. None is written by hand: each
 * is picked from `paths` in ./schema.gen.ts, which `npm run gen:api` generates from the OpenAPI
 * document of `hearth api`, i.e. from the same JSON schemas Fastify validates requests and
 * serializes answers with (src/features/<feature>/http*.ts). A route's schema change reaches the
 * pages through the type check; test/web/api-schema.test.ts fails while schema.gen.ts is stale.
 *
 * A new endpoint's type is one line: `export type Thing = ApiResponse<'/api/v1/things', 'get', 200>;`.
 * When the answer's properties come out optional or `unknown`, fix the route's response schema
 * (list `required` with `allRequired` from src/platform/http/schema.ts, describe open objects),
 * not this file.
 */

import type { paths } from './schema.gen.ts';

type ApiPath = keyof paths;
type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
/** The methods a path has (the generator lists the others as `?: never`). */
type MethodOf<P extends ApiPath> = {
  [M in keyof paths[P] & HttpMethod]-?: [NonNullable<paths[P][M]>] extends [never] ? never : M;
}[keyof paths[P] & HttpMethod];
type Operation<P extends ApiPath, M> = M extends keyof paths[P] ? NonNullable<paths[P][M]> : never;
type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Responses<P extends ApiPath, M> = Operation<P, M> extends { responses: infer R } ? R : never;
/** Statuses with a JSON body: naming one the route does not answer with fails the type check. */
type JsonStatus<P extends ApiPath, M> = {
  [S in keyof Responses<P, M>]: [JsonOf<Responses<P, M>[S]>] extends [never] ? never : S;
}[keyof Responses<P, M>];

/** The JSON body a route answers with for `status`. */
export type ApiResponse<P extends ApiPath, M extends MethodOf<P>, S extends JsonStatus<P, M>> = JsonOf<
  Responses<P, M>[S]
>;

/** The JSON body a route accepts. */
export type ApiRequestBody<P extends ApiPath, M extends MethodOf<P>> =
  Operation<P, M> extends {
    requestBody?: infer Body;
  }
    ? JsonOf<NonNullable<Body>>
    : never;

/** A route's query parameters (the level import's options live there, its body is the file). */
export type ApiQuery<P extends ApiPath, M extends MethodOf<P>> =
  Operation<P, M> extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

/** The error body every route answers with (src/platform/http/errors.ts, docs/api.md). */
export type ErrorBody = ApiResponse<'/api/v1/levels/me', 'get', 401>;

/* Sign-in and session (src/features/auth/http.ts). */

export type Me = ApiResponse<'/auth/me', 'get', 200>;
export type Role = Me['role'];
export type GuildChoice = Me['guilds'][number];
export type SwitchedGuild = ApiResponse<'/auth/guild', 'post', 200>;

/* Guilds and statistics (src/features/sync/http.ts, activity/http.ts). */

export type GuildSummary = ApiResponse<'/api/v1/guilds', 'get', 200>[number];
/** Only days with activity are in `byDay`; missing days had none. */
export type Stats = ApiResponse<'/api/v1/guilds/{guildId}/stats', 'get', 200>;
export type StatsTotals = Omit<Stats['totals'], 'activeMembers'>;
export type GuildChannels = ApiResponse<'/api/v1/guilds/{guildId}/channels', 'get', 200>;
export type GuildChannel = GuildChannels['channels'][number];
export type GuildRoles = ApiResponse<'/api/v1/guilds/{guildId}/roles', 'get', 200>;
export type GuildRole = GuildRoles['roles'][number];

/* Health (src/features/health/http.ts). `/ready` answers the same body with 503 when a part is down. */

export type Readiness = ApiResponse<'/ready', 'get', 200 | 503>;
export type ReadyPart = Readiness['parts'][number];
export type PartStatus = ReadyPart['status'];
export type Health = ApiResponse<'/health', 'get', 200>;

/*
 * Karma, levels, quests and achievements (src/features/{karma,levels,quests,achievements}/http.ts).
 * Every route acts on the session's guild: the session covers one guild, so no `guild_id` is sent.
 */

export type Leaderboard = ApiResponse<'/api/v1/levels/leaderboard', 'get', 200>;
export type LeaderboardEntry = Leaderboard['items'][number];
export type MyLevel = ApiResponse<'/api/v1/levels/me', 'get', 200>;
/** Progress toward the next level (the progress bar); `nextRequired` is null at the highest level. */
export type LevelProgress = MyLevel['progress'];
export type NextMilestone = ApiResponse<'/api/v1/levels/me/next-milestone', 'get', 200>;

export type KarmaSummary = ApiResponse<'/api/v1/karma/summary', 'get', 200>;
export type KarmaLogs = ApiResponse<'/api/v1/karma/logs', 'get', 200>;
export type KarmaLogEntry = KarmaLogs['items'][number];
export type KarmaSource = KarmaLogEntry['source'];
/** Every UTC day of the range, quiet days as 0. */
export type KarmaHistory = ApiResponse<'/api/v1/karma/history', 'get', 200>;

/** `/quests/weekly` answers the same shape. */
export type QuestList = ApiResponse<'/api/v1/quests/daily', 'get', 200>;
export type Quest = QuestList['quests'][number];
export type QuestStatus = Quest['status'];
export type QuestPeriod = QuestList['period'];
export type QuestClaim = ApiResponse<'/api/v1/quests/{progress_id}/claim', 'post', 200>;

export type Achievements = ApiResponse<'/api/v1/achievements', 'get', 200>;
export type Achievement = Achievements['achievements'][number];

/*
 * Karma settings (src/features/karma/http.ts, settings-schema.ts): the whole document as answered,
 * each section of it as a PUT accepts it (a PUT sends only the sections it replaces).
 */

export type KarmaSettings = ApiResponse<'/api/v1/guilds/{guildId}/settings/karma', 'get', 200>;
export type KarmaSettingsSection =
  | 'karma'
  | 'levels'
  | 'announcements'
  | 'leaderboard'
  | 'quests'
  | 'achievements';
export type KarmaSettingsPatch = Partial<Pick<KarmaSettings, KarmaSettingsSection>>;
export type KarmaRulesSettings = KarmaSettings['karma'];
export type LevelSettings = KarmaSettings['levels'];
export type LevelCurve = LevelSettings['curve'];
export type LevelTitle = LevelSettings['titles'][number];
export type RoleReward = LevelSettings['roleRewards'][number];
export type AnnouncementSettings = KarmaSettings['announcements'];
export type QuestDefinition = KarmaSettings['quests'][number];
export type AchievementDefinition = KarmaSettings['achievements'][number];
export type LevelTablePreview = ApiResponse<'/api/v1/levels/table/preview', 'post', 200>;

/*
 * History import (src/features/history-import/http.ts). test/web/history.test.ts also holds
 * `HistoryTask` and `HistoryTaskChannel` equal to the service's `TaskView` and `ChannelView`.
 */

export type HistoryTaskList = ApiResponse<'/api/v1/history/{guildId}/tasks', 'get', 200>;
/** A task as listed, streamed (SSE `progress`), started and cancelled. */
export type HistoryTask = HistoryTaskList['tasks'][number];
export type HistoryTaskStatus = HistoryTask['status'];
export type HistoryTaskPhase = HistoryTask['phase'];
export type HistoryTaskDetail = ApiResponse<'/api/v1/history/{guildId}/tasks/{taskId}', 'get', 200>;
/** One channel of a task: pending, running, done, skipped (403/404) or failed. */
export type HistoryTaskChannel = HistoryTaskDetail['channels'][number];
/** The body may be absent (null in the schema); the client always sends an object. */
export type HistoryStartBody = NonNullable<ApiRequestBody<'/api/v1/fetch/{guildId}/start', 'post'>>;

/*
 * Live presence (src/features/presence/http*.ts): stages, their live counts and statistics, and
 * the guild's viewers (the overview's card, chart and stream).
 */

export type StageList = ApiResponse<'/api/v1/stages', 'get', 200>;
export type Stage = ApiResponse<'/api/v1/stages/{stageId}', 'get', 200>;
export type StageKind = Stage['kind'];
export type StageCreateBody = ApiRequestBody<'/api/v1/stages', 'post'>;
export type StagePatchBody = ApiRequestBody<'/api/v1/stages/{stageId}', 'patch'>;
export type StageDeleted = ApiResponse<'/api/v1/stages/{stageId}', 'delete', 200>;
/** Also the data of the stage stream's `count` events. */
export type StageCount = ApiResponse<'/api/v1/stages/{stageId}/viewers/count', 'get', 200>;
export type StageStats = ApiResponse<'/api/v1/stages/{stageId}/stats', 'get', 200>;
export type StageSnapshots = ApiResponse<'/api/v1/stages/{stageId}/snapshots', 'get', 200>;
export type CurrentViewers = ApiResponse<'/api/v1/stages/{stageId}/viewers', 'get', 200>;
export type CurrentViewer = CurrentViewers['viewers'][number];
/** Also the data of the guild stream's `counts` events. */
export type GuildViewers = ApiResponse<'/api/v1/guilds/{guildId}/viewers', 'get', 200>;
export type GuildQuests = ApiResponse<'/api/v1/guilds/{guildId}/quests/active', 'get', 200>;
export type GuildQuest = GuildQuests['periods'][number]['quests'][number];
export type GuildSnapshots = ApiResponse<'/api/v1/guilds/{guildId}/viewers/snapshots', 'get', 200>;
export type ViewerSnapshot = GuildSnapshots['snapshots'][number];
export type PlayerJoin = ApiResponse<'/api/v1/stages/{stageId}/viewers/join', 'post', 200>;

/* Level import from other bots (src/features/level-import/http.ts). */

export type LevelImportReport = ApiResponse<'/api/v1/imports/levels/{guildId}', 'post', 200>;
export type LevelImportRow = LevelImportReport['rows'][number];
export type LevelImportQuery = ApiQuery<'/api/v1/imports/levels/{guildId}', 'post'>;
export type ImportFormat = LevelImportQuery['format'];
export type ImportMode = NonNullable<LevelImportQuery['mode']>;
