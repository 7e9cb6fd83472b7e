import { describe, expect, it } from 'vitest';
import { canTransition, isTerminal, QUEST_STATUSES } from './state.ts';

describe('quest state machine', () => {
  it.each([
    ['AVAILABLE', 'IN_PROGRESS'],
    ['AVAILABLE', 'COMPLETED'],
    ['AVAILABLE', 'EXPIRED'],
    ['IN_PROGRESS', 'COMPLETED'],
    ['IN_PROGRESS', 'EXPIRED'],
    ['COMPLETED', 'CLAIMED'],
    ['COMPLETED', 'EXPIRED'],
  ] as const)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it('allows nothing else', () => {
    const allowed = 7;
    let count = 0;
    for (const from of QUEST_STATUSES) for (const to of QUEST_STATUSES) if (canTransition(from, to)) count++;
    expect(count).toBe(allowed);
    expect(canTransition('IN_PROGRESS', 'AVAILABLE')).toBe(false);
    expect(canTransition('AVAILABLE', 'CLAIMED')).toBe(false);
    expect(canTransition('CLAIMED', 'EXPIRED')).toBe(false);
  });

  it('treats CLAIMED and EXPIRED as final', () => {
    expect(QUEST_STATUSES.filter(isTerminal)).toEqual(['CLAIMED', 'EXPIRED']);
  });
});
