import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Request counts and durations by route pattern (never the raw URL, which would explode cardinality). */
export const httpMetricsPlugin = fp(
  async (app: FastifyInstance, options: { registry: Registry }) => {
    const labelNames = ['method', 'route', 'status'] as const;
    const requests = new Counter({
      name: 'hearth_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames,
      registers: [options.registry],
    });
    const duration = new Histogram({
      name: 'hearth_http_request_duration_seconds',
      help: 'HTTP request durations, by method, route pattern and status',
      labelNames,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [options.registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
    });
  },
  { name: 'hearth-http-metrics' },
);
