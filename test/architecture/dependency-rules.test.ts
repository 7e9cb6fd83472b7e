import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * `npm run lint:deps` (dependency-cruiser, .dependency-cruiser.cjs) checks the import rules; this
 * keeps its configuration honest: every rule says what it forbids, and the baseline of known
 * violations, which lets `npm test` pass while their owners move them, holds none outside
 * src/features/ (anything else is fixed, not baselined).
 */

interface Rule {
  readonly name?: string;
  readonly comment?: string;
}
interface KnownViolation {
  readonly from: string;
  readonly rule: { readonly name: string };
}

const root = new URL('../../', import.meta.url);
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: Rule[] };
/** The baseline, which goes once it is empty (with `--ignore-known` in package.json's lint:deps). */
const baseline = new URL('.dependency-cruiser-known-violations.json', root);
const known = existsSync(baseline) ? (JSON.parse(readFileSync(baseline, 'utf8')) as KnownViolation[]) : [];

describe('dependency rules', () => {
  it('gives every rule a name and a comment that says it in words', () => {
    for (const rule of config.forbidden) {
      expect(rule.name, JSON.stringify(rule)).toMatch(/^[a-z]+(-[a-z]+)+$/);
      expect(rule.comment?.length ?? 0, `${rule.name} needs a comment`).toBeGreaterThan(40);
    }
    const names = config.forbidden.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('baselines known violations only in src/features/, whose owners are moving them', () => {
    const elsewhere = known.filter((v) => !v.from.startsWith('src/features/'));
    expect(elsewhere.map((v) => `${v.rule.name}: ${v.from}`)).toEqual([]);
  });

  it('baselines only violations of rules that exist', () => {
    const names = new Set(config.forbidden.map((rule) => rule.name));
    expect(known.filter((v) => !names.has(v.rule.name))).toEqual([]);
  });
});
