import { createPostgresDatabase } from '../test/support/databases.ts';

/** Shared helpers of the benchmarks: a throwaway PostgreSQL database and timing. */

export const BENCH_POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

export async function scratchDatabase() {
  if (BENCH_POSTGRES_URL) process.env.TEST_DATABASE_URL = BENCH_POSTGRES_URL;
  return createPostgresDatabase();
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

export function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function argNumber(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const raw = index >= 0 ? process.argv[index + 1] : undefined;
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}
