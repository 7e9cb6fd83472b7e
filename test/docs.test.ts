import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../src/platform/config.ts';
import { ERROR_CODES } from '../src/platform/http/errors.ts';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('documentation stays true', () => {
  it.each(CONFIG_KEYS)('documents %s in docs/configuration.md and .env.example', (key) => {
    expect(read('docs/configuration.md')).toContain(`| \`${key}\` |`);
    expect(read('.env.example')).toMatch(new RegExp(`^# ${key}=`, 'm'));
  });

  it.each(Object.entries(ERROR_CODES))(
    'lists error code %s with its status in docs/api.md',
    (code, { status }) => {
      expect(read('docs/api.md')).toContain(`| \`${code}\` | ${status} |`);
    },
  );
});
