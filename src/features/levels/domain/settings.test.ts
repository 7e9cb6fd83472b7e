import { describe, expect, it } from 'vitest';
import { levelSettingsSchema, parseLevelSettings } from './settings.ts';
import { levelTable } from './table.ts';

describe('level settings schema', () => {
  it('defaults to the MEE6 curve, 100 levels, default titles and stacked role rewards', () => {
    const settings = parseLevelSettings({});
    expect(settings.curve).toEqual({ kind: 'mee6' });
    expect(settings.maxLevel).toBe(100);
    expect(settings.roleRewardMode).toBe('stack');
    expect(settings.roleRewards).toEqual([]);
    expect(settings.titles[0]).toMatchObject({ fromLevel: 1, title: 'Newcomer' });
  });

  it('builds a table straight from parsed settings', () => {
    const settings = parseLevelSettings({ roleRewards: [{ level: 10, roleId: '1010' }] });
    const table = levelTable(settings.curve, settings);
    expect(table).toHaveLength(100);
    expect(table[9]?.roleRewardId).toBe('1010');
  });

  it.each([
    [
      'two role rewards on one level',
      {
        roleRewards: [
          { level: 5, roleId: '1' },
          { level: 5, roleId: '2' },
        ],
      },
    ],
    ['a role reward above the max level', { maxLevel: 50, roleRewards: [{ level: 60, roleId: '1' }] }],
    ['titles that do not start at level 1', { titles: [{ fromLevel: 2, title: 'x' }] }],
    [
      'two titles on one level',
      {
        titles: [
          { fromLevel: 1, title: 'a' },
          { fromLevel: 1, title: 'b' },
        ],
      },
    ],
    ['an unknown role reward mode', { roleRewardMode: 'swap' }],
    ['a non-snowflake role id', { roleRewards: [{ level: 5, roleId: 'admins' }] }],
    [
      'a curve that overflows at a high max level',
      { maxLevel: 1000, curve: { kind: 'polynomial', coefficients: [0, 0, 0, 0, 1e4] } },
    ],
  ])('rejects %s', (_label, input) => {
    expect(levelSettingsSchema.safeParse(input).success).toBe(false);
  });

  it('does not share default arrays between parses', () => {
    const a = parseLevelSettings({});
    const b = parseLevelSettings({});
    expect(a.titles).not.toBe(b.titles);
    expect(a.privilegeUnlocks[0]?.privileges).not.toBe(b.privilegeUnlocks[0]?.privileges);
  });
});
