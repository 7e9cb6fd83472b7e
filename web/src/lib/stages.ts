/** Pure logic of the Stages page and the overview's viewers (tested in test/web without a DOM). */
import type { Stage, StageCreateBody, StageKind, StagePatchBody, ViewerSnapshot } from '../api/types.ts';

/** The API's limits (src/features/presence/domain.ts; test/web/stages.test.ts holds them equal). */
export const STAGE_LIMITS = {
  nameMax: 100,
  externalIdMax: 255,
  maxViewersMax: 1_000_000,
  ttlMin: 10,
  ttlMax: 3600,
} as const;
export const STAGE_DEFAULTS = { maxViewers: 50, ttlSeconds: 120 } as const;
/** The snapshot job's pace: one count per stage every 5 minutes. */
export const SNAPSHOT_STEP_MS = 5 * 60_000;

export function isDiscordKind(kind: StageKind): boolean {
  return kind !== 'external';
}

/** The form as typed: numbers stay text until they are checked. */
export interface StageFormValues {
  name: string;
  externalId: string;
  maxViewers: string;
  isMaster: boolean;
  ttlSeconds: string;
  allowAnonymous: boolean;
}

export type StageFormField = 'name' | 'externalId' | 'maxViewers' | 'ttlSeconds';

export function stageFormValues(stage?: Stage): StageFormValues {
  return {
    name: stage?.name ?? '',
    externalId: stage?.external_id ?? '',
    maxViewers: String(stage?.max_viewers ?? STAGE_DEFAULTS.maxViewers),
    isMaster: stage?.is_master ?? false,
    ttlSeconds: String(stage?.ttl_seconds ?? STAGE_DEFAULTS.ttlSeconds),
    allowAnonymous: stage?.allow_anonymous ?? false,
  };
}

function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

type Checked =
  | { invalid: StageFormField }
  | {
      values: { name: string; maxViewers: number; ttlSeconds: number; externalId: string };
    };

function check(form: StageFormValues, creating: boolean): Checked {
  const name = form.name.trim();
  if (name.length === 0 || name.length > STAGE_LIMITS.nameMax) return { invalid: 'name' };
  const externalId = form.externalId.trim();
  if (creating && (externalId.length === 0 || externalId.length > STAGE_LIMITS.externalIdMax))
    return { invalid: 'externalId' };
  const maxViewers = wholeNumber(form.maxViewers, 0, STAGE_LIMITS.maxViewersMax);
  if (maxViewers === undefined) return { invalid: 'maxViewers' };
  const ttlSeconds = wholeNumber(form.ttlSeconds, STAGE_LIMITS.ttlMin, STAGE_LIMITS.ttlMax);
  if (ttlSeconds === undefined) return { invalid: 'ttlSeconds' };
  return { values: { name, externalId, maxViewers, ttlSeconds } };
}

/** `POST /stages` for a filled-in form, or the first field the API would refuse. */
export function createStageBody(
  form: StageFormValues,
  guildId: string,
): { body: StageCreateBody } | { invalid: StageFormField } {
  const checked = check(form, true);
  if ('invalid' in checked) return checked;
  const v = checked.values;
  return {
    body: {
      guild_id: guildId,
      name: v.name,
      external_id: v.externalId,
      max_viewers: v.maxViewers,
      is_master: form.isMaster,
      ttl_seconds: v.ttlSeconds,
      allow_anonymous: form.allowAnonymous,
    },
  };
}

/**
 * `PATCH /stages/{id}` with only what changed (the API refuses an empty patch), or null when
 * nothing did. The external id cannot change: it is what the players and the ledger know.
 */
export function patchStageBody(
  form: StageFormValues,
  stage: Stage,
): { body: StagePatchBody | null } | { invalid: StageFormField } {
  const checked = check(form, false);
  if ('invalid' in checked) return checked;
  const v = checked.values;
  const body: StagePatchBody = {};
  if (v.name !== stage.name) body.name = v.name;
  if (v.maxViewers !== stage.max_viewers) body.max_viewers = v.maxViewers;
  if (form.isMaster !== stage.is_master) body.is_master = form.isMaster;
  if (v.ttlSeconds !== stage.ttl_seconds) body.ttl_seconds = v.ttlSeconds;
  if (form.allowAnonymous !== stage.allow_anonymous) body.allow_anonymous = form.allowAnonymous;
  return { body: Object.keys(body).length > 0 ? body : null };
}

/** Which field a 400's or 409's `field` (`external_id`, `body.max_viewers`...) points at. */
export function stageFieldOf(apiField: string | undefined): StageFormField | undefined {
  const name = apiField?.replace(/^body\./, '');
  if (name === 'name') return 'name';
  if (name === 'external_id') return 'externalId';
  if (name === 'max_viewers') return 'maxViewers';
  if (name === 'ttl_seconds') return 'ttlSeconds';
  return undefined;
}

/** Every stage with its count from the live stream when it has one (the list's own is older). */
export function withLiveCounts<S extends Pick<Stage, 'id' | 'viewer_count'>>(
  stages: readonly S[],
  live: { stages: readonly { stage_id: string; viewer_count: number }[] } | undefined,
): S[] {
  if (!live) return [...stages];
  const counts = new Map(live.stages.map((s) => [s.stage_id, s.viewer_count]));
  return stages.map((s) => {
    const count = counts.get(s.id);
    return count === undefined ? s : { ...s, viewer_count: count };
  });
}

/** Stages with someone watching, busiest first, ties by name: the overview's "live now". */
export function busiestStages<S extends { name: string; viewer_count: number }>(stages: readonly S[]): S[] {
  return stages
    .filter((s) => s.viewer_count > 0)
    .sort((a, b) => b.viewer_count - a.viewer_count || a.name.localeCompare(b.name));
}

/** A point of a viewers chart: epoch milliseconds and a count. */
export interface ViewerPoint {
  at: number;
  value: number;
}

/**
 * The chart's series for [fromMs, toMs]: one point per 5-minute slot, slots without a snapshot as
 * 0 (the job writes stages that may have viewers only), then the live count at `live.at`, so the
 * line ends at the number the card shows and moves with it.
 */
export function viewerSeries(
  snapshots: readonly ViewerSnapshot[],
  fromMs: number,
  toMs: number,
  live?: { at: number; value: number },
): ViewerPoint[] {
  const bySlot = new Map<number, number>();
  for (const s of snapshots) {
    const at = Date.parse(s.taken_at);
    if (!Number.isNaN(at)) bySlot.set(at, (bySlot.get(at) ?? 0) + s.viewer_count);
  }
  const points: ViewerPoint[] = [];
  const first = Math.ceil(fromMs / SNAPSHOT_STEP_MS) * SNAPSHOT_STEP_MS;
  for (let at = first; at <= toMs; at += SNAPSHOT_STEP_MS) points.push({ at, value: bySlot.get(at) ?? 0 });
  if (live && live.at > (points.at(-1)?.at ?? Number.NEGATIVE_INFINITY))
    points.push({ at: live.at, value: live.value });
  return points;
}

/**
 * The series as at most `rows` rows for the screen reader's table: each row the peak of its
 * stretch of time, so a short crowd is never averaged away.
 */
export function peakRows(points: readonly ViewerPoint[], rows: number): { from: number; peak: number }[] {
  if (points.length === 0 || rows <= 0) return [];
  const size = Math.ceil(points.length / rows);
  const out: { from: number; peak: number }[] = [];
  for (let i = 0; i < points.length; i += size) {
    const chunk = points.slice(i, i + size);
    out.push({ from: chunk[0]?.at ?? 0, peak: Math.max(...chunk.map((p) => p.value)) });
  }
  return out;
}

/** Axis labels: times of day over up to two days, dates beyond. */
export function tickUnit(spanMs: number): 'time' | 'day' {
  return spanMs <= 2 * 86_400_000 ? 'time' : 'day';
}

/** The cadence the API suggests to players (its `heartbeat_interval_seconds`): four beats a TTL. */
export function heartbeatIntervalSeconds(ttlSeconds: number): number {
  return Math.max(1, Math.floor(ttlSeconds / 4));
}

/** The player's calls for a stage, as absolute URLs on this Hearth. */
export function playerEndpoints(origin: string, stageId: string) {
  const base = `${origin}/api/v1/stages/${encodeURIComponent(stageId)}/viewers`;
  return {
    join: `${base}/join`,
    heartbeat: `${base}/heartbeat`,
    leave: `${base}/leave`,
    count: `${base}/count`,
    stream: `${base}/stream`,
  };
}

/** A minimal web player for the stage, as docs/presence.md describes it. */
export function playerSnippet(origin: string, stage: Pick<Stage, 'id' | 'allow_anonymous'>): string {
  const who = stage.allow_anonymous
    ? `// Anonymous viewers: a stable id per browser, so a reload resumes the session.
const participant_id = localStorage.hearthViewer ??= crypto.randomUUID();
const auth = {};`
    : `// Members only: the viewer's Hearth token (Authorization: Bearer).
const participant_id = undefined;
const auth = { authorization: \`Bearer \${token}\` };`;
  return `${who}
const base = '${playerEndpoints(origin, stage.id).join.replace(/\/join$/, '')}';
const post = (path, body, headers = {}) =>
  fetch(\`\${base}/\${path}\`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const join = async () => (await post('join', { participant_id }, auth)).json();
let { session_id, heartbeat_interval_seconds } = await join();
setInterval(async () => {
  const res = await post('heartbeat', { session_id });
  if (res.status === 409) ({ session_id } = await join());
}, heartbeat_interval_seconds * 1000);
addEventListener('pagehide', () =>
  navigator.sendBeacon(\`\${base}/leave\`,
    new Blob([JSON.stringify({ session_id })], { type: 'application/json' })));`;
}

/**
 * A watch time in its two largest units, as Intl writes them in the page's language:
 * "1 hr, 23 min" / "1時間23分"; under a minute, seconds.
 */
export function formatWatch(seconds: number, lang: string): string {
  const total = Math.max(0, Math.round(seconds));
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (hours > 0) {
    const parts = minutes > 0 ? [unit(hours, 'hour'), unit(minutes, 'minute')] : [unit(hours, 'hour')];
    return new Intl.ListFormat(lang, { style: 'narrow', type: 'unit' }).format(parts);
  }
  if (minutes > 0) return unit(minutes, 'minute');
  return unit(total, 'second');
}
