import { describe, expect, it } from 'vitest';
import { award, isAward, KARMA_SOURCES, skip, sourceIds } from './sources.ts';

describe('ledger sources', () => {
  it('names the seven ledger sources', () => {
    expect(KARMA_SOURCES).toEqual([
      'message',
      'reaction',
      'voice',
      'quest',
      'achievement',
      'admin',
      'import',
    ]);
  });

  it('gives given and received reactions distinct keys for the same event', () => {
    expect(sourceIds.reactionGiven('1', '2')).not.toBe(sourceIds.reactionReceived('1', '2'));
  });

  it('includes the member in keys that are not globally unique on their own', () => {
    expect(sourceIds.achievement('u1', 'first_message')).not.toBe(
      sourceIds.achievement('u2', 'first_message'),
    );
    expect(sourceIds.quest('u1', 'daily_check_in', '2026-11-23')).toBe('u1:daily_check_in:2026-11-23');
    expect(sourceIds.quest('u1', 'daily_check_in', '2026-11-23')).not.toBe(
      sourceIds.quest('u1', 'daily_check_in', '2026-11-24'),
    );
  });

  it('tells awards from skips', () => {
    expect(isAward(award('message', '1', 5, 'message'))).toBe(true);
    expect(isAward(skip('cooldown'))).toBe(false);
  });
});
