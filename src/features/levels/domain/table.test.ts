import { describe, expect, it } from 'vitest';
import type { LevelCurve } from './curve.ts';
import { levelTable, rowForLevel } from './table.ts';

const MEE6: LevelCurve = { kind: 'mee6' };

describe('levelTable', () => {
  const table = levelTable(MEE6);

  it('has 100 rows for levels 1..100, like seed 004’s user_levels', () => {
    expect(table).toHaveLength(100);
    expect(table.map((row) => row.level)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('requires strictly more karma at every level', () => {
    for (let i = 1; i < table.length; i++) {
      expect(table[i]?.requiredKarma).toBeGreaterThan(
        table[i - 1]?.requiredKarma ?? Number.POSITIVE_INFINITY,
      );
    }
  });

  it('changes the default title every ten levels, ending with Legend at 100', () => {
    expect(rowForLevel(table, 1).title).toBe('Newcomer');
    expect(rowForLevel(table, 9).title).toBe('Newcomer');
    expect(rowForLevel(table, 10).title).toBe('Regular');
    expect(rowForLevel(table, 99).title).toBe('Champion');
    expect(rowForLevel(table, 100)).toMatchObject({ title: 'Legend', titleKey: 'levels.title.legend' });
  });

  it('accumulates privileges so a level holds everything unlocked below it', () => {
    expect(rowForLevel(table, 2).privileges).toEqual([]);
    expect(rowForLevel(table, 3).privileges).toEqual(['attach_files', 'embed_links']);
    expect(rowForLevel(table, 9).privileges).toEqual([
      'attach_files',
      'embed_links',
      'use_external_emojis',
      'use_external_stickers',
    ]);
    expect(rowForLevel(table, 100).privileges).toContain('hall_of_fame');
    expect(rowForLevel(table, 100).privileges).toContain('attach_files');
  });

  it('puts role rewards on their levels only', () => {
    const withRoles = levelTable(MEE6, { roleRewards: [{ level: 5, roleId: '555' }] });
    expect(rowForLevel(withRoles, 5).roleRewardId).toBe('555');
    expect('roleRewardId' in rowForLevel(withRoles, 6)).toBe(false);
  });

  it('uses custom titles in any order, without i18n keys', () => {
    const custom = levelTable(MEE6, {
      maxLevel: 20,
      titles: [
        { fromLevel: 15, title: 'Knight' },
        { fromLevel: 1, title: 'Squire' },
      ],
    });
    expect(rowForLevel(custom, 14)).toMatchObject({ title: 'Squire', titleKey: null });
    expect(rowForLevel(custom, 15).title).toBe('Knight');
  });

  it('honours a custom privilege list and does not repeat a privilege unlocked twice', () => {
    const custom = levelTable(MEE6, {
      maxLevel: 5,
      privilegeUnlocks: [
        { level: 2, privileges: ['links'] },
        { level: 4, privileges: ['links', 'files'] },
      ],
    });
    expect(rowForLevel(custom, 4).privileges).toEqual(['links', 'files']);
  });

  it.each([0, 1001, 2.5])('refuses a maxLevel of %s', (maxLevel) => {
    expect(() => levelTable(MEE6, { maxLevel })).toThrow(RangeError);
  });

  it('refuses titles that leave level 1 without a title', () => {
    expect(() => levelTable(MEE6, { titles: [{ fromLevel: 5, title: 'Late' }] })).toThrow(RangeError);
  });

  it('refuses a curve that is not strictly increasing', () => {
    expect(() => levelTable({ kind: 'polynomial', coefficients: [0, 0.3] })).toThrow(RangeError);
  });
});

describe('rowForLevel', () => {
  const table = levelTable(MEE6);

  it('describes level 0 as the starting point: 0 karma, first title, nothing unlocked', () => {
    expect(rowForLevel(table, 0)).toEqual({
      level: 0,
      requiredKarma: 0,
      title: 'Newcomer',
      titleKey: 'levels.title.newcomer',
      privileges: [],
    });
  });

  it('refuses levels outside the table', () => {
    expect(() => rowForLevel(table, 101)).toThrow(RangeError);
    expect(() => rowForLevel(table, -1)).toThrow(RangeError);
  });
});
