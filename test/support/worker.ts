import { spawn } from 'node:child_process';
import { HEARTH_BIN, tempDir } from './process.ts';

/** Starts `hearth worker` (which has no port) and resolves once its queue runs. */
export function startHearthWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, [HEARTH_BIN, 'worker'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_FORMAT: 'json', ...env },
    cwd: tempDir(),
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise<{ stop: () => Promise<{ code: number | null }> }>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Hearth worker running')) {
        resolve({
          async stop() {
            child.kill('SIGTERM');
            return { code: await exited };
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
}
