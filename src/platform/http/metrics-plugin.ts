import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, type Registry } from 'prom-client';

type Labels = { method: string; route: string; status: string };

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
    // One labels object per route, method and status, reused by every request that has them: the
    // set is as small as the routes (the reason the labels are patterns), and a heartbeat at
    // thousands per second should not build and stringify a fresh one each time.
    const known = new Map<string, Map<string, Map<number, Labels>>>();
    const labelsOf = (method: string, route: string, status: number): Labels => {
      let byRoute = known.get(method);
      if (!byRoute) {
        byRoute = new Map();
        known.set(method, byRoute);
      }
      let byStatus = byRoute.get(route);
      if (!byStatus) {
        byStatus = new Map();
        byRoute.set(route, byStatus);
      }
      let labels = byStatus.get(status);
      if (!labels) {
        labels = { method, route, status: String(status) };
        byStatus.set(status, labels);
      }
      return labels;
    };
    // A callback hook: an async one costs a promise and a turn of the microtask queue per request.
    app.addHook('onResponse', (request, reply, done) => {
      const labels = labelsOf(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode);
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  },
  { name: 'hearth-http-metrics' },
);
