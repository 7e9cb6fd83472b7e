import { allRequired } from '../../platform/http/schema.ts';
import { guildParams, limit, snowflake } from '../../platform/http/schemas.ts';

export { guildParams };

const date = { type: 'string', format: 'date' } as const;

const totals = {
  messages: { type: 'integer' },
  words: { type: 'integer' },
  attachments: { type: 'integer' },
  edits: { type: 'integer' },
  deletions: { type: 'integer' },
  reactions: { type: 'integer' },
} as const;

export const statsQuerystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { ...date, description: 'first day, default 29 days before `to`' },
    to: { ...date, description: 'last day, default today (on a live stream: today as the days pass)' },
    channel_id: snowflake,
    user_id: snowflake,
    limit: { ...limit(100, 10), description: 'top channels and members' },
  },
} as const;

export const statsResponse = allRequired({
  type: 'object',
  description: 'The body of `GET /guilds/{guildId}/stats` and the data of the live stream’s `stats` events',
  properties: {
    guildId: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    totals: allRequired({
      type: 'object',
      properties: { ...totals, activeMembers: { type: 'integer' } },
    }),
    byDay: {
      type: 'array',
      items: allRequired({ type: 'object', properties: { day: { type: 'string' }, ...totals } }),
    },
    byChannel: {
      type: 'array',
      items: allRequired({
        type: 'object',
        properties: {
          channelId: { type: 'string' },
          name: { type: ['string', 'null'] },
          ...totals,
        },
      }),
    },
    byUser: {
      type: 'array',
      items: allRequired({
        type: 'object',
        properties: {
          userId: { type: 'string' },
          username: { type: ['string', 'null'] },
          displayName: { type: ['string', 'null'] },
          ...totals,
        },
      }),
    },
  },
} as const);
