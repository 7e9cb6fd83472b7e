import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HEARTH_BIN = fileURLToPath(new URL('../../bin/hearth.js', import.meta.url));

export function tempDir(prefix = 'hearth-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // Only what a user would have: no CI variables or test settings leak into the child.
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `hearth <args>` with only the given environment, in a scratch working directory. */
export function spawnHearth(
  args: string[],
  env: Record<string, string> = {},
  cwd = tempDir(),
): ChildProcess & {
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
} {
  return spawn(process.execPath, [HEARTH_BIN, ...args], { env: childEnv(env), cwd });
}

/** Runs `hearth <args>` to completion in a scratch working directory. */
export function runHearth(
  args: string[],
  env: Record<string, string> = {},
  cwd = tempDir(),
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnHearth(args, env, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningHearth {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn until the server logged that it listens. */
  startupMs: number;
  output(): string;
  /** Sends a signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** Starts a long-running role and resolves once it listens (its address is read from the log). */
export function startHearth(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<RunningHearth> {
  const started = performance.now();
  const child = spawn(process.execPath, [HEARTH_BIN, ...args], {
    env: childEnv({ PORT: '0', ...env }),
    cwd: options.cwd ?? tempDir(),
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hearth did not start within ${options.timeoutMs ?? 30_000} ms:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /Hearth API listening on (http:\/\/[^"\s]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        const startupMs = performance.now() - started;
        resolve({
          child,
          url: match[1],
          startupMs,
          output: () => output,
          async stop(signal = 'SIGTERM') {
            const t0 = performance.now();
            child.kill(signal);
            const code = await exited;
            return { code, ms: performance.now() - t0 };
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hearth exited with ${code} before listening:\n${output}`));
    });
  });
}
