import { describe, expect, it } from 'vitest';
import { createTokenService } from '../src/platform/auth/token.ts';
import { runHearth, tempDir } from './support/process.ts';

describe('hearth CLI', () => {
  it('prints help for --help and exits 0', async () => {
    const result = await runHearth(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: hearth');
    for (const command of ['all', 'api', 'worker', 'migrate', 'token'])
      expect(result.stdout).toContain(command);
  });

  it('prints help for a command', async () => {
    const result = await runHearth(['token', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--guild <id>');
  });

  it('refuses an unknown command with exit code 2', async () => {
    const result = await runHearth(['fly']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'fly'");
  });

  it('refuses an unknown flag with exit code 2', async () => {
    const result = await runHearth(['migrate', '--fast']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--fast'");
  });

  it('stops with exit code 2 and one line naming a bad variable', async () => {
    const result = await runHearth(['all'], { PORT: 'abc' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'hearth: configuration error: PORT "abc" is invalid: expected a port number between 1 and 65535',
    );
  });

  it.each(['api', 'worker'])('refuses to run %s on the embedded database', async (role) => {
    const result = await runHearth([role], { DATA_DIR: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`hearth ${role} needs DATABASE_URL`);
  });

  it('prints a token that the API accepts', async () => {
    const dataDir = tempDir();
    const result = await runHearth(
      ['token', '--user', '123456789012', '--guild', '987654321098', '--admin', '--ttl', '2h'],
      {
        DATA_DIR: dataDir,
      },
    );
    expect(result.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const secret = readFileSync(`${dataDir}/jwt-secret`, 'utf8').trim();
    const verified = await createTokenService(secret).verify(result.stdout.trim());
    expect(verified).toMatchObject({
      ok: true,
      auth: { userId: '123456789012', guildIds: ['987654321098'], role: 'admin' },
    });
  });

  it('names the flag when a token id is not a Discord id', async () => {
    const result = await runHearth(['token', '--user', 'bob', '--guild', '987654321098']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--user must be a Discord id');
  });

  it('names the flag when a ttl cannot be read', async () => {
    const result = await runHearth([
      'token',
      '--user',
      '123456789012',
      '--guild',
      '987654321098',
      '--ttl',
      'soon',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--ttl must be a duration');
  });

  it('migrates the embedded database as a step of its own', async () => {
    const env = { DATA_DIR: tempDir() };
    const first = await runHearth(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied 0001_foundation\.sql/);
    const again = await runHearth(['migrate'], env);
    expect(again.stdout).toMatch(/database is up to date/);
    const status = await runHearth(['migrate', '--status'], env);
    expect(status.stdout).toContain('pending: none');
  }, 60_000);
});
