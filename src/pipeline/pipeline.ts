import type { Db } from '../platform/db/port.ts';
import type { Logger } from '../platform/logger.ts';
import type { DomainEvent } from './events.ts';
import type { PipelineFeature } from './feature.ts';
import type { PipelineMetrics } from './metrics.ts';
import { isTransient } from './transient.ts';
import { writeBatch } from './writer.ts';

export interface PipelineOptions {
  db: Db;
  features: readonly PipelineFeature[];
  logger: Logger;
  metrics?: PipelineMetrics;
  /** Events per transaction. */
  maxBatch?: number;
  /** How long the first event of a batch waits for company. */
  flushIntervalMs?: number;
  /** Events held in memory before `submit` starts waiting for room. */
  maxBuffered?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

interface Entry {
  event: DomainEvent;
  /** Set for `submitAndWait`: settled when the event's batch commits (or is rejected). */
  done?: { resolve: () => void; reject: (error: Error) => void };
}

/**
 * A batch holds up to `maxBatch` rows' worth of events: a snapshot of 1,000 members weighs 1,000, so
 * a member storm becomes many modest transactions instead of one huge statement held in memory.
 */
function weight(event: DomainEvent): number {
  if (event.kind !== 'guild.snapshot') return 1;
  return Math.max(1, event.members.length + (event.channels?.length ?? 0) + (event.roles?.length ?? 0));
}

function batchLength(buffer: readonly Entry[], maxWeight: number): number {
  let total = 0;
  let length = 0;
  for (const entry of buffer) {
    total += weight(entry.event);
    if (total > maxWeight && length > 0) break;
    length++;
    if (length >= maxWeight) break;
  }
  return length;
}

export interface PipelineStats {
  buffered: number;
  applied: number;
  duplicates: number;
  rejected: number;
  batches: number;
  failures: number;
}

/**
 * Buffers domain events, writes them in batches (by size or every ~50 ms), one transaction each,
 * one batch at a time so writes never race each other. When the database is slow or down it keeps
 * the batch, backs off and retries, and makes submitters wait once the buffer is full: nothing
 * accepted is dropped. A batch that fails for a reason retrying cannot fix is split until the one
 * bad event is found; that event is logged and rejected, the rest go through.
 */
export class Pipeline {
  readonly #options: Required<Omit<PipelineOptions, 'metrics'>> & { metrics: PipelineMetrics | undefined };
  #buffer: Entry[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;
  #closed = false;
  #roomWaiters: (() => void)[] = [];
  #idleWaiters: (() => void)[] = [];
  readonly #stats: PipelineStats = {
    buffered: 0,
    applied: 0,
    duplicates: 0,
    rejected: 0,
    batches: 0,
    failures: 0,
  };

  constructor(options: PipelineOptions) {
    this.#options = {
      maxBatch: 2000,
      flushIntervalMs: 50,
      maxBuffered: 100_000,
      retryInitialMs: 100,
      retryMaxMs: 5000,
      ...options,
      metrics: options.metrics,
    };
  }

  /** Accepts events; resolves once they are buffered (waits while the buffer is full). */
  async submit(events: DomainEvent | readonly DomainEvent[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events as DomainEvent];
    await this.#waitForRoom();
    for (const event of list) this.#buffer.push({ event });
    this.#accepted(list);
  }

  /** Accepts events and resolves once all of them are committed: what history import checkpoints on. */
  async submitAndWait(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.#waitForRoom();
    const promises = events.map(
      (event) =>
        new Promise<void>((resolve, reject) => {
          this.#buffer.push({ event, done: { resolve, reject } });
        }),
    );
    this.#accepted(events);
    await Promise.all(promises);
  }

  /** Writes everything buffered now and resolves when the buffer is empty. */
  async flush(): Promise<void> {
    if (this.#buffer.length === 0 && !this.#flushing) return;
    await new Promise<void>((resolve) => {
      this.#idleWaiters.push(resolve);
      this.#schedule(0);
    });
  }

  /** Stops accepting events and drains the buffer, giving up after `timeoutMs`. */
  async close(timeoutMs = 4000): Promise<void> {
    this.#closed = true;
    let timer: NodeJS.Timeout | undefined;
    const drained = this.flush();
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([drained.then(() => 'drained' as const), timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.#options.logger.error(
        { buffered: this.#buffer.length },
        'pipeline could not drain before shutdown; these events were not written',
      );
    }
  }

  stats(): PipelineStats {
    return { ...this.#stats, buffered: this.#buffer.length };
  }

  #accepted(events: readonly DomainEvent[]): void {
    this.#options.metrics?.received(events);
    this.#options.metrics?.buffered(this.#buffer.length);
    this.#schedule(this.#buffer.length >= this.#options.maxBatch ? 0 : this.#options.flushIntervalMs);
  }

  async #waitForRoom(): Promise<void> {
    if (this.#closed) throw new Error('pipeline is closed');
    while (this.#buffer.length >= this.#options.maxBuffered) {
      this.#options.metrics?.backpressure();
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    }
  }

  #schedule(delayMs: number): void {
    if (this.#flushing) return;
    if (this.#timer && delayMs > 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flushing = this.#drain().finally(() => {
        this.#flushing = undefined;
        if (this.#buffer.length > 0) this.#schedule(0);
        else for (const wake of this.#idleWaiters.splice(0)) wake();
      });
    }, delayMs);
  }

  async #drain(): Promise<void> {
    let delay = this.#options.retryInitialMs;
    while (this.#buffer.length > 0) {
      const batch = this.#buffer.slice(0, batchLength(this.#buffer, this.#options.maxBatch));
      try {
        await this.#write(batch);
        this.#buffer.splice(0, batch.length);
        delay = this.#options.retryInitialMs;
        for (const wake of this.#roomWaiters.splice(0)) wake();
        this.#options.metrics?.buffered(this.#buffer.length);
      } catch (error) {
        this.#stats.failures++;
        this.#options.metrics?.failed();
        this.#options.logger.warn(
          { err: error, buffered: this.#buffer.length, retryInMs: delay },
          'pipeline could not write a batch; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, this.#options.retryMaxMs);
      }
    }
  }

  /** Writes a batch; throws only for transient failures (the caller retries the same batch). */
  async #write(batch: Entry[]): Promise<void> {
    const started = performance.now();
    try {
      const result = await writeBatch(
        this.#options.db,
        batch.map((e) => e.event),
        this.#options.features,
      );
      this.#stats.batches++;
      this.#stats.applied += result.applied.length;
      this.#stats.duplicates += result.duplicates;
      this.#options.metrics?.committed(batch, result.applied, result.duplicates, performance.now() - started);
      for (const entry of batch) entry.done?.resolve();
      for (const after of result.afterCommit) {
        await after().catch((error: unknown) =>
          this.#options.logger.warn({ err: error }, 'pipeline after-commit step failed'),
        );
      }
    } catch (error) {
      if (isTransient(error)) throw error;
      await this.#isolate(batch, error);
    }
  }

  /** Bisects a batch that fails deterministically, so one bad event cannot block the rest. */
  async #isolate(batch: Entry[], error: unknown): Promise<void> {
    if (batch.length === 1) {
      const [entry] = batch;
      if (!entry) return;
      this.#stats.rejected++;
      this.#options.metrics?.rejected(entry.event);
      this.#options.logger.error(
        { err: error, event: { kind: entry.event.kind, id: entry.event.id, guildId: entry.event.guildId } },
        'pipeline rejected an event it cannot apply',
      );
      entry.done?.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const middle = Math.ceil(batch.length / 2);
    await this.#write(batch.slice(0, middle));
    await this.#write(batch.slice(middle));
  }
}
