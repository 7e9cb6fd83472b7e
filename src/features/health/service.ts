import { type PartReport, type PartStatus, type ReadinessReport, summarize } from './domain.ts';

/** One part of the system /ready looks at. `check` throws when the part is down. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<{
    latencyMs: number;
    status?: PartStatus;
    message?: string;
    details?: Record<string, unknown>;
  }>;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]);
}

export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const parts = await Promise.all(
    checks.map(async (c): Promise<PartReport> => {
      const started = performance.now();
      try {
        const result = await withTimeout(c.check(), CHECK_TIMEOUT_MS);
        const report: PartReport = {
          name: c.name,
          status: result.status ?? 'up',
          latencyMs: Math.round(result.latencyMs * 100) / 100,
        };
        if (result.message !== undefined) report.message = result.message;
        if (result.details !== undefined) report.details = result.details;
        return report;
      } catch (error) {
        return {
          name: c.name,
          status: 'down',
          latencyMs: Math.round((performance.now() - started) * 100) / 100,
          message: (error as Error).message,
        };
      }
    }),
  );
  return summarize(parts);
}
