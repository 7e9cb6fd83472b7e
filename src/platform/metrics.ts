import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per process (not prom-client's global one), so tests can build many apps side by
 * side and each role exposes exactly what it runs.
 */
export function createMetrics(role: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  collectDefaultMetrics({ register: registry, prefix: 'hearth_' });
  return registry;
}

export type { Registry } from 'prom-client';
