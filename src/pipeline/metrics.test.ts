import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './events.ts';
import { createPipelineMetrics } from './metrics.ts';

const event = (kind: 'member.left' | 'voice.state', source: 'live' | 'backfill' = 'live') =>
  ({ kind, id: null, guildId: '1', at: new Date(), source, userId: '2' }) as DomainEvent;

async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const found = (metric?.values ?? []).find((v) =>
    Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return found?.value ?? 0;
}

describe('pipeline metrics', () => {
  it('counts received and applied events by kind and source', async () => {
    const registry = new Registry();
    const metrics = createPipelineMetrics(registry);
    const events = [
      event('member.left'),
      event('member.left'),
      event('voice.state'),
      event('member.left', 'backfill'),
    ];
    metrics.received(events);
    metrics.committed(
      events.map((e) => ({ event: e })),
      events.slice(0, 3),
      1,
      5,
    );
    expect(
      await value(registry, 'hearth_pipeline_events_received_total', { kind: 'member.left', source: 'live' }),
    ).toBe(2);
    expect(
      await value(registry, 'hearth_pipeline_events_received_total', {
        kind: 'member.left',
        source: 'backfill',
      }),
    ).toBe(1);
    expect(await value(registry, 'hearth_pipeline_events_applied_total', { kind: 'member.left' })).toBe(2);
    expect(await value(registry, 'hearth_pipeline_events_applied_total', { kind: 'voice.state' })).toBe(1);
    expect(await value(registry, 'hearth_pipeline_events_duplicate_total', {})).toBe(1);
  });
});
