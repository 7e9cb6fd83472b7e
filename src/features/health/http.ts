import type { FastifyPluginAsync } from 'fastify';
import { allRequired } from '../../platform/http/schema.ts';
import type { Registry } from '../../platform/metrics.ts';
import { checkReadiness, type ReadinessCheck } from './service.ts';

const partSchema = allRequired(
  {
    type: 'object',
    properties: {
      name: { type: 'string' },
      status: { type: 'string', enum: ['up', 'degraded', 'down'] },
      latencyMs: { type: ['number', 'null'] },
      message: { type: 'string' },
      details: { type: 'object', additionalProperties: true },
    },
  },
  'message',
  'details',
);

const readySchema = allRequired({
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ready', 'degraded', 'unavailable'] },
    parts: { type: 'array', items: partSchema },
  },
});

export interface HealthRoutesOptions {
  checks: readonly ReadinessCheck[];
  metrics: Registry;
  startedAt: Date;
  version: string;
}

export function healthRoutes(options: HealthRoutesOptions): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/health',
      {
        logLevel: 'warn',
        schema: {
          tags: ['health'],
          summary: 'Liveness: the process answers',
          response: {
            200: allRequired({
              type: 'object',
              properties: {
                status: { type: 'string' },
                uptimeSeconds: { type: 'number' },
                version: { type: 'string' },
              },
            }),
          },
        },
      },
      async () => ({
        status: 'ok',
        uptimeSeconds: Math.round((Date.now() - options.startedAt.getTime()) / 1000),
        version: options.version,
      }),
    );

    app.get(
      '/ready',
      {
        logLevel: 'warn',
        schema: {
          tags: ['health'],
          summary:
            'Readiness: database, queue, hot store (and bot) with state and latency; 503 when a part is down',
          response: { 200: readySchema, 503: readySchema },
        },
      },
      async (_request, reply) => {
        const report = await checkReadiness(options.checks);
        return reply.status(report.status === 'unavailable' ? 503 : 200).send(report);
      },
    );

    app.get(
      '/metrics',
      {
        logLevel: 'warn',
        schema: { tags: ['health'], summary: 'Prometheus metrics (text exposition format)' },
      },
      async (_request, reply) => {
        const body = await options.metrics.metrics();
        return reply.type(options.metrics.contentType).send(body);
      },
    );
  };
}
