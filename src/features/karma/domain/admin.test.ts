import { describe, expect, it } from 'vitest';
import { adminAdjustment, importAward } from './admin.ts';
import { parseKarmaRules } from './rules.ts';

const rules = parseKarmaRules({ admin: { maxDelta: 1000, maxReasonLength: 20 } });
const base = { adjustmentId: 'adj-1', delta: 50, reason: 'event winner', currentTotal: 100 };

describe('adminAdjustment', () => {
  it('records the trimmed reason under the admin source, keyed by the action id', () => {
    expect(adminAdjustment(rules, { ...base, reason: '  event winner ' })).toEqual({
      ok: true,
      award: { kind: 'award', source: 'admin', sourceId: 'adj-1', delta: 50, reason: 'event winner' },
    });
  });

  it('allows removing karma down to exactly zero', () => {
    const result = adminAdjustment(rules, { ...base, delta: -100 });
    expect(result.ok && result.award.delta).toBe(-100);
  });

  it.each([
    ['empty_reason', { reason: '   ' }],
    ['reason_too_long', { reason: 'x'.repeat(21) }],
    ['not_integer', { delta: 1.5 }],
    ['not_integer', { delta: Number.NaN }],
    ['zero_delta', { delta: 0 }],
    ['exceeds_limit', { delta: 1001 }],
    ['exceeds_limit', { delta: -1001, currentTotal: 5000 }],
    ['below_zero', { delta: -101 }],
  ])('refuses with %s', (error, overrides) => {
    expect(adminAdjustment(rules, { ...base, ...overrides })).toEqual({ ok: false, error });
  });

  it('accepts the bound itself', () => {
    expect(adminAdjustment(rules, { ...base, delta: 1000 }).ok).toBe(true);
  });
});

describe('importAward', () => {
  it('credits a migrated balance once per batch and member', () => {
    expect(importAward({ batchId: 'mee6-2026', userId: '42', karma: 1234, origin: 'mee6' })).toEqual({
      kind: 'award',
      source: 'import',
      sourceId: 'mee6-2026:42',
      delta: 1234,
      reason: 'import:mee6',
    });
  });

  it('credits nothing for an empty or invalid balance', () => {
    expect(importAward({ batchId: 'b', userId: '1', karma: 0, origin: 'mee6' })).toBeNull();
    expect(importAward({ batchId: 'b', userId: '1', karma: -5, origin: 'mee6' })).toBeNull();
    expect(importAward({ batchId: 'b', userId: '1', karma: 2.5, origin: 'mee6' })).toBeNull();
  });
});
