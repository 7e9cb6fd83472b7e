import type { FastifyPluginAsync } from 'fastify';
import { guildOf } from '../../platform/auth/plugin.ts';
import { errorBodySchema } from '../../platform/http/errors.ts';
import { allRequired } from '../../platform/http/schema.ts';
import { snowflake } from '../../platform/http/schemas.ts';
import {
  IMPORT_FORMATS,
  IMPORT_MODES,
  type ImportFormat,
  type ImportMode,
  MAX_IMPORT_BYTES,
  PLAN_STATUSES,
} from './domain/index.ts';
import { DEFAULT_PREVIEW, type LevelImportService } from './service.ts';

/** The file is the raw body in any of these; JSON is not parsed by Fastify but by the importer. */
export const IMPORT_CONTENT_TYPES = [
  'application/json',
  'text/csv',
  'text/plain',
  'application/octet-stream',
];

const countsOf = (keys: readonly string[]) => ({
  type: 'object',
  properties: Object.fromEntries(keys.map((key) => [key, { type: 'integer' }])),
  required: keys,
});

const planRow = allRequired({
  type: 'object',
  properties: {
    userId: { type: 'string' },
    importedXp: { type: 'integer' },
    importedLevel: { type: ['integer', 'null'] },
    currentKarma: { type: 'integer' },
    importedKarma: { type: 'integer' },
    delta: { type: 'integer' },
    newTotal: { type: 'integer' },
    oldLevel: { type: 'integer' },
    newLevel: { type: 'integer' },
    status: { type: 'string', enum: [...PLAN_STATUSES] },
  },
} as const);

const reportSchema = allRequired({
  type: 'object',
  properties: {
    guildId: { type: 'string' },
    format: { type: 'string', enum: [...IMPORT_FORMATS] },
    mode: { type: 'string', enum: [...IMPORT_MODES] },
    dryRun: { type: 'boolean' },
    fileHash: { type: 'string' },
    summary: countsOf([
      'usersInFile',
      'usersChanged',
      'usersKept',
      'alreadyImported',
      'karmaAdded',
      'levelChanges',
      'levelsCapped',
    ]),
    rows: { type: 'array', items: planRow },
    applied: { anyOf: [countsOf(['users', 'karma', 'levelUps', 'transactions']), { type: 'null' }] },
  },
  examples: [
    {
      guildId: '123456789012345678',
      format: 'mee6',
      mode: 'xp',
      dryRun: false,
      fileHash: '9f2c1e0b7a4d3c21',
      summary: {
        usersInFile: 2,
        usersChanged: 1,
        usersKept: 1,
        alreadyImported: 0,
        karmaAdded: 1150,
        levelChanges: 1,
        levelsCapped: 0,
      },
      rows: [
        {
          userId: '223456789012345678',
          importedXp: 1150,
          importedLevel: 5,
          currentKarma: 0,
          importedKarma: 1150,
          delta: 1150,
          newTotal: 1150,
          oldLevel: 0,
          newLevel: 5,
          status: 'raise',
        },
      ],
      applied: { users: 1, karma: 1150, levelUps: 1, transactions: 1 },
    },
  ],
} as const);

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, errorBodySchema]));

/** `POST /imports/levels/{guildId}`: levels from MEE6, Polaris or a CSV, as karma (admin). */
export function levelImportRoutes({ service }: { service: LevelImportService }): FastifyPluginAsync {
  return async (app) => {
    // This plugin's own context: the body stays raw bytes (the file's hash keys its ledger rows).
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      IMPORT_CONTENT_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post<{
      Params: { guildId: string };
      Querystring: { format: ImportFormat; mode: ImportMode; dry_run: boolean; preview: number };
    }>(
      '/imports/levels/:guildId',
      {
        bodyLimit: MAX_IMPORT_BYTES,
        config: { auth: 'admin' },
        schema: {
          tags: ['imports'],
          summary:
            "Import members' levels from MEE6, Polaris or a CSV as karma (admin); dry_run shows the plan",
          description: `The file is the raw body (${IMPORT_CONTENT_TYPES.join(', ')}; at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB). Members are raised to the imported karma, never lowered; the same file imported again pays nothing. A 400 names the line or JSON path of the first bad value. See docs/karma.md.`,
          security: [{ bearerAuth: [] }],
          params: {
            type: 'object',
            required: ['guildId'],
            properties: { guildId: snowflake },
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['format'],
            properties: {
              format: { type: 'string', enum: [...IMPORT_FORMATS] },
              mode: {
                type: 'string',
                enum: [...IMPORT_MODES],
                default: 'xp',
                description: "xp: karma = XP; level: karma = what this guild's curve needs for the level",
              },
              dry_run: { type: 'boolean', default: false, description: 'plan only, write nothing' },
              preview: { type: 'integer', minimum: 0, maximum: 1000, default: DEFAULT_PREVIEW },
            },
          },
          response: { 200: reportSchema, ...errors(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request) => {
        const guildId = guildOf(request, request.params.guildId);
        const body: unknown = request.body;
        // A refused file is a ServiceError: 400 naming its line or path, 404 for an unknown guild.
        return service.run({
          guildId,
          format: request.query.format,
          mode: request.query.mode,
          bytes: body instanceof Uint8Array ? body : new Uint8Array(),
          dryRun: request.query.dry_run,
          actorId: request.auth?.userId ?? null,
          preview: request.query.preview,
        });
      },
    );
  };
}
