import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/hearth.js', import.meta.url));

export interface SimProcess {
  url: string;
  apiUrl: string;
  token: string;
  child: ChildProcess;
  control(path: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/** `hearth sim` in its own process, so the simulator's CPU is not the benchmark's. */
export function startSimProcess(args: string[]): Promise<SimProcess> {
  const token = 'MTAwMDAwMDAwMDAwMDAwMDAw.bench.token-for-benchmarks';
  const child = spawn(process.execPath, [BIN, 'sim', '--port', '0', '--token', token, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start:\n${output}`)), 120_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /ready in \d+ ms at (http:\/\/[\d.:]+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      const url = match[1];
      resolve({
        url,
        apiUrl: `${url}/api`,
        token,
        child,
        async control(path, body) {
          const res = await fetch(`${url}/_sim${path}`, {
            method: body === undefined ? 'GET' : 'POST',
            headers: { 'content-type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
          return res.json();
        },
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}:\n${output}`)));
  });
}
