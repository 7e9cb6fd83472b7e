import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';

/**
 * Every setting Hearth reads, validated once at start. Each variable is documented in
 * docs/configuration.md and .env.example; `test/config-docs.test.ts` fails when they drift.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function urlWithProtocols(protocols: readonly string[], example: string) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL like ${example}` },
  );
}

const port = (fallback: number) =>
  z.coerce
    .number({ message: 'expected a port number between 1 and 65535' })
    .int({ message: 'expected a port number between 1 and 65535' })
    .min(0, { message: 'expected a port number between 1 and 65535' })
    .max(65535, { message: 'expected a port number between 1 and 65535' })
    .default(fallback);

const positiveInt = (fallback: number, what: string) =>
  z.coerce
    .number({ message: `expected ${what}` })
    .int({ message: `expected ${what}` })
    .positive({ message: `expected ${what}` })
    .default(fallback);

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const ORIGINS_MESSAGE =
  'expected * or web origins separated by commas, each a scheme, host and optional port such as https://player.example.com';

/** A web origin as a browser sends it (lower-case host, no default port), or null when `value` is not one. */
function originOf(value: string): string | null {
  if (!/^https?:\/\/[^/?#]+\/?$/i.test(value)) return null;
  try {
    const url = new URL(value);
    return url.username || url.password ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * Origins allowed to call the web players' endpoints from the browser: `*` (any site), a list, or
 * none (empty, the default). Written as a browser sends them or close to it: `HTTPS://Player.example.com:443/`
 * is the origin `https://player.example.com`.
 */
const origins = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .refine((list) => (list.length === 1 && list[0] === '*') || list.every((o) => originOf(o) !== null), {
    message: ORIGINS_MESSAGE,
  })
  .transform((list): readonly string[] | '*' =>
    list[0] === '*' ? '*' : [...new Set(list.map((o) => originOf(o) as string))],
  );

const optionalNonEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const configSchema = z.object({
  PORT: port(3000),
  HOST: z.string().min(1, { message: 'expected a host name or address' }).default('127.0.0.1'),
  DATA_DIR: z.string().min(1, { message: 'expected a directory path' }).default('./data'),
  DATABASE_URL: optionalNonEmpty(
    urlWithProtocols(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/hearth'),
  ),
  DATABASE_POOL_MAX: positiveInt(10, 'a whole number of connections, at least 1'),
  REDIS_URL: optionalNonEmpty(urlWithProtocols(['redis:', 'rediss:'], 'redis://host:6379/0')),
  DISCORD_TOKEN: optionalNonEmpty(z.string().min(10, { message: 'expected a Discord bot token' })),
  DISCORD_API_URL: optionalNonEmpty(urlWithProtocols(['http:', 'https:'], 'https://discord.com/api')),
  DISCORD_CLIENT_ID: optionalNonEmpty(z.string().regex(/^\d{5,20}$/, { message: 'expected a numeric id' })),
  DISCORD_CLIENT_SECRET: optionalNonEmpty(z.string().min(1)),
  HEARTH_ADMINS: z
    .string()
    .regex(/^\s*(\d{5,20}\s*(,\s*\d{5,20}\s*)*)?$/, {
      message: 'expected Discord user ids separated by commas',
    })
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  JWT_SECRET: optionalNonEmpty(
    z.string().min(32, { message: 'expected at least 32 characters (try: openssl rand -hex 32)' }),
  ),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_FORMAT: z
    .enum(['auto', 'pretty', 'json'], { message: 'expected auto, pretty or json' })
    .default('auto'),
  PUBLIC_URL: optionalNonEmpty(urlWithProtocols(['http:', 'https:'], 'https://hearth.example.org')),
  TRUST_PROXY: booleanFlag(false),
  CORS_ORIGINS: origins,
  API_RATE_LIMIT_PER_MINUTE: positiveInt(300, 'a whole number of requests per minute, at least 1'),
  BODY_LIMIT_BYTES: positiveInt(1_048_576, 'a whole number of bytes, at least 1'),
  SHUTDOWN_TIMEOUT_MS: positiveInt(5000, 'a whole number of milliseconds, at least 1'),
});

export type Config = z.output<typeof configSchema>;
export type ConfigKey = keyof Config;
export const CONFIG_KEYS = Object.keys(configSchema.shape) as ConfigKey[];

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

const SECRET_KEYS = new Set<string>(['DISCORD_TOKEN', 'DISCORD_CLIENT_SECRET', 'JWT_SECRET']);

/** What a value looked like, safe to print: secrets are never echoed. */
function describeValue(key: string, value: unknown): string {
  if (value === undefined) return 'is missing';
  if (SECRET_KEYS.has(key)) return 'is invalid';
  if (key === 'DATABASE_URL' || key === 'REDIS_URL') return `"${redactUrl(String(value))}" is invalid`;
  return `"${String(value)}" is invalid`;
}

export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/:[^:@/]*@/, ':***@');
  }
}

/** Reads `.env` from the working directory when present; the process environment wins. */
export function readEnvFile(file = path.resolve('.env')): Record<string, string> {
  if (!existsSync(file)) return {};
  return parseDotenv(readFileSync(file));
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  envFile: Record<string, string> = readEnvFile(),
): Config {
  const merged: Record<string, string | undefined> = { ...envFile };
  for (const key of CONFIG_KEYS) {
    if (env[key] !== undefined) merged[key] = env[key];
  }
  const input: Record<string, string | undefined> = {};
  for (const key of CONFIG_KEYS) input[key] = merged[key];
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = String(issue?.path[0] ?? 'configuration');
    throw new ConfigError(key, `${key} ${describeValue(key, input[key])}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/**
 * Creates DATA_DIR (with its missing parents) and proves it writable with a file, before anything is
 * kept there; returns its absolute path. One level at a time: Node's recursive mkdir spins forever
 * on a path under /proc, where a start would hang without a word.
 */
export function ensureDataDir(dataDir: string): string {
  const dir = path.resolve(dataDir);
  const missing: string[] = [];
  let existing = dir;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    if (!statSync(existing).isDirectory()) throw new Error(`${existing} is not a directory`);
    for (const level of missing) mkdirSync(level);
    const probe = path.join(dir, `.hearth-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      'DATA_DIR',
      `DATA_DIR "${dataDir}" is not a directory Hearth can write (${reason}): point DATA_DIR at a writable directory`,
    );
  }
  return dir;
}

/** Embedded mode: PGlite in DATA_DIR. Production mode: PostgreSQL at DATABASE_URL. */
export function isEmbedded(config: Config): boolean {
  return config.DATABASE_URL === undefined;
}
