import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ensureDataDir, isEmbedded, loadConfig, redactUrl } from './config.ts';

const load = (env: Record<string, string>, file: Record<string, string> = {}) => loadConfig(env, file);

function errorOf(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('starts with embedded defaults when nothing is set', () => {
    const config = load({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(isEmbedded(config)).toBe(true);
  });

  it('reads values from .env while the environment wins', () => {
    const config = load({ PORT: '4000' }, { PORT: '5000', LOG_LEVEL: 'debug' });
    expect(config.PORT).toBe(4000);
    expect(config.LOG_LEVEL).toBe('debug');
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    const config = load({ DATABASE_URL: 'postgres://u:p@db:5432/hearth' });
    expect(isEmbedded(config)).toBe(false);
  });

  it('treats an empty value as unset', () => {
    expect(load({ DATABASE_URL: '', REDIS_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'PORT "abc" is invalid: expected a port number between 1 and 65535'],
    [{ PORT: '70000' }, 'PORT', 'PORT "70000" is invalid: expected a port number between 1 and 65535'],
    [
      { DATABASE_URL: 'mysql://x@y/z' },
      'DATABASE_URL',
      'DATABASE_URL "mysql://x@y/z" is invalid: expected a URL like postgres://user:password@host:5432/hearth',
    ],
    [
      { REDIS_URL: 'not a url' },
      'REDIS_URL',
      'REDIS_URL "not a url" is invalid: expected a URL like redis://host:6379/0',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL',
      'LOG_LEVEL "loud" is invalid: expected one of fatal, error, warn, info, debug, trace, silent',
    ],
    [{ DISCORD_API_URL: 'ftp://x' }, 'DISCORD_API_URL', 'expected a URL like https://discord.com/api'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY', 'TRUST_PROXY "maybe" is invalid: expected true or false'],
  ])('refuses %o naming the variable and what is expected', (env, variable, message) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(message);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('never echoes a secret in its error', () => {
    const error = errorOf({ JWT_SECRET: 'short-secret-value' });
    expect(error.message).toBe(
      'JWT_SECRET is invalid: expected at least 32 characters (try: openssl rand -hex 32)',
    );
    expect(error.message).not.toContain('short-secret-value');
  });

  it('hides the password of a database URL it prints', () => {
    const error = errorOf({ DATABASE_URL: 'mysql://admin:hunter2@db/x' });
    expect(error.message).not.toContain('hunter2');
    expect(redactUrl('postgres://admin:hunter2@db:5432/x')).toBe('postgres://admin:***@db:5432/x');
  });
});

describe('DATA_DIR', () => {
  it('creates missing levels and proves the directory writable', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'hearth-data-'));
    try {
      const dir = ensureDataDir(path.join(root, 'a', 'b'));
      expect(dir).toBe(path.join(root, 'a', 'b'));
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a path under /proc at once, naming DATA_DIR', () => {
    const started = performance.now();
    let error: unknown;
    try {
      ensureDataDir('/proc/hearth-data/deeper');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('DATA_DIR');
    expect((error as ConfigError).message).toMatch(
      /^DATA_DIR "\/proc\/hearth-data\/deeper" is not a directory Hearth can write/,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses a file where the directory should be', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'hearth-data-'));
    try {
      writeFileSync(path.join(root, 'file'), '');
      expect(() => ensureDataDir(path.join(root, 'file', 'data'))).toThrow(/is not a directory/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
