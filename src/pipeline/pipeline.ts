import type { Db } from '../platform/db/port.ts';
import type { Logger } from '../platform/logger.ts';
import type { DomainEvent } from './events.ts';
import type { PipelineFeature } from './feature.ts';
import type { PipelineMetrics } from './metrics.ts';
import { partitionByTouches } from './partition.ts';
import { isTransient } from './transient.ts';
import { type BatchResult, writeBatch } from './writer.ts';

export interface PipelineOptions {
  db: Db;
  features: readonly PipelineFeature[];
  logger: Logger;
  metrics?: PipelineMetrics;
  /** Events per transaction (a round under load writes up to `writers` of them at once). */
  maxBatch?: number;
  /** How long the first event of a batch waits for company. */
  flushIntervalMs?: number;
  /** Events held in memory before `submit` starts waiting for room. */
  maxBuffered?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  /**
   * Transactions written at the same time, touching nothing in common (see partition.ts). Default 3
   * on PostgreSQL: on a 2-core machine one more than the cores, so that Node runs one part's rules
   * while the database works on the others' statements (measured: 2 gave 40,500 events/s, 3 gave
   * about 44,000; docs/benchmarks.md). 1 on the embedded database, which has a single connection.
   */
  writers?: number;
  /**
   * Rounds with fewer events than this per part stay one transaction: quiet traffic is written as it
   * always was. Tests lower it so that small batches are split too.
   */
  minPartEvents?: number;
}

const MIN_PART_EVENTS = 500;

/** Some parts of a batch are settled (committed, or isolated and rejected); the rest must be retried. */
class PartialWrite extends Error {
  readonly settled: ReadonlySet<Entry>;
  constructor(cause: unknown, settled: ReadonlySet<Entry>) {
    super('part of a batch could not be written', { cause });
    this.settled = settled;
  }
}

/** The head of the buffer considered, and the parts of it written now (they touch nothing in common). */
interface Round {
  span: Entry[];
  parts: Entry[][];
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

const eventOf = (entry: Entry): DomainEvent => entry.event;

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
 * Buffers domain events, writes them in batches (by size or every ~50 ms), one batch at a time so
 * a member's events are applied in arrival order. A large batch is split into parts that touch
 * nothing in common (as the features declare), each written in its own transaction, concurrently
 * (`writers`). When the database is slow or down it keeps the batch, backs off and retries, and
 * makes submitters wait once the buffer is full: nothing accepted is dropped. A batch that fails for
 * a reason retrying cannot fix is split until the one bad event is found; that event is logged and
 * rejected, the rest go through.
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
      writers: options.db.kind === 'postgres' ? 3 : 1,
      minPartEvents: MIN_PART_EVENTS,
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
      const round = this.#nextRound();
      try {
        await this.#write(round);
        this.#consume(round, undefined);
        delay = this.#options.retryInitialMs;
        for (const wake of this.#roomWaiters.splice(0)) wake();
        this.#options.metrics?.buffered(this.#buffer.length);
      } catch (caught) {
        let error = caught;
        if (caught instanceof PartialWrite) {
          // Committed parts stay committed: only the rest is retried, still first in line.
          this.#consume(round, caught.settled);
          error = caught.cause;
        }
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

  /**
   * Takes a written round out of the buffer. What was left out of its parts (or not `settled`, after
   * a partial failure) stays at the head of the buffer, in arrival order.
   */
  #consume(round: Round, settled: ReadonlySet<Entry> | undefined): void {
    const written = round.parts.reduce((sum, part) => sum + part.length, 0);
    if (settled === undefined && written === round.span.length) {
      this.#buffer.splice(0, round.span.length);
      return;
    }
    const done = settled ?? new Set(round.parts.flat());
    this.#buffer.splice(0, round.span.length, ...round.span.filter((entry) => !done.has(entry)));
  }

  /**
   * What to write next: up to `writers` transactions of at most `maxBatch` events' weight, which
   * touch nothing in common, from the head of the buffer. A part that comes out heavier than
   * `maxBatch` keeps what fits; the rest of it waits for the next round (every later event that
   * touches the same rows is in that rest, so their order holds). When the buffer holds little, or
   * its events cannot be split, what fits in one transaction (split too, if it can be).
   */
  #nextRound(): Round {
    const { maxBatch, writers, minPartEvents, features } = this.#options;
    if (writers > 1) {
      const span = this.#buffer.slice(0, batchLength(this.#buffer, maxBatch * writers));
      const count = Math.min(writers, Math.floor(span.length / minPartEvents));
      if (count > 1) {
        const parts = partitionByTouches(span, eventOf, features, count);
        if (parts.length > 1)
          return { span, parts: parts.map((part) => part.slice(0, batchLength(part, maxBatch))) };
      }
    }
    // Events that touch a whole guild further on may be what kept the wider span in one part.
    const span = this.#buffer.slice(0, batchLength(this.#buffer, maxBatch));
    const count = Math.min(writers, Math.floor(span.length / minPartEvents));
    const parts = count > 1 ? partitionByTouches(span, eventOf, features, count) : [span];
    return { span, parts };
  }

  /**
   * Writes a round: its parts concurrently, each in its own transaction. Throws only for transient
   * failures: a `PartialWrite` when some parts were committed.
   */
  async #write(round: Round): Promise<void> {
    const { parts } = round;
    if (parts.length === 1) return this.#writeWhole(parts[0] as Entry[]);
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      parts.map((part) =>
        writeBatch(
          this.#options.db,
          part.map((e) => e.event),
          this.#options.features,
        ),
      ),
    );
    const settled = new Set<Entry>();
    const committed: { part: Entry[]; result: BatchResult }[] = [];
    outcomes.forEach((outcome, index) => {
      const part = parts[index] as Entry[];
      if (outcome.status === 'fulfilled') committed.push({ part, result: outcome.value });
    });
    this.#committed(
      committed.flatMap((c) => c.part),
      committed.flatMap((c) => c.result.applied),
      committed.reduce((sum, c) => sum + c.result.duplicates, 0),
      performance.now() - started,
      committed.length,
    );
    for (const { part, result } of committed) {
      for (const entry of part) settled.add(entry);
      await this.#afterCommit(result);
    }
    let transient: unknown;
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') continue;
      const part = parts[index] as Entry[];
      if (isTransient(outcome.reason)) {
        transient ??= outcome.reason;
        continue;
      }
      try {
        await this.#isolate(part, outcome.reason);
        for (const entry of part) settled.add(entry);
      } catch (error) {
        transient ??= error;
      }
    }
    if (transient !== undefined) throw new PartialWrite(transient, settled);
  }

  #committed(
    entries: readonly Entry[],
    applied: readonly DomainEvent[],
    duplicates: number,
    ms: number,
    transactions: number,
  ): void {
    if (entries.length === 0) return;
    this.#stats.batches += transactions;
    this.#stats.applied += applied.length;
    this.#stats.duplicates += duplicates;
    this.#options.metrics?.committed(entries, applied, duplicates, ms);
    for (const entry of entries) entry.done?.resolve();
  }

  async #afterCommit(result: BatchResult): Promise<void> {
    for (const after of result.afterCommit) {
      await after().catch((error: unknown) =>
        this.#options.logger.warn({ err: error }, 'pipeline after-commit step failed'),
      );
    }
  }

  /** Writes entries in one transaction; throws only for transient failures (the caller retries them). */
  async #writeWhole(batch: Entry[]): Promise<void> {
    const started = performance.now();
    try {
      const result = await writeBatch(
        this.#options.db,
        batch.map((e) => e.event),
        this.#options.features,
      );
      this.#committed(batch, result.applied, result.duplicates, performance.now() - started, 1);
      await this.#afterCommit(result);
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
    await this.#writeWhole(batch.slice(0, middle));
    await this.#writeWhole(batch.slice(middle));
  }
}
