import type { QuestCriterion } from './catalog.ts';
import { periodFor, type QuestPeriod } from './period.ts';
import type { QuestProgress } from './state.ts';

export const NOW = new Date('2026-11-25T12:00:00Z'); // a Wednesday, ISO week 2026-W48

export function row(
  criterion: QuestCriterion,
  target: number,
  overrides: Partial<QuestProgress> & { period?: QuestPeriod } = {},
): QuestProgress {
  const period = overrides.period ?? 'daily';
  const window = periodFor(period, NOW);
  return {
    userId: 'u1',
    questKey: `${period}_${criterion}_${target}`,
    period,
    periodKey: window.key,
    criterion,
    target,
    reward: 25,
    progress: 0,
    seen: [],
    status: 'AVAILABLE',
    startsAt: window.startsAt,
    expiresAt: window.expiresAt,
    completedAt: null,
    claimedAt: null,
    ...overrides,
  };
}
