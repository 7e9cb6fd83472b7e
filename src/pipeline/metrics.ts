import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DomainEvent } from './events.ts';

/** The pipeline's Prometheus series: events in, applied, duplicates, rejects, batches, latency and lag. */
export interface PipelineMetrics {
  received(events: readonly DomainEvent[]): void;
  committed(
    batch: readonly { event: DomainEvent }[],
    applied: readonly DomainEvent[],
    duplicates: number,
    flushMs: number,
  ): void;
  rejected(event: DomainEvent): void;
  failed(): void;
  backpressure(): void;
  buffered(size: number): void;
}

export function createPipelineMetrics(registry: Registry): PipelineMetrics {
  const registers = [registry];
  const eventsIn = new Counter({
    name: 'hearth_pipeline_events_received_total',
    help: 'Domain events accepted by the pipeline, by kind and source',
    labelNames: ['kind', 'source'] as const,
    registers,
  });
  const applied = new Counter({
    name: 'hearth_pipeline_events_applied_total',
    help: 'Domain events written (first time seen), by kind',
    labelNames: ['kind'] as const,
    registers,
  });
  const duplicates = new Counter({
    name: 'hearth_pipeline_events_duplicate_total',
    help: 'Domain events skipped because their id was applied before (redelivery, resume, re-import)',
    registers,
  });
  const rejected = new Counter({
    name: 'hearth_pipeline_events_rejected_total',
    help: 'Domain events that could not be applied and were dropped after isolation, by kind',
    labelNames: ['kind'] as const,
    registers,
  });
  const failures = new Counter({
    name: 'hearth_pipeline_write_failures_total',
    help: 'Batch writes that failed transiently and were retried',
    registers,
  });
  const waits = new Counter({
    name: 'hearth_pipeline_backpressure_total',
    help: 'Times a submitter had to wait because the buffer was full',
    registers,
  });
  const buffer = new Gauge({
    name: 'hearth_pipeline_buffered_events',
    help: 'Events waiting to be written',
    registers,
  });
  const batchSize = new Histogram({
    name: 'hearth_pipeline_batch_size',
    help: 'Events per committed batch',
    buckets: [1, 10, 50, 100, 250, 500, 1000, 2000, 5000],
    registers,
  });
  const flush = new Histogram({
    name: 'hearth_pipeline_flush_seconds',
    help: 'Time to write and commit one batch',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const lag = new Histogram({
    name: 'hearth_pipeline_lag_seconds',
    help: 'From when a live event happened to when it was committed',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  return {
    received(events) {
      // One increment per label set, not per event: this runs for every event the bot sees.
      const counts = new Map<string, { kind: string; source: string; n: number }>();
      for (const e of events) {
        const key = `${e.kind}|${e.source}`;
        const entry = counts.get(key);
        if (entry) entry.n++;
        else counts.set(key, { kind: e.kind, source: e.source, n: 1 });
      }
      for (const { kind, source, n } of counts.values()) eventsIn.inc({ kind, source }, n);
    },
    committed(batch, appliedEvents, duplicateCount, flushMs) {
      const now = Date.now();
      const byKind = new Map<string, number>();
      for (const e of appliedEvents) {
        byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
        if (e.source === 'live') lag.observe(Math.max(0, now - e.at.getTime()) / 1000);
      }
      for (const [kind, n] of byKind) applied.inc({ kind }, n);
      duplicates.inc(duplicateCount);
      batchSize.observe(batch.length);
      flush.observe(flushMs / 1000);
    },
    rejected(event) {
      rejected.inc({ kind: event.kind });
    },
    failed() {
      failures.inc();
    },
    backpressure() {
      waits.inc();
    },
    buffered(size) {
      buffer.set(size);
    },
  };
}
