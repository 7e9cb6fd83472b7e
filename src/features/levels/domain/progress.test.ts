import { describe, expect, it } from 'vitest';
import { seededRng } from '../../karma/domain/rng.ts';
import type { LevelCurve } from './curve.ts';
import { levelChange, levelForKarma, levelProgress, milestoneReasons, nextMilestone } from './progress.ts';
import { levelTable, rowForLevel } from './table.ts';

const CURVES: readonly LevelCurve[] = [
  { kind: 'mee6' },
  { kind: 'linear', step: 1000 },
  { kind: 'lurkr' },
  { kind: 'polynomial', coefficients: [5, 1, 0.5, 0.01] },
];
const mee6 = levelTable({ kind: 'mee6' });

describe('levelForKarma', () => {
  it('starts every member at level 0', () => {
    expect(levelForKarma(mee6, 0)).toBe(0);
    expect(levelForKarma(mee6, 99)).toBe(0);
  });

  it('reaches a level exactly at its required karma', () => {
    expect(levelForKarma(mee6, 100)).toBe(1);
    expect(levelForKarma(mee6, 254)).toBe(1);
    expect(levelForKarma(mee6, 255)).toBe(2);
  });

  it('stops at the maximum level however much karma there is', () => {
    expect(levelForKarma(mee6, 1_899_250)).toBe(100);
    expect(levelForKarma(mee6, Number.MAX_SAFE_INTEGER)).toBe(100);
  });

  it('treats negative karma as level 0', () => {
    expect(levelForKarma(mee6, -50)).toBe(0);
  });

  it('returns 0 for an empty table', () => {
    expect(levelForKarma([], 1000)).toBe(0);
  });

  for (const curve of CURVES) {
    describe(`on the ${curve.kind} curve`, () => {
      const table = levelTable(curve);

      it('round-trips: levelForKarma(requiredKarma(L)) === L, and one karma less is L - 1', () => {
        for (const row of table) {
          expect(levelForKarma(table, row.requiredKarma)).toBe(row.level);
          expect(levelForKarma(table, row.requiredKarma - 1)).toBe(row.level - 1);
        }
      });

      it('never goes down when karma goes up (random totals)', () => {
        const rng = seededRng(11);
        const top = (table.at(-1)?.requiredKarma ?? 0) * 1.1;
        const totals = Array.from({ length: 2000 }, () => Math.floor(rng() * top)).sort((a, b) => a - b);
        let previous = 0;
        for (const karma of totals) {
          const level = levelForKarma(table, karma);
          expect(level).toBeGreaterThanOrEqual(previous);
          expect(rowForLevel(table, level).requiredKarma).toBeLessThanOrEqual(karma);
          previous = level;
        }
      });

      it('agrees with a linear scan', () => {
        const rng = seededRng(5);
        const top = table.at(-1)?.requiredKarma ?? 0;
        for (let i = 0; i < 500; i++) {
          const karma = Math.floor(rng() * top * 1.05);
          const expected = table.filter((row) => row.requiredKarma <= karma).length;
          expect(levelForKarma(table, karma)).toBe(expected);
        }
      });
    });
  }
});

describe('levelProgress', () => {
  it('shows the way from level 0 to level 1', () => {
    expect(levelProgress(mee6, 25)).toEqual({
      level: 0,
      karma: 25,
      currentRequired: 0,
      nextLevel: 1,
      nextRequired: 100,
      intoLevel: 25,
      remaining: 75,
      fraction: 0.25,
    });
  });

  it('starts each level at fraction 0', () => {
    expect(levelProgress(mee6, 255)).toMatchObject({ level: 2, intoLevel: 0, fraction: 0, remaining: 220 });
  });

  it('is complete at the maximum level', () => {
    expect(levelProgress(mee6, 2_000_000)).toMatchObject({
      level: 100,
      nextLevel: null,
      nextRequired: null,
      remaining: 0,
      fraction: 1,
      intoLevel: 100_750,
    });
  });

  it('keeps fraction in [0, 1) and remaining positive below the maximum level', () => {
    const rng = seededRng(9);
    for (let i = 0; i < 1000; i++) {
      const progress = levelProgress(mee6, Math.floor(rng() * 1_899_249));
      expect(progress.fraction).toBeGreaterThanOrEqual(0);
      expect(progress.fraction).toBeLessThan(1);
      expect(progress.remaining).toBeGreaterThan(0);
      expect(progress.currentRequired + progress.intoLevel).toBe(progress.karma);
      expect(progress.karma + progress.remaining).toBe(progress.nextRequired);
    }
  });

  it('does not report negative progress for a negative total', () => {
    expect(levelProgress(mee6, -10)).toMatchObject({ level: 0, intoLevel: 0, remaining: 100, fraction: 0 });
  });
});

describe('nextMilestone', () => {
  it('points a new member at the first privileges (level 3)', () => {
    expect(nextMilestone(mee6, 0)).toEqual({
      level: 3,
      requiredKarma: 475,
      remaining: 475,
      reasons: ['privilege'],
      title: 'Newcomer',
      newPrivileges: ['attach_files', 'embed_links'],
    });
  });

  it('combines reasons when a level brings a title and a privilege', () => {
    const at10 = nextMilestone(mee6, rowForLevel(mee6, 5).requiredKarma);
    expect(at10).toMatchObject({ level: 10, reasons: ['title', 'privilege'], title: 'Regular' });
  });

  it('counts a role reward as a milestone even on an otherwise plain level', () => {
    const table = levelTable({ kind: 'mee6' }, { roleRewards: [{ level: 7, roleId: '77' }] });
    expect(nextMilestone(table, rowForLevel(table, 5).requiredKarma)).toMatchObject({
      level: 7,
      reasons: ['role'],
      roleRewardId: '77',
      newPrivileges: [],
    });
  });

  it('looks past the current level when the member already stands on a milestone', () => {
    expect(nextMilestone(mee6, rowForLevel(mee6, 10).requiredKarma)?.level).toBe(15);
  });

  it('is null once no milestone is left', () => {
    expect(nextMilestone(mee6, rowForLevel(mee6, 100).requiredKarma)).toBeNull();
    const plain = levelTable(
      { kind: 'mee6' },
      { maxLevel: 5, titles: [{ fromLevel: 1, title: 'Member' }], privilegeUnlocks: [] },
    );
    expect(nextMilestone(plain, 0)).toBeNull();
  });
});

describe('milestoneReasons', () => {
  it('is empty for an ordinary level', () => {
    expect(milestoneReasons(rowForLevel(mee6, 11), rowForLevel(mee6, 12))).toEqual([]);
  });
});

describe('levelChange', () => {
  it('detects a single level-up', () => {
    const change = levelChange(mee6, 90, 110);
    expect(change).toMatchObject({ from: 0, to: 1, direction: 'up', titleChanged: false });
    expect(change.reached.map((row) => row.level)).toEqual([1]);
    expect(change.lost).toEqual([]);
  });

  it('lists every level crossed by one large award, in order', () => {
    const change = levelChange(mee6, 0, rowForLevel(mee6, 12).requiredKarma + 5);
    expect(change.reached.map((row) => row.level)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(change.titleChanged).toBe(true);
  });

  it('reports nothing when the total stays within a level', () => {
    expect(levelChange(mee6, 100, 200)).toMatchObject({ direction: 'none', reached: [], lost: [] });
  });

  it('reports levels lost after an admin removes karma, highest first', () => {
    const change = levelChange(mee6, rowForLevel(mee6, 4).requiredKarma, 120);
    expect(change.direction).toBe('down');
    expect(change.lost.map((row) => row.level)).toEqual([4, 3, 2]);
    expect(change.reached).toEqual([]);
  });
});
