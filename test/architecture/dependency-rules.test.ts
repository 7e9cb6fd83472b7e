import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * `npm run lint:deps` (dependency-cruiser, .dependency-cruiser.cjs) checks the import rules; this
 * keeps its configuration honest: every rule says what it forbids, and no violation is baselined
 * (`--ignore-known` and a known-violations file would silence the rules).
 */

interface Rule {
  readonly name?: string;
  readonly comment?: string;
}

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: Rule[] };

describe('dependency rules', () => {
  it('gives every rule a name and a comment that says it in words', () => {
    for (const rule of config.forbidden) {
      expect(rule.name, JSON.stringify(rule)).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(rule.comment?.length ?? 0, `${rule.name} needs a comment`).toBeGreaterThan(40);
    }
    const names = config.forbidden.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('runs without a baseline of known violations', () => {
    const scripts = (
      createRequire(import.meta.url)('../../package.json') as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts['lint:deps']).not.toContain('--ignore-known');
  });
});
