/** JSON schemas of the presence routes: validation, serialization and the OpenAPI document. */
import { errorResponses } from '../../platform/http/errors.ts';
import { allRequired } from '../../platform/http/schema.ts';
import { guildParams, page, rowId, snowflake } from '../../platform/http/schemas.ts';
import {
  END_REASONS,
  MAX_MAX_VIEWERS,
  MAX_STATS_DAYS,
  MAX_TTL_SECONDS,
  MIN_TTL_SECONDS,
  STAGE_KINDS,
} from './domain/index.ts';

export { guildParams };

export const TAGS = ['presence'];

export const time = { type: 'string', format: 'date-time' } as const;
const sessionId = { type: 'string', format: 'uuid' } as const;

export const stageParams = {
  type: 'object',
  required: ['stageId'],
  properties: { stageId: rowId },
} as const;

const settingsProperties = {
  name: { type: 'string', minLength: 1, maxLength: 100 },
  max_viewers: {
    type: 'integer',
    minimum: 0,
    maximum: MAX_MAX_VIEWERS,
    description: 'Web viewers admitted at once (default 50); master stages ignore it',
  },
  is_master: { type: 'boolean', description: 'The broadcaster’s own stage: exempt from max_viewers' },
  ttl_seconds: {
    type: 'integer',
    minimum: MIN_TTL_SECONDS,
    maximum: MAX_TTL_SECONDS,
    description: 'A viewer counts until this long after their last heartbeat (default 120)',
  },
  allow_anonymous: {
    type: 'boolean',
    description:
      'Web players may join without a token, under a participant id; count and stream become public',
  },
} as const;

export const createStageBody = {
  type: 'object',
  required: ['name', 'external_id'],
  additionalProperties: false,
  properties: {
    guild_id: { ...snowflake, description: 'Needed when the token covers several guilds' },
    external_id: {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      description: 'The stream’s id, for example an AWS IVS stage ARN',
    },
    ...settingsProperties,
  },
} as const;

export const patchStageBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: settingsProperties,
} as const;

export const stageSchema = allRequired({
  type: 'object',
  properties: {
    id: { type: 'string' },
    guild_id: { type: 'string' },
    kind: { type: 'string', enum: [...STAGE_KINDS] },
    external_id: { type: 'string', description: 'Discord channel id, or the external stream id' },
    name: { type: 'string' },
    is_master: { type: 'boolean' },
    max_viewers: { type: 'integer' },
    ttl_seconds: { type: 'integer' },
    allow_anonymous: { type: 'boolean' },
    viewer_count: { type: 'integer', description: 'Exact live count' },
    created_at: time,
    updated_at: time,
  },
} as const);

export const guildQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { guild_id: snowflake },
} as const;

export const joinBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    participant_id: {
      type: 'string',
      pattern: '^[A-Za-z0-9._:-]{1,128}$',
      description: 'Anonymous viewers only: a stable id the player keeps (a random UUID in local storage)',
    },
  },
} as const;

/** The seed 003 style viewer routes name the stage in the body. */
export const rejoinBody = {
  type: 'object',
  required: ['stage_id'],
  additionalProperties: false,
  properties: { stage_id: rowId, participant_id: joinBody.properties.participant_id },
} as const;

export const stageSessionBody = {
  type: 'object',
  required: ['stage_id', 'session_id'],
  additionalProperties: false,
  properties: { stage_id: rowId, session_id: sessionId },
} as const;

export const userParams = {
  type: 'object',
  required: ['userId'],
  properties: { userId: snowflake },
} as const;

export const historyResponse = allRequired({
  type: 'object',
  properties: {
    user_id: { type: 'string' },
    page: { type: 'integer' },
    limit: { type: 'integer' },
    total: { type: 'integer' },
    sessions: {
      type: 'array',
      items: allRequired({
        type: 'object',
        properties: {
          id: { type: 'string' },
          stage_id: { type: 'string' },
          stage_name: { type: 'string' },
          stage_kind: { type: 'string', enum: [...STAGE_KINDS] },
          external_id: { type: 'string', description: 'The Discord channel id, or the stream id (ARN)' },
          guild_id: { type: 'string' },
          source: { type: 'string', enum: ['web', 'voice'] },
          joined_at: time,
          left_at: { type: ['string', 'null'], format: 'date-time' },
          watch_duration_seconds: { type: ['integer', 'null'] },
          end_reason: { type: ['string', 'null'], enum: [...END_REASONS, null] },
        },
      }),
    },
  },
} as const);

export const sessionBody = {
  type: 'object',
  required: ['session_id'],
  additionalProperties: false,
  properties: { session_id: sessionId },
} as const;

export const rangeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { ...time, description: 'Default: a day before `to`' },
    to: { ...time, description: 'Default: now' },
  },
} as const;

export const statsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...rangeQuery.properties,
    days: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_STATS_DAYS,
      description: 'Seed 003’s form: the last N days until now. Instead of from/to, not with them',
    },
  },
} as const;

export const snapshotsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...rangeQuery.properties,
    limit: { type: 'integer', minimum: 1, maximum: 30_000, default: 2_000 },
  },
} as const;

export const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    page,
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
  },
} as const;

export const joinResponse = allRequired({
  type: 'object',
  properties: {
    session_id: { type: 'string' },
    resumed: { type: 'boolean', description: 'The viewer already had an open session here and got it back' },
    viewer_count: { type: 'integer' },
    ttl_seconds: { type: 'integer' },
    heartbeat_interval_seconds: { type: 'integer', description: 'How often the player should heartbeat' },
  },
} as const);

export const heartbeatResponse = allRequired({
  type: 'object',
  properties: { session_id: { type: 'string' }, viewer_count: { type: 'integer' } },
} as const);

export const leaveResponse = allRequired({
  type: 'object',
  properties: {
    session_id: { type: 'string' },
    closed: { type: 'boolean', description: 'false when the session had already ended' },
    watch_duration_seconds: { type: ['integer', 'null'] },
  },
} as const);

export const countResponse = allRequired({
  type: 'object',
  properties: { stage_id: { type: 'string' }, viewer_count: { type: 'integer' }, at: time },
} as const);

export const statsResponse = allRequired({
  type: 'object',
  properties: {
    stage_id: { type: 'string' },
    from: time,
    to: time,
    peak_viewers: { type: 'integer' },
    average_viewers: { type: 'number', description: 'Mean of the 5-minute snapshots in the range' },
    snapshots: { type: 'integer' },
    total_sessions: { type: 'integer', description: 'Sessions that began in the range' },
    unique_viewers: { type: 'integer' },
    total_watch_seconds: { type: 'integer' },
    average_watch_seconds: { type: 'number' },
    max_watch_seconds: { type: 'integer', description: 'The longest session that began in the range' },
    by_country: {
      type: 'array',
      items: allRequired({
        type: 'object',
        properties: {
          country: { type: ['string', 'null'] },
          sessions: { type: 'integer' },
          unique_viewers: { type: 'integer' },
          watch_seconds: { type: 'integer' },
        },
      }),
    },
  },
} as const);

export const snapshotsResponse = allRequired({
  type: 'object',
  properties: {
    stage_id: { type: 'string' },
    from: time,
    to: time,
    snapshots: {
      type: 'array',
      items: allRequired({
        type: 'object',
        properties: { taken_at: time, viewer_count: { type: 'integer' } },
      }),
    },
  },
} as const);

export const sessionsResponse = allRequired({
  type: 'object',
  properties: {
    page: { type: 'integer' },
    limit: { type: 'integer' },
    total: { type: 'integer' },
    sessions: {
      type: 'array',
      items: allRequired({
        type: 'object',
        properties: {
          id: { type: 'string' },
          source: { type: 'string', enum: ['web', 'voice'] },
          user_id: { type: ['string', 'null'] },
          participant_id: { type: ['string', 'null'] },
          joined_at: time,
          left_at: { type: ['string', 'null'], format: 'date-time' },
          watch_duration_seconds: { type: ['integer', 'null'] },
          end_reason: { type: ['string', 'null'], enum: [...END_REASONS, null] },
          user_agent: { type: ['string', 'null'] },
          ip_prefix: {
            type: ['string', 'null'],
            description: 'The client network (/24 or /48), never the address',
          },
          country: { type: ['string', 'null'] },
        },
      }),
    },
  },
} as const);

/** The error shape for the statuses a route may answer with. */
export const errors = errorResponses;
